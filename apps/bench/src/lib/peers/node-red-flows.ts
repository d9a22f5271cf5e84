/**
 * The Node-RED peers of the benchmark (issue 19 item 5), as data: the flows file and the settings file the bench
 * writes into each peer's own user directory. Pure: no I/O.
 *
 * Two flows, the anchors a user would build instead of LàngXanh:
 * - `batched`: `mqtt in` (QoS 1) → `json` → `function` (one point per reading, gathered into batches) →
 *   `influxdb batch` (node-red-contrib-influxdb, InfluxDB 1.x config);
 * - `per-message`: the same with the per-message `influxdb out` node (one write request per reading).
 *
 * Node options used (node-red-contrib-influxdb 0.7.0 README and `influxdb.js`; Node-RED 5.0.7
 * `@node-red/nodes/core/network/10-mqtt.js`, `core/parsers/70-JSON.js`, `core/function/10-function.js`):
 * - `mqtt-broker` config: `broker`, `port`, `clientid`, `cleansession` (false keeps a persistent session, which the
 *   node allows only with a fixed client id), `protocolVersion` 4 (MQTT 3.1.1, as the ingester), `keepalive` s;
 * - `mqtt in`: `topic`, `qos` "1", `datatype` "utf8" (the string goes to the `json` node, which parses it);
 * - `influxdb` config: `hostname`, `port`, `database`, `influxdbVersion` "1.x", `usetls` false;
 * - `influxdb batch`: `msg.payload` = an array of `{measurement, tags, fields, timestamp}`, `precision` "ms";
 * - `influxdb out`: `msg.measurement`, `msg.payload` = `[fields, tags]` with the timestamp in `fields.time`,
 *   `precision` "ms". With a 1.x config both write every JavaScript number as a float, as the floor does.
 */

/** The two peer flows. */
export type NodeRedVariant = 'batched' | 'per-message';

/**
 * Points per `influxdb batch` write and the longest wait of a point in the function node's batch, ms: the floor's
 * and the ingester's own write batching (floor-pipe.ts `DEFAULTS.batchSize` / `flushIntervalMs`, 5 000 lines or
 * 1 000 ms), so the batched peer is compared with the same batching.
 */
export const NODE_RED_BATCH = { points: 5_000, flushIntervalMs: 1_000 } as const;

/**
 * What the `function` node does with one message of the `json` node (`msg.topic`, `msg.payload` an object): the
 * point of the floor pipe's `floorLine` (apps/bench/src/floor/floor-pipe.ts) — measurement = topic level 4 (station
 * kind), tags `cluster` (level 3) and `station` (level 5), one float field per finite numeric entry of `values`,
 * timestamp = `ts` in epoch ms (a number, truncated; a string read by `Date.parse`). No point (null) for a topic
 * without 6 levels or with an empty level, a payload that is not an object, no readable `ts`, or no numeric value.
 * Plain JavaScript run by Node-RED's function node; it leaves `point` (or null) in scope.
 */
export const POINT_CODE = `
const levels = typeof msg.topic === 'string' ? msg.topic.split('/') : [];
const body = msg.payload;
let point = null;
if (levels.length === 6 && levels[2] && levels[3] && levels[4] && body !== null && typeof body === 'object' &&
    body.values !== null && typeof body.values === 'object') {
  const time = typeof body.ts === 'number' ? Math.trunc(body.ts) : typeof body.ts === 'string' ? Date.parse(body.ts) : NaN;
  const fields = {};
  let count = 0;
  for (const key of Object.keys(body.values)) {
    const value = body.values[key];
    if (key !== '' && !/[\\r\\n]/.test(key) && typeof value === 'number' && Number.isFinite(value)) {
      fields[key] = value;
      count++;
    }
  }
  if (Number.isFinite(time) && count > 0) {
    point = { measurement: levels[3], tags: { cluster: levels[2], station: levels[4] }, fields, timestamp: time };
  }
}
`;

/**
 * "On Start" code of the batched function node: the batch and its timer live in the node's context (the memory
 * store keeps the object itself, no copy), `flush` sends the batch on as one message to `influxdb batch`.
 */
export const BATCH_START_CODE = `
const state = { points: [], timer: null };
state.flush = () => {
  if (state.timer !== null) { clearTimeout(state.timer); state.timer = null; }
  if (state.points.length === 0) return;
  const payload = state.points;
  state.points = [];
  node.send({ payload });
};
context.set('batch', state);
`;

/** Body of the batched function node: the point joins the batch, which goes out when full or after the flush interval. */
export const BATCH_FUNCTION_CODE = `${POINT_CODE}
if (point === null) return null;
const state = context.get('batch');
state.points.push(point);
if (state.points.length >= ${NODE_RED_BATCH.points}) state.flush();
else if (state.timer === null) state.timer = setTimeout(state.flush, ${NODE_RED_BATCH.flushIntervalMs});
return null;
`;

/** "On Stop" code of the batched function node: what is in the batch goes out. */
export const BATCH_STOP_CODE = `const state = context.get('batch'); if (state) state.flush();`;

/** Body of the per-message function node: the point as `influxdb out` takes it (`[fields, tags]`, `fields.time`). */
export const PER_MESSAGE_FUNCTION_CODE = `${POINT_CODE}
if (point === null) return null;
point.fields.time = point.timestamp;
msg.measurement = point.measurement;
msg.payload = [point.fields, point.tags];
return msg;
`;

/** Where a peer connects; ports are the bench's loopback services. */
export interface NodeRedFlowOptions {
  readonly variant: NodeRedVariant;
  /** Broker host and port (the bench's mosquitto, no credentials: it runs without a password file). */
  readonly brokerHost: string;
  readonly brokerPort: number;
  /** Fixed MQTT client id of the persistent session (cleared by the bench after the peer stops). */
  readonly clientId: string;
  /** The bench's MQTT filter of every reading topic (the floor's `FLOOR_SUBSCRIPTION`). */
  readonly topic: string;
  readonly influxHost: string;
  readonly influxPort: number;
  /** InfluxDB 1.x database of this peer (created by the bench before the start). */
  readonly database: string;
}

/** The flows file (`flows.json`) of one peer: a tab, the broker and InfluxDB config nodes, four wired nodes. */
export function nodeRedFlows(options: NodeRedFlowOptions): Record<string, unknown>[] {
  const tab = 'bench-tab';
  const batched = options.variant === 'batched';
  return [
    { id: tab, type: 'tab', label: `bench ${options.variant}`, disabled: false },
    {
      id: 'bench-broker',
      type: 'mqtt-broker',
      name: 'bench broker',
      broker: options.brokerHost,
      port: String(options.brokerPort),
      clientid: options.clientId,
      autoConnect: true,
      usetls: false,
      protocolVersion: 4,
      keepalive: 60,
      cleansession: false,
      autoUnsubscribe: false,
    },
    {
      id: 'bench-influxdb',
      type: 'influxdb',
      name: 'bench influxd',
      hostname: options.influxHost,
      port: String(options.influxPort),
      protocol: 'http',
      database: options.database,
      influxdbVersion: '1.x',
      usetls: false,
    },
    {
      id: 'bench-mqtt-in',
      type: 'mqtt in',
      z: tab,
      name: 'readings',
      topic: options.topic,
      qos: '1',
      datatype: 'utf8',
      broker: 'bench-broker',
      nl: false,
      rap: true,
      rh: 0,
      inputs: 0,
      wires: [['bench-json']],
    },
    {
      id: 'bench-json',
      type: 'json',
      z: tab,
      name: '',
      property: 'payload',
      action: 'obj',
      pretty: false,
      wires: [['bench-function']],
    },
    {
      id: 'bench-function',
      type: 'function',
      z: tab,
      name: batched ? 'points in batches' : 'one point',
      func: batched ? BATCH_FUNCTION_CODE : PER_MESSAGE_FUNCTION_CODE,
      outputs: 1,
      timeout: 0,
      noerr: 0,
      initialize: batched ? BATCH_START_CODE : '',
      finalize: batched ? BATCH_STOP_CODE : '',
      libs: [],
      wires: [['bench-write']],
    },
    batched
      ? {
          id: 'bench-write',
          type: 'influxdb batch',
          z: tab,
          influxdb: 'bench-influxdb',
          precision: 'ms',
          retentionPolicy: '',
          name: '',
          wires: [],
        }
      : {
          id: 'bench-write',
          type: 'influxdb out',
          z: tab,
          influxdb: 'bench-influxdb',
          name: '',
          measurement: '',
          precision: 'ms',
          retentionPolicy: '',
          wires: [],
        },
  ];
}

/**
 * `settings.js` of one peer (Node-RED 5 settings file, a CommonJS module). Headless: no editor, no admin API and
 * no HTTP-in routes (`httpAdminRoot` / `httpNodeRoot` false); the HTTP server still listens, on `uiPort` of
 * 127.0.0.1 only. No palette installs, no external modules in function nodes, no update check, diagnostics off;
 * logs at info (start-up and broker lines; nothing per message but a failed write, an error line). `credentialSecret: false`: the flows hold no
 * secret (the bench broker and influxd run without passwords).
 */
export function nodeRedSettings(options: { readonly uiPort: number; readonly flowFile: string }): string {
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: options.uiPort,
    flowFile: options.flowFile,
    credentialSecret: false,
    flowFilePretty: true,
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    functionExternalModules: false,
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
    diagnostics: { enabled: false, ui: false },
    telemetry: { enabled: false },
    runtimeState: { enabled: false, ui: false },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
  return `// Written by the LàngXanh benchmark (apps/bench/src/lib/peers): a headless Node-RED peer.\nmodule.exports = ${JSON.stringify(settings, null, 2)};\n`;
}

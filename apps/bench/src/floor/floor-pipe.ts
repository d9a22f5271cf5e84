/**
 * The benchmark's floor reference (issue 7): the cheapest pipe that still does the ingester's data path end to end,
 * `mqtt.js` subscribe → `JSON.parse` → one line-protocol line → `@influxdata/influxdb-client` `WriteApi` → InfluxDB.
 * Every benchmark figure is also reported as a ratio to this pipe, measured in the same run against the same
 * broker, database and load (stack-notes.md measured such a pipe at ≈ 60 000 readings/s at QoS 0, ≈ 9.5 µs CPU per
 * reading, on this kind of machine).
 *
 * What it deliberately skips (each is work the ingester does and the floor must not, or the ratio means nothing):
 * - no validation: no payload contract, registry, units, time window or value ranges; only what cannot be turned
 *   into a line at all is skipped (and counted): payload that is not JSON, not an object, without a readable `ts`,
 *   without a finite numeric entry in `values`, or a topic without 6 levels / with an empty level;
 * - no durability: mqtt.js acknowledges each QoS 1 message (PUBACK) as soon as it is received, before the line
 *   reaches InfluxDB; a crash loses what is in the batch (no on-disk spool);
 * - no alerting, no socket.io push, no health/metrics endpoints, no logging per message;
 * - no import of the project's libraries (no `@langxanh/*`): the topic filter is repeated here (see
 *   {@link FLOOR_SUBSCRIPTION}), so the floor's memory and start-up carry nothing of the ingester's.
 *
 * Data written (the same schema as the ingester's `libs/storage-influx/src/lib/points.ts`, without status fields):
 * measurement = station kind (topic level 4, e.g. `air`); tags `cluster` (level 3) and `station` (level 5); one
 * FLOAT field per finite numeric entry of `values`; timestamp = `ts` in epoch ms (a number is taken as ms, a string
 * is read by `Date.parse`, i.e. ISO 8601 with an offset or `Z`). Written to the InfluxDB 1.x endpoint
 * `POST /write?db=<database>&precision=ms` by setting the public `WriteApi.path`.
 */
import { Agent } from 'node:http';
import mqtt, { type MqttClient } from 'mqtt';
import { HttpError, InfluxDB, type WriteApi } from '@influxdata/influxdb-client';

/**
 * MQTT filter of every reading topic `langxanh/v1/{cluster}/{kind}/{station}/reading`. The same value as
 * `READING_SUBSCRIPTION` of `libs/contracts/src/lib/topics.ts` (a test checks it), repeated so the floor imports
 * nothing of the project.
 */
export const FLOOR_SUBSCRIPTION = 'langxanh/v1/+/+/+/reading';

/** Options of {@link startFloorPipe}. Durations are milliseconds. */
export interface FloorPipeOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  readonly brokerUrl: string;
  /** InfluxDB 1.x base URL, e.g. `http://127.0.0.1:8086`. */
  readonly influxUrl: string;
  /** InfluxDB 1.x database (`db=` of `/write`). */
  readonly database: string;
  /** Fixed MQTT client id: the session is persistent (`clean: false`), like the ingester's. */
  readonly clientId: string;
  /** QoS of the subscription. Default 1. */
  readonly qos?: 0 | 1;
  /** `CREATE DATABASE` (idempotent) on start. Default true. */
  readonly createDatabase?: boolean;
  /** Lines per write request (`WriteOptions.batchSize`). Default 5 000 (as the ingester). */
  readonly batchSize?: number;
  /** Longest wait of a line in the batch (`WriteOptions.flushInterval`). Default 1 000 (as the ingester). */
  readonly flushIntervalMs?: number;
  /** Retries of a failed write request (network, 429, 5xx). Default 5 (as the ingester). */
  readonly maxRetries?: number;
  /**
   * Lines kept for retry (`WriteOptions.maxBufferLines`); the client drops the oldest when full. Default 1 000 000,
   * so that nothing is dropped in a bounded benchmark run (the client's own default, 32 000, would).
   */
  readonly maxBufferLines?: number;
  /**
   * Write bodies above this many bytes are gzipped (`WriteOptions.gzipThreshold`). Default: no gzip
   * ({@link DEFAULT_GZIP_THRESHOLD}; see there for the measurement behind it).
   */
  readonly gzipThreshold?: number;
  /** Longest wait for the broker's CONNACK + SUBACK in `startFloorPipe`. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Longest time `stop()` spends writing what is pending before it gives up (reported as `dropped`). Default 30 000. */
  readonly stopTimeoutMs?: number;
}

/** Counters of a {@link FloorPipe}. All are counts since start. */
export interface FloorPipeStats {
  /** MQTT messages received on {@link FLOOR_SUBSCRIPTION}. */
  readonly received: number;
  /** Messages that gave no line (see the module docstring); `received − skipped` lines were queued. */
  readonly skipped: number;
  /** Lines (points) in write requests that InfluxDB acknowledged (HTTP 204), counted by `writeSuccess`. */
  readonly written: number;
  /** Write requests that failed (each failure of each attempt, retried or not), counted by `writeFailed`. */
  readonly writeErrors: number;
  /** Lines given up: failed for good (4xx, retries or retry time exhausted), pushed out of a full retry buffer, or still pending when `stop()` timed out. */
  readonly dropped: number;
  /** Lines queued and neither written nor dropped yet (in the batch, in flight, or in the retry buffer). */
  readonly pending: number;
}

/** A running floor pipe. */
export interface FloorPipe {
  /**
   * Disconnects from the broker (the persistent session keeps queuing), writes everything pending (retrying, at
   * most `stopTimeoutMs`), closes the `WriteApi` and the HTTP agent. Idempotent; never rejects.
   * @returns the final counters.
   */
  stop(): Promise<FloorPipeStats>;
  /** The counters now. */
  stats(): FloorPipeStats;
}

/**
 * Default `gzipThreshold`: `Infinity` (never gzip). Source: measured on this 2-core machine (floor report of issue 7,
 * QoS 1, 9 stations, 10 s at 20 000 / 40 000 / 60 000 readings/s offered, one run each, other work on the machine):
 * the floor process spent 17.3 / 14.4 / 13.5 µs CPU per reading without gzip and 18.7 / 17.2 / 16.2 µs with gzip
 * above 1 000 bytes, and its peak RSS grew by 17–72 MB; on loopback the smaller bodies save nothing that matters.
 */
export const DEFAULT_GZIP_THRESHOLD = Number.POSITIVE_INFINITY;

const DEFAULTS = {
  qos: 1,
  batchSize: 5_000,
  flushIntervalMs: 1_000,
  maxRetries: 5,
  maxBufferLines: 1_000_000,
  connectTimeoutMs: 10_000,
  stopTimeoutMs: 30_000,
} as const;

/** InfluxDB 1.x rejects bodies above `max-body-size` (25 MB by default): batches stay well below. */
const MAX_BATCH_BYTES = 8_000_000;

const NEEDS_ESCAPE = /[\s,="\\]/;

/** A tag key/value or field key escaped for line protocol, or `undefined` when it holds a line break or is empty. */
function escapeKey(key: string): string | undefined {
  if (key.length === 0) return undefined;
  if (!NEEDS_ESCAPE.test(key)) return key;
  if (/[\r\n]/.test(key)) return undefined;
  return key.replace(/[ ,=]/g, '\\$&');
}

/**
 * The line-protocol line of one reading message, or `undefined` when none can be built (see the module docstring).
 * Pure: no validation beyond what a line needs.
 * @param topic `langxanh/v1/{cluster}/{kind}/{station}/reading`
 * @param payload the MQTT payload, JSON `{"ts": <epoch ms | ISO 8601>, "values": {<parameter>: <number>, …}}`
 * @returns `kind,cluster=…,station=… p1=v1,p2=v2 <ts ms>`
 */
export function floorLine(topic: string, payload: Buffer | string): string | undefined {
  const levels = topic.split('/');
  if (levels.length !== 6) return undefined;
  const kind = escapeKey(levels[3]);
  const cluster = escapeKey(levels[2]);
  const station = escapeKey(levels[4]);
  if (kind === undefined || cluster === undefined || station === undefined) return undefined;

  let message: unknown;
  try {
    message = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return undefined; // not JSON: counted as skipped by the caller
  }
  if (typeof message !== 'object' || message === null) return undefined;
  const { ts, values } = message as { ts?: unknown; values?: unknown };
  const time = typeof ts === 'number' ? Math.trunc(ts) : typeof ts === 'string' ? Date.parse(ts) : NaN;
  if (!Number.isFinite(time) || typeof values !== 'object' || values === null) return undefined;

  let fields = '';
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const field = escapeKey(key);
    if (field === undefined) continue;
    // A JavaScript number prints as a line-protocol float (`40`, `-3.5`, `1e+21`); never `40i`.
    fields += `${fields ? ',' : ''}${field}=${value}`;
  }
  if (!fields) return undefined;
  return `${kind},cluster=${cluster},station=${station} ${fields} ${time}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Connects to the broker and InfluxDB and starts the floor pipe.
 * Resolves once the subscription is acknowledged (SUBACK), so a caller may publish at once.
 * @throws Error when the broker does not accept the connection and subscription within `connectTimeoutMs`, or the
 *   `CREATE DATABASE` request fails (InfluxDB unreachable or refusing).
 */
export async function startFloorPipe(options: FloorPipeOptions): Promise<FloorPipe> {
  const qos = options.qos ?? DEFAULTS.qos;
  const maxRetries = options.maxRetries ?? DEFAULTS.maxRetries;
  const stopTimeoutMs = options.stopTimeoutMs ?? DEFAULTS.stopTimeoutMs;
  const agent = new Agent({ keepAlive: true });
  const influx = new InfluxDB({ url: options.influxUrl, transportOptions: { agent } });

  let received = 0;
  let skipped = 0;
  let queued = 0;
  let written = 0;
  let writeErrors = 0;
  let dropped = 0;
  let writeApiClosed = false;
  const stats = (): FloorPipeStats => ({
    received,
    skipped,
    written,
    writeErrors,
    dropped,
    pending: queued - written - dropped,
  });

  if (options.createDatabase ?? true) {
    const name = options.database.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    try {
      await influx.transport.request(
        '/query',
        new URLSearchParams({ q: `CREATE DATABASE "${name}"` }).toString(),
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      );
    } catch (error) {
      agent.destroy();
      throw new Error(
        `floor: CREATE DATABASE on ${options.influxUrl} failed: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  const writeApi: WriteApi = influx.getWriteApi('', options.database, 'ms', {
    batchSize: options.batchSize ?? DEFAULTS.batchSize,
    flushInterval: options.flushIntervalMs ?? DEFAULTS.flushIntervalMs,
    maxRetries,
    maxBufferLines: options.maxBufferLines ?? DEFAULTS.maxBufferLines,
    gzipThreshold: options.gzipThreshold ?? DEFAULT_GZIP_THRESHOLD,
    maxBatchBytes: MAX_BATCH_BYTES,
    writeSuccess: (lines: string[]) => {
      written += lines.length;
    },
    writeFailed: (error: Error, lines: string[], attempt: number, expires: number) => {
      writeErrors++;
      // The client's own decision (WriteApiImpl.sendBatch, client 1.35): retried while attempts remain, before the
      // expiry, not closed, and the error is not an HTTP status below 429.
      const fatalStatus = error instanceof HttpError && error.statusCode < 429;
      const willRetry = !writeApiClosed && attempt <= maxRetries && expires > Date.now() && !fatalStatus;
      if (!willRetry) dropped += lines.length;
      return undefined; // keep the client's retry handling
    },
    writeRetrySkipped: (entry: { lines: string[] }) => {
      dropped += entry.lines.length;
    },
  });
  // `WriteApi.path` is public: the InfluxDB 1.x endpoint instead of `/api/v2/write` (404 on 1.6.7).
  writeApi.path = `/write?${new URLSearchParams({ db: options.database, precision: 'ms' }).toString()}`;

  const client: MqttClient = mqtt.connect(options.brokerUrl, {
    clientId: options.clientId,
    clean: false,
    reconnectPeriod: 1_000,
  });
  // Connection errors (refused, reset) are retried by mqtt.js every reconnectPeriod; without a listener they throw.
  client.on('error', (error) => process.stderr.write(`floor: mqtt: ${error.message}\n`));
  client.on('message', (topic, payload) => {
    received++;
    const line = floorLine(topic, payload);
    if (line === undefined) {
      skipped++;
      return;
    }
    queued++;
    writeApi.writeRecord(line);
  });

  const closeAll = async () => {
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
    writeApiClosed = true;
    await writeApi.close().catch(() => undefined);
    agent.destroy();
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`floor: no CONNACK/SUBACK from ${options.brokerUrl} within the time-out`)),
        options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
      );
      // Subscribing on every (re)connect is harmless: the same filter replaces the session's subscription.
      client.on('connect', () => {
        client.subscribe(FLOOR_SUBSCRIPTION, { qos }, (error, granted) => {
          if (error) return reject(error);
          if (granted?.some((g) => g.qos > 2)) return reject(new Error('floor: subscription refused'));
          clearTimeout(timer);
          resolve();
        });
      });
    });
  } catch (error) {
    await closeAll();
    throw error;
  }

  let stopping: Promise<FloorPipeStats> | undefined;
  const stop = (): Promise<FloorPipeStats> => {
    stopping ??= (async () => {
      await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
      const deadline = Date.now() + stopTimeoutMs;
      while (queued - written - dropped > 0 && Date.now() < deadline) {
        // flush(true) sends the batch and the retry buffer now; a failure leaves the lines in the retry buffer.
        await writeApi.flush(true).catch(() => undefined);
        if (queued - written - dropped > 0) await sleep(Math.min(100, deadline - Date.now()));
      }
      const lost = queued - written - dropped;
      writeApiClosed = true;
      await writeApi.close().catch(() => undefined);
      agent.destroy();
      if (lost > 0) dropped += lost;
      return stats();
    })();
    return stopping;
  };

  return { stop, stats };
}

import { floorLine, FLOOR_SUBSCRIPTION } from '../../floor/floor-pipe';
import type { PipeResult, RunResult } from '../benchmark';
import { FULL } from '../benchmark';
import { atLeast, NODE_BINARY_PACKAGE, packagesNeeded } from './node-red';
import {
  BATCH_FUNCTION_CODE,
  BATCH_START_CODE,
  NODE_RED_BATCH,
  nodeRedFlows,
  nodeRedSettings,
  PER_MESSAGE_FUNCTION_CODE,
} from './node-red-flows';
import { peerFigures } from './peer-figures';

interface Point {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  timestamp: number;
}

/** A Node-RED function node's body run as Node-RED runs it: `msg`, `node`, `context` and timers in scope. */
function functionNode(code: string, start = '') {
  const store = new Map<string, unknown>();
  const sent: unknown[] = [];
  const timers: (() => void)[] = [];
  const scope = {
    node: { send: (m: unknown) => sent.push(m) },
    context: { get: (k: string) => store.get(k), set: (k: string, v: unknown) => store.set(k, v) },
    setTimeout: (fn: () => void) => timers.push(fn),
    clearTimeout: () => timers.splice(0),
  };
  const run = (body: string, msg: unknown) =>
    new Function('msg', 'node', 'context', 'setTimeout', 'clearTimeout', body)(
      msg,
      scope.node,
      scope.context,
      scope.setTimeout,
      scope.clearTimeout,
    ) as unknown;
  if (start) run(start, undefined);
  return { call: (msg: unknown) => run(code, msg), sent, timers };
}

/** The line the floor would write for a point, for comparing with `floorLine` (keys need no escaping here). */
const lineOf = (p: Point) =>
  `${p.measurement},cluster=${p.tags.cluster},station=${p.tags.station} ` +
  `${Object.entries(p.fields)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')} ${p.timestamp}`;

const TOPIC = 'langxanh/v1/hanoi/air/st-1/reading';
const cases: [string, string, unknown][] = [
  ['a load reading (ts in ms)', TOPIC, { ts: 1_760_000_000_000, values: { 'PM2.5': 12.3, PM10: 20.1 } }],
  [
    'ISO time, a string and a non-finite value skipped',
    TOPIC,
    { ts: '2026-01-02T03:04:05.678+07:00', values: { CO: 500.5, x: 'a', y: null } },
  ],
  ['fractional ms truncated', TOPIC, { ts: 1_760_000_000_000.9, values: { O3: 1 } }],
  ['no numeric value', TOPIC, { ts: 1, values: { x: 'a' } }],
  ['no ts', TOPIC, { values: { O3: 1 } }],
  ['unreadable ts', TOPIC, { ts: 'yesterday', values: { O3: 1 } }],
  ['five levels', 'langxanh/v1/hanoi/air/reading', { ts: 1, values: { O3: 1 } }],
  ['empty station level', 'langxanh/v1/hanoi/air//reading', { ts: 1, values: { O3: 1 } }],
  ['payload not an object', TOPIC, 42],
];

describe('Node-RED peer function nodes', () => {
  it.each(cases)('per message: the point of the floor line — %s', (_, topic, payload) => {
    const out = functionNode(PER_MESSAGE_FUNCTION_CODE).call({ topic, payload }) as {
      measurement: string;
      payload: [Record<string, number>, Record<string, string>];
    } | null;
    const expected = floorLine(topic, JSON.stringify(payload));
    if (expected === undefined) return expect(out).toBeNull();
    expect(out).not.toBeNull();
    const [fields, tags] = out!.payload;
    const { time, ...values } = fields;
    expect(lineOf({ measurement: out!.measurement, tags, fields: values, timestamp: time })).toBe(expected);
  });

  it.each(cases)('batched: the same point, in a batch — %s', (_, topic, payload) => {
    const node = functionNode(BATCH_FUNCTION_CODE, BATCH_START_CODE);
    expect(node.call({ topic, payload })).toBeNull();
    const expected = floorLine(topic, JSON.stringify(payload));
    expect(node.timers).toHaveLength(expected === undefined ? 0 : 1);
    node.timers[0]?.();
    const batches = node.sent as { payload: Point[] }[];
    expect(batches.map((b) => b.payload.map(lineOf))).toEqual(expected === undefined ? [] : [[expected]]);
  });

  it('batched: a full batch goes out at once, the rest after the flush interval, every point once', () => {
    const node = functionNode(BATCH_FUNCTION_CODE, BATCH_START_CODE);
    const total = NODE_RED_BATCH.points * 2 + 7;
    for (let i = 0; i < total; i++) node.call({ topic: TOPIC, payload: { ts: i, values: { O3: i + 0.5 } } });
    expect((node.sent as { payload: Point[] }[]).map((b) => b.payload.length)).toEqual([
      NODE_RED_BATCH.points,
      NODE_RED_BATCH.points,
    ]);
    expect(node.timers).toHaveLength(1);
    node.timers[0]();
    const times = (node.sent as { payload: Point[] }[]).flatMap((b) => b.payload.map((p) => p.timestamp));
    expect(times).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});

describe('nodeRedFlows', () => {
  const options = {
    brokerHost: '127.0.0.1',
    brokerPort: 1884,
    clientId: 'bench-x',
    topic: FLOOR_SUBSCRIPTION,
    influxHost: '127.0.0.1',
    influxPort: 8087,
    database: 'bench_x',
  };
  const byType = (flows: Record<string, unknown>[], type: string) => flows.find((n) => n.type === type) ?? {};
  const follow = (flows: Record<string, unknown>[], from: string): string[] => {
    const node = flows.find((n) => n.id === from) as { type: string; wires?: string[][] };
    const next = node.wires?.[0]?.[0];
    return [node.type, ...(next ? follow(flows, next) : [])];
  };

  it.each([
    ['batched', 'influxdb batch'],
    ['per-message', 'influxdb out'],
  ] as const)(
    '%s: mqtt in (QoS 1, persistent session) → json → function → %s, ms precision',
    (variant, writer) => {
      const flows = nodeRedFlows({ variant, ...options });
      expect(follow(flows, 'bench-mqtt-in')).toEqual(['mqtt in', 'json', 'function', writer]);
      expect(byType(flows, 'mqtt in')).toMatchObject({
        topic: FLOOR_SUBSCRIPTION,
        qos: '1',
        datatype: 'utf8',
      });
      expect(byType(flows, 'mqtt-broker')).toMatchObject({
        broker: '127.0.0.1',
        port: '1884',
        clientid: 'bench-x',
        cleansession: false,
      });
      expect(byType(flows, 'influxdb')).toMatchObject({
        port: '8087',
        database: 'bench_x',
        influxdbVersion: '1.x',
      });
      expect(byType(flows, writer)).toMatchObject({ influxdb: 'bench-influxdb', precision: 'ms' });
    },
  );

  it('settings: headless, loopback only, its port and flows file', () => {
    const text = nodeRedSettings({ uiPort: 4321, flowFile: 'flows.json' });
    const settings = new Function('module', `${text}; return module.exports;`)({}) as Record<string, unknown>;
    expect(settings).toMatchObject({
      uiHost: '127.0.0.1',
      uiPort: 4321,
      flowFile: 'flows.json',
      httpAdminRoot: false,
      httpNodeRoot: false,
      disableEditor: true,
    });
  });
});

describe('Node-RED install', () => {
  it('needs the registry Node.js build only below Node.js 22.9 (Node-RED 5 engines)', () => {
    expect(atLeast('v22.9.0', [22, 9])).toBe(true);
    expect(atLeast('v23.0.1', [22, 9])).toBe(true);
    expect(atLeast('v22.8.9', [22, 9])).toBe(false);
    expect(atLeast('v20.20.2', [22, 9])).toBe(false);
    expect(packagesNeeded('v24.1.0', 'linux-x64')).not.toHaveProperty(NODE_BINARY_PACKAGE.name);
    expect(packagesNeeded('v20.20.2', 'linux-x64')).toHaveProperty(
      NODE_BINARY_PACKAGE.name,
      NODE_BINARY_PACKAGE.version,
    );
    expect(() => packagesNeeded('v20.20.2', 'darwin-arm64')).toThrow(/needs Node.js ≥ 22.9/);
  });
});

describe('peerFigures', () => {
  const pipe = (sustainedRate: number, cpuUsPerReading: number | null): PipeResult => ({
    stations: 100,
    ladder: { steps: [], sustainedRate, firstFailedRate: null, resolved: false },
    sustainedRate,
    cpuUsPerReading,
    brokerUsPerReading: null,
    influxdUsPerReading: null,
    generatorUsPerReading: null,
    peakRssMb: 100,
  });
  const run = (ingester: number, floor: number, peers: RunResult['peers']): RunResult =>
    ({ ingester: pipe(ingester, 30), floor: pipe(floor, 15), peers }) as unknown as RunResult;

  it('each peer and the ingester ÷ peer per run; the target on Node-RED batched', () => {
    const rows = peerFigures(
      [
        run(30_000, 40_000, {
          nodeRedBatched: { ...pipe(20_000, 40), ran: true },
          nodeRedPerMessage: { ...pipe(5_000, null), ran: true },
        }),
        run(35_000, 40_000, {
          nodeRedBatched: { ...pipe(40_000, 20), ran: true },
          nodeRedPerMessage: { ...pipe(0, null), ran: true },
        }),
      ],
      FULL,
    );
    const row = (key: string) => rows.find((r) => r.key === key);
    expect(row('peers.nodeRedBatched.sustainedRate')).toMatchObject({
      value: { median: 30_000 },
      ratioToFloor: 0.75,
    });
    // Per run: 30 000 / 20 000 = 1.5 and 35 000 / 40 000 = 0.88 (rounded), median 1.19.
    expect(row('peers.nodeRedBatched.ingesterSustainedRatio')).toMatchObject({
      value: { values: [1.5, 0.88], median: 1.19 },
      target: '≥ 1',
      met: true,
    });
    expect(row('peers.nodeRedBatched.ingesterCpuRatio')?.value?.values).toEqual([0.75, 1.5]);
    // A peer that sustained 0: no ratio to divide by in that run.
    expect(row('peers.nodeRedPerMessage.ingesterSustainedRatio')?.value?.values).toEqual([6]);
    expect(row('peers.nodeRedPerMessage.cpuUsPerReading')?.value).toBeUndefined();
    expect(row('peers.nodeRedPerMessage.ingesterSustainedRatio')).not.toHaveProperty('met');
    expect(row('peers.nodeRedPerMessage.ingesterSustainedRatio')?.label).toContain(
      'passed no rung in 1 of 2 runs',
    );
    expect(row('peers.nodeRedBatched.ingesterSustainedRatio')?.label).not.toContain('passed no rung');
  });

  it('the target: ingester ≥ Node-RED batched on the median run; a batched peer at 0 counts as behind the ingester', () => {
    const verdict = (pairs: [number, number][]) =>
      peerFigures(
        pairs.map(([ingester, batched]) =>
          run(ingester, 40_000, {
            nodeRedBatched: { ...pipe(batched, 40), ran: true },
            nodeRedPerMessage: { ran: false, reason: 'x' },
          }),
        ),
        FULL,
      ).find((r) => r.key === 'peers.nodeRedBatched.ingesterSustainedRatio');
    expect(
      verdict([
        [30_000, 20_000],
        [20_000, 30_000],
        [20_000, 30_000],
      ])?.met,
    ).toBe(false);
    expect(
      verdict([
        [30_000, 30_000],
        [20_000, 30_000],
        [30_000, 20_000],
      ])?.met,
    ).toBe(true);
    // No rung passed by the peer: no ratio to show, but the ingester is ahead.
    expect(verdict([[5_000, 0]])).toMatchObject({ value: undefined, met: true });
    expect(verdict([[0, 0]])?.met).toBe(true);
    expect(verdict([[0, 5_000]])).toMatchObject({ value: { median: 0 }, met: false });
  });

  it('a peer that did not run: no figure, the reason in the label, no verdict', () => {
    const reason = 'Node-RED not installed: npm install … failed: ENOTFOUND';
    const rows = peerFigures(
      [
        run(30_000, 40_000, {
          nodeRedBatched: { ran: false, reason },
          nodeRedPerMessage: { ran: false, reason },
        }),
      ],
      FULL,
    );
    expect(rows).toHaveLength(8);
    for (const row of rows) {
      expect(row.value).toBeUndefined();
      expect(row.label).toContain(`not run (${reason})`);
      expect(row).not.toHaveProperty('met');
    }
  });
});

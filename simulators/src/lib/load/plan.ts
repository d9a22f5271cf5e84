import { readingTopic, type LoadSummary, type RegisteredStation, type Registry } from '@langxanh/contracts';
import { selectStations, SelectionError } from '../registry';

/**
 * The pure parts of `load`: which stations, what reading number n is (station, ts, topic, payload), and when it is
 * due. No I/O, no clock: times are parameters.
 */

/** One station the load publishes on: its id and its `…/reading` topic (built once, reused for every message). */
export interface LoadStation {
  readonly id: string;
  readonly cluster: string;
  readonly topic: string;
}

/**
 * The first `count` air stations of the registry, in registry order (default: all of them).
 * @throws SelectionError when the registry has fewer air stations than asked, or none.
 */
export function loadStations(registry: Registry, count?: number): LoadStation[] {
  const air: RegisteredStation[] = selectStations(registry, { kinds: ['air'] });
  if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
    throw new SelectionError(`--stations must be an integer ≥ 1, got ${count}`);
  }
  if (count !== undefined && count > air.length) {
    throw new SelectionError(`--stations ${count}: the registry has only ${air.length} air station(s)`);
  }
  return air.slice(0, count ?? air.length).map((r) => ({
    id: r.station.id,
    cluster: r.cluster.id,
    topic: readingTopic(r.cluster.id, 'air', r.station.id),
  }));
}

/** Where and when reading number `n` is: station index `n mod S`, `ts = t0 + floor(n / S) × interval` (epoch ms). */
export interface LoadSlot {
  /** Index into the station list. */
  readonly station: number;
  /** Reading time, epoch ms (UTC). */
  readonly ts: number;
}

/**
 * Reading number `n` (an integer ≥ 0) over `stationCount` stations from `t0` (epoch ms). Each station's readings are
 * `intervalMs` apart (default 1 ms; 60 000 is a datalogger's one reading a minute), so (station, ts) is unique per
 * number: each number is exactly one InfluxDB point.
 */
export function loadSlot(n: number, stationCount: number, t0: number, intervalMs = 1): LoadSlot {
  return { station: n % stationCount, ts: t0 + Math.floor(n / stationCount) * intervalMs };
}

/** The MQTT connection (0 … connections − 1) that carries reading number `n`: round-robin by number. */
export function connectionOf(n: number, connections: number): number {
  return n % connections;
}

/**
 * Bounds of the values {@link loadPayload} writes, per parameter, in the catalogue units (µg/m³, CO too; Temp °C).
 * All stay under every limit that could raise an alert or colour the AQI:
 * - QCVN 05:2023/BTNMT Bảng 1: SO2 350 (1 h), 125 (24 h); NO2 200 (1 h), 100 (24 h); CO 30 000 (1 h), 10 000 (8 h);
 *   O3 200 (1 h), 120 (8 h); TSP 300 (1 h), 200 (24 h); PM10 100 (24 h); PM2.5 45 (24 h, from 2026)
 *   (libs/standards qcvn05-2023.ts, shared docs/domain.md §2.1);
 * - VN_AQI "good" (QĐ 1459/QĐ-TCMT Bảng 2, libs/aqi breakpoints.ts): PM2.5 ≤ 25, PM10 ≤ 50.
 * PM2.5 ≤ PM10 ≤ TSP holds for every n.
 */
export const LOAD_VALUE_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  'PM2.5': [5.1, 24.9],
  PM10: [15.1, 34.9],
  TSP: [40.1, 78.9],
  SO2: [5.1, 24.9],
  NO2: [5.1, 24.9],
  CO: [500.1, 1499.9],
  O3: [10.1, 49.9],
  Temp: [20.1, 34.9],
};

/**
 * The JSON payload of reading number `n` at `ts` (epoch ms): the 8 air parameters of {@link LOAD_VALUE_BOUNDS},
 * varying with n deterministically (same n → same text). Every value has a decimal digit 1–9, never a whole number,
 * so the ingester applies no `integer_value` normalisation (contracts input-rules.ts) and counts none per message.
 * Built with a template string: it is the per-message hot path of the load generator (measured ≈ 2× cheaper than
 * JSON.stringify of an object, simulators/README.md § load).
 * Example (n = 0, ts = 1767225600000):
 * `{"ts":1767225600000,"values":{"PM2.5":5.1,"PM10":15.1,"TSP":40.1,"SO2":5.1,"NO2":5.1,"CO":500.1,"O3":10.1,"Temp":20.1}}`.
 */
export function loadPayload(n: number, ts: number): string {
  const a = n % 20;
  const d = 1 + (n % 9);
  return (
    `{"ts":${ts},"values":{"PM2.5":${5 + a}.${d},"PM10":${15 + a}.${1 + ((n * 2) % 9)},` +
    `"TSP":${40 + 2 * a}.${1 + ((n * 4) % 9)},"SO2":${5 + ((n * 3) % 20)}.${1 + ((n * 5) % 9)},` +
    `"NO2":${5 + ((n * 7) % 20)}.${1 + ((n * 7) % 9)},"CO":${500 + ((n * 13) % 1000)}.${10 - d},` +
    `"O3":${10 + ((n * 11) % 40)}.${1 + ((n * 8) % 9)},"Temp":${20 + (n % 15)}.${d}}}`
  );
}

/** Pacing tick: every 5 ms the publisher sends every number due by the elapsed time. */
export const TICK_MS = 5;

/** Readings of a run: `round(rate × duration)` (rate in readings/s, duration in s). */
export function plannedCount(rate: number, durationS: number): number {
  if (!(rate > 0) || !(durationS > 0)) throw new RangeError('rate and duration must be > 0');
  return Math.round(rate * durationS);
}

/** When the i-th reading of the run (i = n − first) is due, ms after the start: `i / rate` s. */
export function dueAtMs(i: number, rate: number): number {
  return (i * 1000) / rate;
}

/**
 * How many readings of the run are due `elapsedMs` after the start: those with `i / rate ≤ elapsed`, at most
 * `count` (reading 0 is due at once).
 */
export function dueCount(elapsedMs: number, rate: number, count: number): number {
  if (elapsedMs < 0) return 0;
  return Math.min(count, Math.floor((elapsedMs * rate) / 1000) + 1);
}

/**
 * When the publisher wakes next, ms after the start: the next tick boundary after `elapsedMs`, or later if the
 * next reading (index `next`) is not due by then (low rates do not spin every 5 ms).
 */
export function nextWakeMs(elapsedMs: number, next: number, rate: number): number {
  const tick = (Math.floor(elapsedMs / TICK_MS) + 1) * TICK_MS;
  return Math.max(tick, dueAtMs(next, rate));
}

/**
 * Default `t0` (epoch ms, rounded down to the second): `now` − 6 h, or earlier when readings `intervalMs` apart would
 * otherwise run into the future — then the last of `lastNumber + 1` readings over `stationCount` stations is 1
 * interval before `now`.
 */
export function defaultT0(now: number, lastNumber = 0, stationCount = 1, intervalMs = 1): number {
  const span = (Math.floor(lastNumber / stationCount) + 1) * intervalMs;
  return Math.floor((now - Math.max(6 * 3_600_000, span)) / 1000) * 1000;
}

/** `achievedRate` of the summary: readings/s over the publishing span (at least 1 ms), 1 decimal. */
export function achievedRate(sent: number, startedAt: number, publishEndedAt: number): number {
  return Math.round((sent / (Math.max(1, publishEndedAt - startedAt) / 1000)) * 10) / 10;
}

/** What a run of `load` is asked to do (the fixed part of its summary). */
export interface LoadRunShape {
  readonly first: number;
  readonly count: number;
  readonly stations: number;
  readonly t0: number;
  readonly intervalMs: number;
  readonly rate: number;
  readonly durationS: number;
  readonly connections: number;
  readonly qos: 0 | 1;
}

/** How far a run of `load` got: counts and times (epoch ms, null until they happen). */
export interface LoadProgress {
  readonly sent: number;
  readonly acked: number;
  readonly startedAt: number | null;
  readonly publishEndedAt: number | null;
  readonly ackedAllAt: number | null;
}

/** The summary of a run (both engines): what was asked, what was done, `lastTs` and `achievedRate` derived. */
export function loadSummary(run: LoadRunShape, progress: LoadProgress): LoadSummary {
  const { sent, startedAt, publishEndedAt } = progress;
  return {
    first: run.first,
    count: run.count,
    sent,
    acked: progress.acked,
    stations: run.stations,
    t0: run.t0,
    lastTs: sent > 0 ? loadSlot(run.first + sent - 1, run.stations, run.t0, run.intervalMs).ts : null,
    rate: run.rate,
    durationS: run.durationS,
    startedAt,
    publishEndedAt,
    ackedAllAt: progress.ackedAllAt,
    achievedRate:
      startedAt !== null && publishEndedAt !== null ? achievedRate(sent, startedAt, publishEndedAt) : null,
    connections: run.connections,
    qos: run.qos,
  };
}

/** The summary as one JSON line (keys in the contract's order). */
export function summaryJson(s: LoadSummary): string {
  return JSON.stringify({
    first: s.first,
    count: s.count,
    sent: s.sent,
    acked: s.acked,
    stations: s.stations,
    t0: s.t0,
    lastTs: s.lastTs,
    rate: s.rate,
    durationS: s.durationS,
    startedAt: s.startedAt,
    publishEndedAt: s.publishEndedAt,
    ackedAllAt: s.ackedAllAt,
    achievedRate: s.achievedRate,
    connections: s.connections,
    qos: s.qos,
  });
}

const iso = (t: number | null): string => (t === null ? '–' : new Date(t).toISOString());

/** The summary as a readable block (one string per line). */
export function summaryLines(s: LoadSummary): string[] {
  const span =
    s.startedAt !== null && s.publishEndedAt !== null ? `${s.publishEndedAt - s.startedAt} ms` : '–';
  const settle =
    s.ackedAllAt !== null && s.publishEndedAt !== null ? `${s.ackedAllAt - s.publishEndedAt} ms` : 'not all';
  return [
    `load summary`,
    `  readings    ${s.sent} of ${s.count} sent (numbers ${s.sent > 0 ? `${s.first} … ${s.first + s.sent - 1}` : 'none'}), ${s.acked} acked (QoS ${s.qos})`,
    `  stations    ${s.stations}, t0 ${s.t0} (${iso(s.t0)}), lastTs ${s.lastTs ?? '–'} (${iso(s.lastTs)})`,
    `  rate        asked ${s.rate}/s for ${s.durationS} s, achieved ${s.achievedRate ?? '–'}/s over ${span} on ${s.connections} connection(s)`,
    `  times       startedAt ${iso(s.startedAt)}, publishEndedAt ${iso(s.publishEndedAt)}, ackedAllAt ${iso(s.ackedAllAt)} (settled after ${settle})`,
  ];
}

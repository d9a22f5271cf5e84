import type { CompletedLoadSummary } from '@langxanh/contracts';
import { countPoints, type BenchServices, type PipeProcess } from './rig';
import { READING_INTERVAL_MS, readingSlot, runLoad } from './load';
import { cpuSeconds, memoryMb } from './proc';

/** The issue's criterion: the last reading is in InfluxDB at most this long after the publisher stopped. */
export const LANDING_LIMIT_MS = 2_500;
/** A step counts only when the publisher kept up with the paced rate to within this fraction. */
const PUBLISHER_KEPT_UP = 0.95;
/** How long after the publisher stopped a step waits for the rest of its readings (bounded drain). */
const DRAIN_LIMIT_MS = 90_000;

/** One rung of the ladder: a paced rate held for a while, then counted in InfluxDB. */
export interface StepResult {
  readonly rate: number;
  readonly count: number;
  readonly achievedRate: number;
  /** Readings of the step found in InfluxDB after the drain. */
  readonly stored: number;
  /** ms from the publisher's last publish until every reading of the step's last window was in InfluxDB. */
  readonly landedAfterMs: number | null;
  /** ms from the publisher's last publish until all of the step's readings were in InfluxDB. */
  readonly drainedAfterMs: number | null;
  /** CPU time of the pipe process per reading, µs (from the step's start until its readings were stored). */
  readonly cpuUsPerReading: number;
  /** Over the same span, CPU per reading of mosquitto and of influxd, µs: what the co-located services take. */
  readonly brokerUsPerReading: number;
  readonly influxdUsPerReading: number;
  /** Resident memory of the pipe process at the end of the step, MB. */
  readonly rssMb: number;
  /** V8 heap in use at the end of the step, MB (the ingester only). */
  readonly heapUsedMb?: number;
  readonly lossless: boolean;
  /** Publisher kept up, lossless, and landed within {@link LANDING_LIMIT_MS}. */
  readonly passed: boolean;
  readonly note?: string;
}

export interface LadderContext {
  readonly root: string;
  readonly services: BenchServices;
  readonly pipe: PipeProcess;
  readonly registryFile: string;
  readonly stations: number;
  /** Time of reading 0 of this pipe's numbering (epoch ms). */
  readonly t0: number;
  /** Next reading number to publish (advanced by every step, so steps never overlap in time). */
  next: number;
  readonly log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** MQTT connections the publisher needs for a rate (one mqtt.js connection tops out near 45 000 QoS 1 messages/s). */
const connectionsFor = (rate: number) => (rate > 25_000 ? 2 : 1);

/**
 * Publishes `rate` readings/s for `durationS` (numbered from `ctx.next`), then polls InfluxDB every 50 ms until the
 * step's last window of readings has landed and then until all of them have (bounded by 90 s).
 */
export async function runStep(ctx: LadderContext, rate: number, durationS: number): Promise<StepResult> {
  const pid = ctx.pipe.process.pid;
  const influx = ctx.services.influx.url;
  const cpuBefore = cpuSeconds(pid);
  const brokerPid = ctx.services.broker.pid ?? pid;
  const influxdPid = ctx.services.influx.pid ?? pid;
  const brokerBefore = cpuSeconds(brokerPid);
  const influxdBefore = cpuSeconds(influxdPid);
  const first = ctx.next;
  let summary: CompletedLoadSummary;
  try {
    summary = await runLoad({
      root: ctx.root,
      brokerUrl: ctx.services.broker.url,
      registryFile: ctx.registryFile,
      stations: ctx.stations,
      rate,
      durationS,
      first,
      t0: ctx.t0,
      connections: connectionsFor(rate),
    });
  } finally {
    ctx.next = first + Math.round(rate * durationS) + ctx.stations;
  }
  const count = summary.sent;
  const last = first + count - 1;
  const firstTime = readingSlot(first, ctx.stations, ctx.t0).time;
  const lastTime = readingSlot(last, ctx.stations, ctx.t0).time;
  // The last window: the step's last two reading times (every station's newest readings).
  const windowFrom = Math.max(firstTime, lastTime - READING_INTERVAL_MS);
  const windowExpected = countInWindow(first, last, ctx.stations, ctx.t0, windowFrom, lastTime);

  let landedAfterMs: number | null = null;
  let drainedAfterMs: number | null = null;
  let stored = 0;
  const deadline = summary.publishEndedAt + DRAIN_LIMIT_MS;
  while (Date.now() < deadline) {
    if (landedAfterMs === null) {
      const inWindow = await countPoints(influx, ctx.pipe.database, windowFrom, lastTime);
      if (inWindow >= windowExpected) landedAfterMs = Date.now() - summary.publishEndedAt;
    }
    if (landedAfterMs !== null) {
      stored = await countPoints(influx, ctx.pipe.database, firstTime, lastTime);
      if (stored >= count) {
        drainedAfterMs = Date.now() - summary.publishEndedAt;
        break;
      }
    }
    await sleep(50);
  }
  if (drainedAfterMs === null) stored = await countPoints(influx, ctx.pipe.database, firstTime, lastTime);
  const perReading = (before: number, now: number) =>
    Math.round(((now - before) / Math.max(1, count)) * 1e8) / 100;
  const cpuUsPerReading = perReading(cpuBefore, cpuSeconds(pid));
  const brokerUsPerReading = perReading(brokerBefore, cpuSeconds(brokerPid));
  const influxdUsPerReading = perReading(influxdBefore, cpuSeconds(influxdPid));
  const kept = summary.achievedRate >= rate * PUBLISHER_KEPT_UP;
  const lossless = stored === count;
  const passed = kept && lossless && landedAfterMs !== null && landedAfterMs <= LANDING_LIMIT_MS;
  const note = !kept
    ? `publisher reached only ${Math.round(summary.achievedRate)}/s`
    : !lossless
      ? `${count - stored} of ${count} readings not in InfluxDB after ${DRAIN_LIMIT_MS / 1000} s`
      : landedAfterMs === null || landedAfterMs > LANDING_LIMIT_MS
        ? `last readings landed ${landedAfterMs ?? '>90000'} ms after the publisher stopped`
        : undefined;
  const result: StepResult = {
    rate,
    count,
    achievedRate: Math.round(summary.achievedRate),
    stored,
    landedAfterMs,
    drainedAfterMs,
    cpuUsPerReading,
    brokerUsPerReading,
    influxdUsPerReading,
    rssMb: Math.round(memoryMb(pid).rss),
    heapUsedMb: await ctx.pipe.heapUsedMb?.(),
    lossless,
    passed,
    ...(note ? { note } : {}),
  };
  ctx.log(
    `  ${ctx.pipe.name} ${rate}/s × ${durationS} s: published ${count} at ${result.achievedRate}/s, stored ${stored}, ` +
      `last landed +${landedAfterMs ?? '—'} ms, all +${drainedAfterMs ?? '—'} ms, ${result.cpuUsPerReading} µs/reading ` +
      `(mosquitto ${brokerUsPerReading}, influxd ${influxdUsPerReading}), ` +
      `RSS ${result.rssMb} MB${result.heapUsedMb === undefined ? '' : ` (heap in use ${result.heapUsedMb} MB)`} → ` +
      `${passed ? 'pass' : `FAIL (${note})`}`,
  );
  return result;
}

/** Readings numbered first…last whose time falls in [fromMs, toMs] (see {@link readingSlot}). */
export function countInWindow(
  first: number,
  last: number,
  stations: number,
  t0: number,
  fromMs: number,
  toMs: number,
): number {
  const fromSlot = Math.ceil((fromMs - t0) / READING_INTERVAL_MS);
  const toSlot = Math.floor((toMs - t0) / READING_INTERVAL_MS);
  const lo = Math.max(first, fromSlot * stations);
  const hi = Math.min(last, (toSlot + 1) * stations - 1);
  return Math.max(0, hi - lo + 1);
}

export interface LadderResult {
  readonly steps: readonly StepResult[];
  /** Highest rate of an unbroken run of passed steps from the bottom of the ladder (0 when the first fails). */
  readonly sustainedRate: number;
}

/** Climbs `rates` (ascending) until the first failed step. */
export async function runLadder(
  ctx: LadderContext,
  rates: readonly number[],
  durationS: number,
): Promise<LadderResult> {
  const steps: StepResult[] = [];
  let sustainedRate = 0;
  for (const rate of rates) {
    const step = await runStep(ctx, rate, durationS);
    steps.push(step);
    if (!step.passed) break;
    sustainedRate = rate;
    await sleep(1_000);
  }
  return { steps, sustainedRate };
}

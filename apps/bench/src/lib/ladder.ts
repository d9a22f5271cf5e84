import type { CompletedLoadSummary } from '@langxanh/contracts';
import { countPoints, type BenchServices, type PipeProcess } from './rig';
import { READING_INTERVAL_MS, readingSlot, runLoad, type LoadEngine } from './load';
import { cpuSeconds, memoryMb } from './proc';

/** The issue's criterion: the last reading is in InfluxDB at most this long after the publisher stopped. */
export const LANDING_LIMIT_MS = 2_500;
/** A step counts only when the publisher kept up with the paced rate to within this fraction. */
const PUBLISHER_KEPT_UP = 0.95;
/** How long after the publisher stopped a step waits for the rest of its readings (bounded drain). */
const DRAIN_LIMIT_MS = 90_000;
/** A step stops waiting once its stored count has not grown for this long (its pipe lost readings or stalled). */
const STALL_LIMIT_MS = 10_000;

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
  /**
   * The load generator's own CPU per reading, µs: its process's user + system time from the start of publishing
   * until everything was acknowledged (`/proc/<pid>/stat`, see load.ts `LoadRun`), ÷ readings; null when not sampled.
   */
  readonly generatorUsPerReading: number | null;
  /** MQTT connections the generator used. */
  readonly connections: number;
  /** Resident memory of the pipe process at the end of the step, MB. */
  readonly rssMb: number;
  /** V8 heap in use at the end of the step, MB (the ingester only). */
  readonly heapUsedMb?: number;
  readonly lossless: boolean;
  /** Publisher kept up, lossless, and landed within {@link LANDING_LIMIT_MS}. */
  readonly passed: boolean;
  readonly note?: string;
  /** This rung re-ran a failed rate that lay below a passed one ({@link searchLimit}); its verdict counts. */
  readonly retry?: true;
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
  /** The generator's engine (default `packets`). */
  readonly engine?: LoadEngine;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * MQTT connections the publisher uses for a rate. `mqttjs`: one mqtt.js connection tops out near 45 000 QoS 1
 * messages/s, so 2 above 25 000/s. `packets`: each connection has at most 100 publishes in flight (the shipped
 * broker's max_inflight_messages), so one per 10 000/s (50 per 5 ms tick, half the window), at least 2.
 */
export const connectionsFor = (rate: number, engine: LoadEngine = 'packets') =>
  engine === 'mqttjs' ? (rate > 25_000 ? 2 : 1) : Math.max(2, Math.ceil(rate / PACKETS_RATE_PER_CONNECTION));
/** Readings/s one connection of the `packets` engine carries (see {@link connectionsFor}). */
const PACKETS_RATE_PER_CONNECTION = 10_000;

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
  let generatorCpuS: number | null;
  const connections = connectionsFor(rate, ctx.engine);
  try {
    ({ summary, generatorCpuS } = await runLoad({
      root: ctx.root,
      brokerUrl: ctx.services.broker.url,
      registryFile: ctx.registryFile,
      stations: ctx.stations,
      rate,
      durationS,
      first,
      t0: ctx.t0,
      connections,
      engine: ctx.engine,
    }));
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
  // A pipe that lost readings never completes: once its stored count has not grown for STALL_LIMIT_MS the step ends
  // (failed), instead of waiting out the whole drain limit.
  let grewAt = Date.now();
  let checkedAt = 0;
  while (Date.now() < deadline) {
    if (landedAfterMs === null) {
      const inWindow = await countPoints(influx, ctx.pipe.database, windowFrom, lastTime);
      if (inWindow >= windowExpected) landedAfterMs = Date.now() - summary.publishEndedAt;
    }
    if (landedAfterMs !== null || Date.now() - checkedAt >= 1_000) {
      checkedAt = Date.now();
      const now = await countPoints(influx, ctx.pipe.database, firstTime, lastTime);
      if (now > stored) grewAt = Date.now();
      stored = now;
      if (stored >= count) {
        drainedAfterMs = Date.now() - summary.publishEndedAt;
        // Everything is in, so the last window is too (it landed between this pass's two counts: no later than now).
        landedAfterMs ??= drainedAfterMs;
        break;
      }
      if (Date.now() - grewAt > STALL_LIMIT_MS) break;
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
    generatorUsPerReading:
      generatorCpuS === null ? null : Math.round((generatorCpuS / Math.max(1, count)) * 1e8) / 100,
    connections,
    rssMb: Math.round(memoryMb(pid).rss),
    heapUsedMb: await ctx.pipe.heapUsedMb?.(),
    lossless,
    passed,
    ...(note ? { note } : {}),
  };
  ctx.log(
    `  ${ctx.pipe.name} ${rate}/s × ${durationS} s: published ${count} at ${result.achievedRate}/s, stored ${stored}, ` +
      `last landed +${landedAfterMs ?? '—'} ms, all +${drainedAfterMs ?? '—'} ms, ${result.cpuUsPerReading} µs/reading ` +
      `(mosquitto ${brokerUsPerReading}, influxd ${influxdUsPerReading}, ` +
      `generator ${result.generatorUsPerReading ?? '—'} on ${connections} connection(s)), ` +
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

/**
 * How the ladder searches a pipe's limit instead of climbing fixed rungs (issue 19 item 6: on a slower machine both
 * pipes stopped between fixed rungs 10 000 and 20 000, so their ratio read 1.0 and meant nothing).
 */
export interface LadderPlan {
  /** The first rungs, readings/s, ascending (e.g. 5 000, 10 000, 20 000). */
  readonly coarse: readonly number[];
  /** Above the last coarse rung each rung is the previous × `growth` (1.5), until one fails or `maxRate` passes. */
  readonly growth: number;
  /** Highest rate the ladder asks for, readings/s (the generator's and machine's reach; the limit is then "≥"). */
  readonly maxRate: number;
  /** Bisect between the last passing and the first failing rate until their gap ≤ `tolerance` × passing (0.05). */
  readonly tolerance: number;
  /** Rates are rounded to a multiple of this, readings/s; bisection also stops when the gap is one step. */
  readonly granularity: number;
  /** Most rungs of one ladder, the retry and the `mustRun` rung included (bounds its time and its readings). */
  readonly maxRungs: number;
  /** A rate always run (the CPU-per-reading rung): at the end when the search did not test it. */
  readonly mustRun: number;
}

/** One tested rate of {@link searchLimit}. */
export interface Rung {
  readonly rate: number;
  readonly passed: boolean;
  /** A second run of a failed rate that lay below a passed one (its verdict replaces the first). */
  readonly retry?: true;
}

/** What {@link searchLimit} found. */
export interface LimitSearch {
  readonly rungs: readonly Rung[];
  /** Highest passed rate with every lower tested rate passing (a retried rate counts by its retry); 0 if none. */
  readonly sustainedRate: number;
  /** Lowest failed rate above `sustainedRate` (null: none failed, the limit is ≥ `maxRate` or the rungs ran out). */
  readonly firstFailedRate: number | null;
  /** The gap between the two is within the plan's tolerance (or one granularity step). */
  readonly resolved: boolean;
}

/** The final verdict per rate (a retry replaces the first run), ascending by rate. */
function verdicts(rungs: readonly Rung[]): { rate: number; passed: boolean }[] {
  const byRate = new Map<number, boolean>();
  for (const rung of rungs) byRate.set(rung.rate, rung.passed);
  return [...byRate].map(([rate, passed]) => ({ rate, passed })).sort((a, b) => a.rate - b.rate);
}

/** The sustained rate of a set of rungs: the highest passed rate below which every tested rate passed. */
export function sustainedOf(rungs: readonly Rung[]): number {
  let sustained = 0;
  for (const { rate, passed } of verdicts(rungs)) {
    if (!passed) break;
    sustained = rate;
  }
  return sustained;
}

/** Rounds `rate` to the plan's granularity (at least one step). */
const roundRate = (plan: LadderPlan, rate: number) =>
  Math.max(plan.granularity, Math.round(rate / plan.granularity) * plan.granularity);

/**
 * Searches the highest rate `tryRate` passes: the coarse rungs, then × growth up to the first failure (or
 * `maxRate`), then bisection between the last passing and the first failing rate until their gap is within the
 * tolerance. Then the `mustRun` rate if it was not tested. A failed rate below a passed one (a noisy machine, or the
 * `mustRun` rung above the limit passing) is retried once; the retry's verdict counts. Never more than `maxRungs`
 * calls of `tryRate` (while `mustRun` is untested, one rung is kept for it and one for a retry). Pure control flow: `tryRate` does the work.
 */
export async function searchLimit(
  plan: LadderPlan,
  tryRate: (rate: number) => Promise<boolean>,
): Promise<LimitSearch> {
  const rungs: Rung[] = [];
  // While `mustRun` is untested, keep a rung for it and one for the retry it may cause (only a rung run outside the
  // climb-then-bisect order can fail below a pass); once tested, the search may use every rung.
  const canSearch = () => rungs.length < plan.maxRungs - (rungs.some((r) => r.rate === plan.mustRun) ? 0 : 2);
  const run = async (rate: number, retry = false): Promise<boolean> => {
    const passed = await tryRate(rate);
    rungs.push(retry ? { rate, passed, retry: true } : { rate, passed });
    return passed;
  };
  let pass = 0;
  let fail: number | null = null;
  // Climb: coarse rungs, then × growth, to the first failure or maxRate.
  for (let k = 0, previous = 0; canSearch(); k++) {
    const rate = Math.min(
      plan.maxRate,
      k < plan.coarse.length ? plan.coarse[k] : roundRate(plan, previous * plan.growth),
    );
    if (rate <= previous) break;
    previous = rate;
    if (await run(rate)) pass = rate;
    else {
      fail = rate;
      break;
    }
  }
  // Bisect between the last passing and the first failing rate.
  while (fail !== null && canSearch() && fail - pass > plan.tolerance * pass) {
    const mid = roundRate(plan, (pass + fail) / 2);
    if (mid <= pass || mid >= fail) break;
    if (await run(mid)) pass = mid;
    else fail = mid;
  }
  if (!rungs.some((r) => r.rate === plan.mustRun)) await run(plan.mustRun);
  // A failure below a pass: retry the lowest such rate once.
  const passedAbove = (rate: number) => rungs.some((r) => r.passed && r.rate > rate);
  const lowerFailure = verdicts(rungs).find((v) => !v.passed && passedAbove(v.rate));
  if (lowerFailure && rungs.length < plan.maxRungs) await run(lowerFailure.rate, true);
  const sustainedRate = sustainedOf(rungs);
  const firstFailedRate = verdicts(rungs).find((v) => !v.passed && v.rate > sustainedRate)?.rate ?? null;
  const resolved =
    firstFailedRate !== null &&
    (firstFailedRate - sustainedRate <= plan.tolerance * sustainedRate ||
      firstFailedRate - sustainedRate <= plan.granularity);
  return { rungs, sustainedRate, firstFailedRate, resolved };
}

/**
 * The most readings one ladder can publish (every rung at most `maxRate` for `stepS`): what the first reading's
 * time must leave room for, so that every reading lies in the past.
 */
export function maxLadderReadings(plan: LadderPlan, stepS: number): number {
  return plan.maxRungs * Math.round(plan.maxRate * stepS);
}

export interface LadderResult {
  /** Every rung in the order run (each also in the run's JSON). */
  readonly steps: readonly StepResult[];
  /** Highest passed rate with every lower tested rung passing (0 when none passed). */
  readonly sustainedRate: number;
  /** Lowest failed rate above the sustained one (null: none failed). */
  readonly firstFailedRate: number | null;
  /** Sustained and first failed rate are within the plan's tolerance (5 %). */
  readonly resolved: boolean;
}

/** Searches the pipe's limit ({@link searchLimit}) with real rungs of `durationS` each, 1 s apart. */
export async function runLadder(
  ctx: LadderContext,
  plan: LadderPlan,
  durationS: number,
): Promise<LadderResult> {
  const steps: StepResult[] = [];
  const search = await searchLimit(plan, async (rate) => {
    if (steps.length > 0) await sleep(1_000);
    const step = await runStep(ctx, rate, durationS);
    steps.push(step);
    return step.passed;
  });
  ctx.log(
    `  ${ctx.pipe.name}: sustained ${search.sustainedRate}/s after ${steps.length} rungs, ` +
      (search.firstFailedRate === null
        ? `no rung failed up to ${plan.maxRate}/s (the limit is higher)`
        : `first failed ${search.firstFailedRate}/s (${search.resolved ? 'within' : 'NOT within'} ` +
          `${plan.tolerance * 100} %)`),
  );
  return {
    steps: steps.map((step, i) => (search.rungs[i]?.retry ? { ...step, retry: true } : step)),
    sustainedRate: search.sustainedRate,
    firstFailedRate: search.firstFailedRate,
    resolved: search.resolved,
  };
}

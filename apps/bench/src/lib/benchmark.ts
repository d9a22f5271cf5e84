import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { historyQuery, seedHistory } from './history';
import {
  maxLadderReadings,
  runLadder,
  runStep,
  type LadderContext,
  type LadderPlan,
  type LadderResult,
} from './ladder';
import { alertLatency, readingLatency } from './latency';
import { READING_INTERVAL_MS } from './load';
import { measurePeers, type PeersResult } from './peers/peers';
import { memoryMb } from './proc';
import { hotSpots, type HotSpot } from './profile';
import { writeBenchRegistry } from './registry';
import {
  averagesWarmed,
  startFloor,
  startIngester,
  startServices,
  type BenchServices,
  type PipeProcess,
} from './rig';
import { runSoak, type SoakResult, type SoakSpec } from './soak';
import type { Percentiles } from './stats';
import { measureTt10Intake, type Tt10IntakeResult } from './tt10/intake';

/** What one benchmark run does; {@link FULL} is `npm run bench`, {@link QUICK} the smoke run of the tests. */
export interface BenchProfile {
  readonly name: 'full' | 'quick';
  readonly runs: number;
  /** How the ladder searches each pipe's limit (its `mustRun` rate is `cpuRate`). */
  readonly ladder: LadderPlan;
  /** Seconds each rung is held. */
  readonly stepS: number;
  /** The fixed rate at which CPU per reading is compared between pipes (always run by the ladder). */
  readonly cpuRate: number;
  /** Background rates of the publish → socket.io latency measurement. */
  readonly latencyRates: readonly number[];
  readonly latencyS: number;
  readonly alertCycles: number;
  readonly historyRequests: number;
  /** Stations of the main measurement, and of the cost-growth one. */
  readonly stations: number;
  readonly manyStations: number;
  /** Files of the TT 10 intake backlog of one station (full: the 60-day backlog, 17 280 five-minute files). */
  readonly tt10Files: number;
  /** The compressed soak of data time (issue 19, item 2; `soak.ts`). */
  readonly soak: SoakSpec;
}

export const FULL: BenchProfile = {
  name: 'full',
  runs: 3,
  // 5 000, 10 000, 20 000, 30 000, 45 000, 67 500, 100 000 up to the first failure, then bisection to 5 %: at most
  // 11 rungs of 6 s (≈ 9 s each with spawn, drain and pause: ≤ ~100 s per pipe on a quiet machine).
  ladder: {
    coarse: [5_000, 10_000, 20_000],
    growth: 1.5,
    maxRate: 100_000,
    tolerance: 0.05,
    granularity: 500,
    maxRungs: 11,
    mustRun: 20_000,
  },
  stepS: 6,
  cpuRate: 20_000,
  latencyRates: [2_000, 10_000],
  latencyS: 20,
  alertCycles: 50,
  historyRequests: 24,
  stations: 100,
  manyStations: 10_000,
  tt10Files: 17_280,
  // 24 h of data time, one reading per station every 15 min: 960 000 readings, ≈ 64 s at 15 000/s plus about a
  // second per data hour (load-generator start, forced GC); bounded at 110 s (issue 19's budget: ≤ 2 min).
  soak: { stations: 10_000, hours: 24, intervalMs: 900_000, rate: 15_000, budgetS: 110 },
};

export const QUICK: BenchProfile = {
  name: 'quick',
  runs: 1,
  ladder: {
    coarse: [500, 1_000],
    growth: 1.5,
    maxRate: 1_500,
    tolerance: 0.05,
    granularity: 100,
    maxRungs: 4,
    mustRun: 500,
  },
  stepS: 2,
  cpuRate: 500,
  latencyRates: [200],
  latencyS: 3,
  alertCycles: 3,
  historyRequests: 3,
  stations: 10,
  manyStations: 1_000,
  tt10Files: 50,
  soak: { stations: 100, hours: 6, intervalMs: 900_000, rate: 1_000, budgetS: 60 },
};

/** A pipe's figures in one run. */
export interface PipeResult {
  readonly stations: number;
  /** With `--cpu-prof`: the functions with the most self time over the whole life of the process. */
  readonly hotSpots?: readonly HotSpot[];
  readonly ladder: LadderResult;
  readonly sustainedRate: number;
  /**
   * CPU per reading at the profile's fixed `cpuRate` (µs), null when that rung was not reached (a lower tested rung
   * failed: the ladder still runs it, its data is in `ladder.steps`).
   */
  readonly cpuUsPerReading: number | null;
  /** mosquitto's and influxd's CPU per reading on that rung (µs). */
  readonly brokerUsPerReading: number | null;
  readonly influxdUsPerReading: number | null;
  /** The load generator's own CPU per reading on the `cpuRate` rung (µs; reached or not), null when not sampled. */
  readonly generatorUsPerReading: number | null;
  /** Peak resident memory of the process over its whole ladder (VmHWM), MB. */
  readonly peakRssMb: number;
  /** V8 heap in use after the ladder's last rung (the ingester only), MB: what of the RSS is live data. */
  readonly heapUsedMb?: number;
}

export interface RunResult {
  readonly ingester: PipeResult & {
    readonly readingLatency: Readonly<Record<string, Percentiles & { sent: number; lost: number }>>;
    readonly alertLatency: Percentiles;
    readonly history: Percentiles & { points: number; everyS: number; seeded: number };
  };
  readonly ingesterManyStations: PipeResult;
  readonly floor: PipeResult;
  /** TT 10 file intake: a backlog of one station written directly and uploaded over FTP (issue 19 item 7). */
  readonly tt10: Tt10IntakeResult;
  /** Node-RED batched and per message (issue 19 item 5), same broker, database server and load. */
  readonly peers?: PeersResult;
  readonly soak: SoakResult;
}

export interface RunOptions {
  readonly root: string;
  readonly dataDir: string;
  readonly profile: BenchProfile;
  readonly log: (line: string) => void;
  /** Run the ingester (100 stations) and the floor under `node --cpu-prof` and summarise their hot spots. */
  readonly cpuProfile?: boolean;
  /** Another built ingester's main.js to measure instead of the repository's (e.g. an older commit's build). */
  readonly ingesterScript?: string;
}

const HOUR_MS = 3_600_000;

/**
 * Time of reading 0 for a pipe (epoch ms): early enough that every reading a run can publish (the whole ladder, the
 * warm-up and the background loads, with 10 % margin) is in the past, one a minute per station.
 */
export function firstReadingTime(profile: BenchProfile, stations: number, now = Date.now()): number {
  const steps = profile.ladder.maxRungs + 1 + profile.latencyRates.length + 1;
  const numbers =
    2_000 * 2 +
    maxLadderReadings(profile.ladder, profile.stepS) +
    (profile.latencyRates.reduce((sum, rate) => sum + rate, 0) + profile.latencyRates[0]) *
      (profile.latencyS + 4) +
    steps * stations;
  const perStation = Math.ceil((numbers * 1.1) / stations) + 2;
  return Math.floor((now - perStation * READING_INTERVAL_MS) / 60_000) * 60_000;
}

/**
 * One run of the benchmark on fresh mosquitto and influxd: the ingester with `stations` stations (ladder, live-push
 * and alert latency, history query), the ingester with `manyStations`, the floor reference, then the peers
 * (Node-RED batched and per message) — each pipe alone on the machine with the same broker, database and load
 * generator.
 */
export async function benchmarkRun(options: RunOptions): Promise<RunResult> {
  const { profile, log } = options;
  mkdirSync(options.dataDir, { recursive: true });
  const services = await startServices(options.dataDir);
  try {
    const registry = join(options.dataDir, `registry-${profile.stations}.json`);
    const manyRegistry = join(options.dataDir, `registry-${profile.manyStations}.json`);
    writeBenchRegistry(registry, profile.stations);
    writeBenchRegistry(manyRegistry, profile.manyStations);
    // Readings are a minute apart per station and end before now; the seeded history ends a day before them.
    const t0 = firstReadingTime(profile, profile.stations);
    const t0Many = firstReadingTime(profile, profile.manyStations);
    const historyEnd = Math.floor((t0 - 24 * HOUR_MS) / 60_000) * 60_000;

    log(`ingester, ${profile.stations} stations`);
    const ingester = await startIngester({
      root: options.root,
      services,
      registryFile: registry,
      database: 'bench',
      name: 'ingester',
      nodeArgs: profilerArgs(options, 'ingester'),
      script: options.ingesterScript,
    });
    let main: PipeResult;
    const readingLatencies: Record<string, Percentiles & { sent: number; lost: number }> = {};
    let alert: Percentiles;
    let history: Percentiles & { points: number; everyS: number; seeded: number };
    try {
      const warmed = await averagesWarmed(ingester);
      log(`  averages warmed ${warmed ?? '—'} s after readiness`);
      main = await measurePipe(options, services, ingester, registry, profile.stations, t0);
      for (const rate of profile.latencyRates) {
        readingLatencies[String(rate)] = await withBackgroundLoad(
          options,
          services,
          registry,
          ingester,
          rate,
          t0,
          () =>
            readingLatency({
              brokerUrl: services.broker.url,
              ingesterUrl: ingester.url,
              durationS: profile.latencyS,
            }),
        );
        log(`  publish → socket.io at ${rate}/s: ${describe(readingLatencies[String(rate)])}`);
      }
      const token = await ingester.token();
      alert = await withBackgroundLoad(
        options,
        services,
        registry,
        ingester,
        profile.latencyRates[0],
        t0,
        () =>
          alertLatency({
            brokerUrl: services.broker.url,
            ingesterUrl: ingester.url,
            token,
            cycles: profile.alertCycles,
          }),
      );
      log(`  publish → alert event at ${profile.latencyRates[0]}/s: ${describe(alert)}`);
      const seeded = await seedHistory(services.influx.url, 'bench', historyEnd);
      history = {
        ...(await historyQuery({
          ingesterUrl: ingester.url,
          headers: await ingester.authHeaders(),
          endMs: historyEnd,
          requests: profile.historyRequests,
        })),
        seeded,
      };
      log(
        `  30-day history (${seeded} points seeded): ${describe(history)}, ${history.points} points of ${history.everyS} s`,
      );
    } finally {
      await ingester.stop();
    }
    main = withHotSpots(options, 'ingester', main);

    log(`ingester, ${profile.manyStations} stations`);
    const many = await startIngester({
      root: options.root,
      services,
      registryFile: manyRegistry,
      database: 'bench_many',
      name: 'ingester-many',
      script: options.ingesterScript,
    });
    let manyResult: PipeResult;
    try {
      // Steady state: the background warm-up's history reads (400 at 10 000 stations) are not part of the ladder.
      const warmed = await averagesWarmed(many);
      log(`  averages warmed ${warmed ?? '—'} s after readiness`);
      manyResult = await measurePipe(options, services, many, manyRegistry, profile.manyStations, t0Many);
    } finally {
      await many.stop();
    }

    const { soak: spec } = profile;
    log(
      `soak: ${spec.hours} h of data time, ${spec.stations} stations, one reading each ${spec.intervalMs / 60_000} min`,
    );
    const soak = await runSoak({
      root: options.root,
      services,
      spec,
      log,
      script: options.ingesterScript,
    });
    log(
      `  soak: heap ${soak.marks.map((m) => `${m.heapUsedMb} MB at hour ${m.dataHour}`).join(', ')} ` +
        `(growth ${soak.growth === null ? '—' : `${Math.round(soak.growth * 100)} %`}), ` +
        `${soak.stored} of ${soak.readings} stored, ${soak.durationS} s`,
    );

    log('floor reference (mqtt.js → JSON.parse → InfluxDB client)');
    const floor = await startFloor({
      root: options.root,
      services,
      database: 'bench_floor',
      nodeArgs: profilerArgs(options, 'floor'),
    });
    let floorResult: PipeResult;
    try {
      floorResult = await measurePipe(options, services, floor, registry, profile.stations, t0);
    } finally {
      await floor.stop();
    }
    floorResult = withHotSpots(options, 'floor', floorResult);

    const peers = await measureRunPeers(options, services, registry, t0);
    const tt10 = await measureTt10Intake({
      root: options.root,
      services,
      files: profile.tt10Files,
      log,
      ingesterScript: options.ingesterScript,
    });
    return {
      ingester: { ...main, readingLatency: readingLatencies, alertLatency: alert, history },
      ingesterManyStations: manyResult,
      floor: floorResult,
      peers,
      tt10,
      soak,
    };
  } finally {
    await services.stop();
  }
}

const profileDir = (options: RunOptions, name: string) => join(options.dataDir, `cpu-profile-${name}`);
const profilerArgs = (options: RunOptions, name: string): string[] =>
  options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir(options, name)}`] : [];
const withHotSpots = (options: RunOptions, name: string, result: PipeResult): PipeResult =>
  options.cpuProfile ? { ...result, hotSpots: hotSpots(profileDir(options, name), options.root) } : result;

const describe = (p: Percentiles) =>
  `p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms (${p.samples} samples)`;

/**
 * The peers (peers/peers.ts: Node-RED batched and per message), each measured as the floor is: same registry,
 * stations and reading numbering, the profile's ladder search (with a peer's own low rungs before its coarse rungs).
 */
export function measureRunPeers(
  options: RunOptions,
  services: BenchServices,
  registryFile: string,
  t0: number,
): Promise<PeersResult> {
  const { profile } = options;
  return measurePeers({
    root: options.root,
    services,
    log: options.log,
    rates: profile.ladder.coarse,
    measure: (pipe, rates) =>
      measurePipe(
        { ...options, profile: { ...profile, ladder: { ...profile.ladder, coarse: rates } } },
        services,
        pipe,
        registryFile,
        profile.stations,
        t0,
      ),
  });
}

/** Warm-up, then the ladder; CPU per reading is the fixed-rate rung's. */
async function measurePipe(
  options: RunOptions,
  services: BenchServices,
  pipe: PipeProcess,
  registryFile: string,
  stations: number,
  t0: number,
): Promise<PipeResult> {
  const ctx: LadderContext = {
    root: options.root,
    services,
    pipe,
    registryFile,
    stations,
    t0,
    next: 0,
    log: options.log,
  };
  ctx.log('  warm-up');
  await runStep(ctx, Math.min(options.profile.ladder.coarse[0], 2_000), 2);
  const ladder = await runLadder(ctx, options.profile.ladder, options.profile.stepS);
  const cpuRung = ladder.steps.findLast((s) => s.rate === options.profile.cpuRate);
  // Reached as on the fixed ladder: every lower tested rate passed (by its last run).
  const lastVerdict = new Map(ladder.steps.map((s) => [s.rate, s.passed]));
  const reached = [...lastVerdict].every(([rate, passed]) => passed || rate >= options.profile.cpuRate);
  const atCpuRate = reached ? cpuRung : undefined;
  nextNumber.set(pipe, ctx.next);
  return {
    stations,
    ladder,
    sustainedRate: ladder.sustainedRate,
    cpuUsPerReading: atCpuRate?.cpuUsPerReading ?? null,
    brokerUsPerReading: atCpuRate?.brokerUsPerReading ?? null,
    influxdUsPerReading: atCpuRate?.influxdUsPerReading ?? null,
    generatorUsPerReading: cpuRung?.generatorUsPerReading ?? null,
    peakRssMb: Math.round(memoryMb(pipe.process.pid).peak),
    ...(ladder.steps.at(-1)?.heapUsedMb === undefined ? {} : { heapUsedMb: ladder.steps.at(-1)?.heapUsedMb }),
  };
}

/** The next free reading number of each pipe, so background load after the ladder never reuses a (station, time). */
const nextNumber = new WeakMap<PipeProcess, number>();

/** Runs `measure` while the load generator publishes `rate` readings/s in the background (same numbering). */
async function withBackgroundLoad<T>(
  options: RunOptions,
  services: BenchServices,
  registryFile: string,
  pipe: PipeProcess,
  rate: number,
  t0: number,
  measure: () => Promise<T>,
): Promise<T> {
  const ctx: LadderContext = {
    root: options.root,
    services,
    pipe,
    registryFile,
    stations: options.profile.stations,
    t0,
    next: nextNumber.get(pipe) ?? 0,
    log: options.log,
  };
  // The background load runs a little longer than the measurement, which starts once it is under way.
  const background = runStep(ctx, rate, options.profile.latencyS + 4);
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    return await measure();
  } finally {
    await background;
    nextNumber.set(pipe, ctx.next);
  }
}

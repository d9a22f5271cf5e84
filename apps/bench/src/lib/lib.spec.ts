import { registrySchema } from '@langxanh/contracts';
import { FULL, QUICK, firstReadingTime, type RunResult } from './benchmark';
import {
  connectionsFor,
  countInWindow,
  maxLadderReadings,
  searchLimit,
  sustainedOf,
  type LadderPlan,
} from './ladder';
import { readingSlot } from './load';
import { benchRegistry, HISTORY_STATION, PROBE_CLUSTER } from './registry';
import { figures, markdownTable } from './report';
import { percentiles, spread } from './stats';

describe('numbering of the load generator', () => {
  it('puts reading n on station n mod S at t0 + ⌊n / S⌋ minutes: one point per number', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 1_000; n++) {
      const { station, time } = readingSlot(n, 7, 1_000);
      seen.add(`${station}@${time}`);
    }
    expect(seen.size).toBe(1_000);
    expect(readingSlot(15, 7, 1_000)).toEqual({ station: 1, time: 121_000 });
  });

  it('counts the numbers of a step whose time falls in a window, by brute force for a range of cases', () => {
    for (const [first, last, stations] of [
      [0, 99, 10],
      [5, 123, 7],
      [1_000, 1_000, 3],
    ]) {
      const t0 = 50;
      const lastTime = readingSlot(last, stations, t0).time;
      for (const from of [t0, lastTime - 1, lastTime]) {
        let expected = 0;
        for (let n = first; n <= last; n++) {
          const { time } = readingSlot(n, stations, t0);
          if (time >= from && time <= lastTime) expected++;
        }
        expect(countInWindow(first, last, stations, t0, from, lastTime)).toBe(expected);
      }
    }
  });
});

describe('firstReadingTime', () => {
  it('starts early enough that a whole run of readings, a minute apart per station, ends in the past', () => {
    const now = Date.UTC(2026, 10, 29, 12, 0, 0);
    for (const [profile, stations] of [
      [FULL, FULL.stations],
      [FULL, FULL.manyStations],
      [QUICK, QUICK.stations],
    ] as const) {
      const t0 = firstReadingTime(profile, stations, now);
      // The most the search can publish: every rung at the highest rate it may ask for.
      const published =
        profile.ladder.maxRungs * profile.ladder.maxRate * profile.stepS +
        2 * 2_000 +
        profile.latencyRates.reduce((sum, rate) => sum + rate * (profile.latencyS + 4), 0);
      expect(readingSlot(published, stations, t0).time).toBeLessThan(now);
    }
  });
});

describe('benchRegistry', () => {
  it('puts the load stations first, in clusters of 100, then the probe cluster, and is a valid registry', () => {
    const registry = benchRegistry(250);
    expect(() => registrySchema.parse(registry)).not.toThrow();
    const air = registry.clusters.flatMap((c) => c.stations.filter((s) => s.kind === 'air').map((s) => s.id));
    expect(air.slice(0, 250).every((id) => /^b\d{3}-air-\d{3}$/.test(id))).toBe(true);
    expect(registry.clusters.map((c) => c.stations.length)).toEqual([100, 100, 50, 51]);
    expect(registry.clusters.at(-1)?.id).toBe(PROBE_CLUSTER);
    expect(air).toContain(HISTORY_STATION);
  });
});

describe('stats', () => {
  it('takes percentiles and spreads, and refuses an empty sample', () => {
    const p = percentiles(Array.from({ length: 101 }, (_, i) => 100 - i));
    expect([p.p50, p.p95, p.p99, p.max, p.samples]).toEqual([50, 95, 99, 100, 101]);
    expect(spread([3, null, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3 });
    expect(spread([undefined])).toBeUndefined();
    expect(() => percentiles([])).toThrow('no samples');
  });
});

describe('figures', () => {
  const pipe = (sustainedRate: number, cpu: number, rss: number) => ({
    stations: 100,
    ladder: { steps: [], sustainedRate, firstFailedRate: null, resolved: false },
    sustainedRate,
    cpuUsPerReading: cpu,
    generatorUsPerReading: 2,
    brokerUsPerReading: 15,
    influxdUsPerReading: 8,
    peakRssMb: rss,
  });
  const lat = (p99: number) => ({
    samples: 10,
    p50: p99 / 2,
    p95: p99 * 0.9,
    p99,
    max: p99,
    sent: 10,
    lost: 0,
  });
  /** A soak whose heap after GC is 100 MB at hour 8 and `end` MB at hour 24. */
  const soak = (end: number): RunResult['soak'] => {
    const samples = [8, 16, 24].map((dataHour, i) => ({
      dataHour,
      accepted: dataHour * 40_000,
      atS: dataHour * 3,
      heapUsedMb: [100, (100 + end) / 2, end][i],
      heapTotalMb: 150,
      rssMb: 200,
      externalMb: 3,
      arrayBuffersMb: 1,
      spacesMb: {},
    }));
    return {
      ...FULL.soak,
      readings: 960_000,
      stored: 960_000,
      samples,
      marks: samples.map((s) => ({ dataHour: s.dataHour, heapUsedMb: s.heapUsedMb })),
      growth: (end - 100) / 100,
      durationS: 80,
      cpuUsPerReading: 30,
      influxdUsPerReading: 20,
    };
  };
  const run = (rate: number, soakEnd = 105): RunResult => ({
    ingester: {
      ...pipe(rate, 12, 200),
      readingLatency: { '2000': lat(40), '10000': lat(90) },
      alertLatency: lat(150),
      history: { ...lat(250), p50: 120, points: 960, everyS: 2_700, seeded: 43_200 },
    },
    ingesterManyStations: pipe(rate * 0.95, 12.5, 230),
    floor: pipe(rate + 5_000, 8, 90),
    tt10: { direct: tt10Case('direct', rate / 200), ftp: { skipped: 'not root' } },
    soak: soak(soakEnd),
  });
  const tt10Case = (transport: 'direct' | 'ftp', filesPerS: number) => ({
    transport,
    connections: transport === 'ftp' ? 1 : 0,
    arrival: 'shuffled' as const,
    files: 17_280,
    readings: 17_280,
    writeS: 2,
    seconds: 17_280 / filesPerS,
    filesPerS,
    readingsPerS: filesPerS,
    window: 1_000,
    firstWindowFilesPerS: filesPerS,
    lastWindowFilesPerS: filesPerS * 0.9,
    firstWindowCpuMsPerFile: 2,
    lastWindowCpuMsPerFile: 2.1,
    cpuMsPerFile: 2,
    influxdCpuMsPerFile: 0.5,
    peakRssMb: 150,
  });

  it('takes medians over the runs, ratios to the floor, and judges each target of issues 7 and 19', () => {
    const rows = figures([run(40_000), run(45_000), run(35_000)], FULL);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('sustainedRate')).toMatchObject({
      value: { median: 40_000, min: 35_000, max: 45_000 },
      ratioToFloor: 0.89,
      met: false, // 40 000/s but 0.89 × floor: issue 19 asks ≥ 0.9 ×
    });
    expect(byKey.get('cpuUsPerReading')).toMatchObject({ ratioToFloor: 1.5, met: true });
    expect(byKey.get('readingLatency.2000.p99')?.met).toBe(true);
    expect(byKey.get('readingLatency.10000.p99')?.met).toBe(true); // 90 ms ≤ 100 (issue 19)
    expect(byKey.get('readingLatency.10000.p95')?.met).toBeUndefined();
    expect(byKey.get('manySustainedRate')?.met).toBe(true);
    expect(markdownTable(rows, 3)).toContain('| sustained lossless ingest, 100 stations');
    expect(byKey.get('soak.heapUsedMb.0')?.value?.median).toBe(100);
    expect(byKey.get('soak.growthPct')).toMatchObject({ value: { median: 5 }, met: true });
  });

  it('judges the soak flat only when the heap grows by at most 10 % from data hour 8 to 24', () => {
    const grown = figures([run(40_000, 130)], FULL).find((r) => r.key === 'soak.growthPct');
    expect(grown).toMatchObject({ value: { median: 30 }, met: false });
    expect(figures([run(40_000, 110)], FULL).find((r) => r.key === 'soak.growthPct')?.met).toBe(true);
  });

  it('reports the TT 10 intake without a target ("—"), and no FTP rows where FTP was skipped in every run', () => {
    const rows = figures([run(40_000), run(30_000), run(50_000)], FULL);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('tt10.direct.filesPerS')).toMatchObject({
      value: { median: 200, min: 150, max: 250 },
      target: '—',
    });
    expect(byKey.get('tt10.direct.filesPerS')?.met).toBeUndefined();
    expect(byKey.get('tt10.direct.seconds')?.value?.median).toBeCloseTo(86.4);
    expect(byKey.get('tt10.direct.lastWindowFilesPerS')?.value?.median).toBe(180);
    expect(rows.some((r) => r.key.startsWith('tt10.ftp.'))).toBe(false);
    expect(markdownTable(rows, 3)).toContain(
      '| TT 10 intake, 17 280 files of one station, written into the folder',
    );
  });

  it('says "no" when a target is missed', () => {
    const rows = figures([run(30_000)], QUICK);
    expect(rows.find((r) => r.key === 'sustainedRate')?.met).toBe(false);
    expect(markdownTable(rows, 1)).toContain('**no**');
  });
});

describe('the ladder search', () => {
  // The full profile's plan: 5 000, 10 000, 20 000, × 1.5 to 100 000, 5 %, steps of 500, 11 rungs, 20 000 always.
  const plan: LadderPlan = FULL.ladder;

  /** A pipe that passes every rate up to `limit` (a fake rung: no I/O), recording what was asked. */
  const pipeUpTo =
    (limit: number, asked: number[] = []) =>
    async (rate: number) => {
      asked.push(rate);
      return rate <= limit;
    };

  it.each([7_300, 12_345, 19_999, 26_000, 41_000, 44_900, 58_000, 71_234, 99_000])(
    'finds a limit of %i/s to within 5 %% in at most 11 rungs, the 20 000/s rung always run',
    async (limit) => {
      const asked: number[] = [];
      const found = await searchLimit(plan, pipeUpTo(limit, asked));
      expect(found.sustainedRate).toBeLessThanOrEqual(limit);
      expect(found.firstFailedRate).not.toBeNull();
      expect(found.firstFailedRate!).toBeGreaterThan(limit);
      expect(found.resolved).toBe(true);
      expect(found.firstFailedRate! - found.sustainedRate).toBeLessThanOrEqual(
        Math.max(0.05 * found.sustainedRate, plan.granularity),
      );
      expect(asked.length).toBeLessThanOrEqual(plan.maxRungs);
      expect(asked).toContain(20_000);
      expect(found.rungs.map((r) => r.rate)).toEqual(asked);
      expect(asked.every((rate) => rate <= plan.maxRate && rate % plan.granularity === 0)).toBe(true);
    },
  );

  it('climbs 5 000, 10 000, 20 000, then × 1.5 to the first failure, then bisects', async () => {
    const asked: number[] = [];
    await searchLimit(plan, pipeUpTo(50_000, asked));
    expect(asked.slice(0, 6)).toEqual([5_000, 10_000, 20_000, 30_000, 45_000, 67_500]);
    expect(asked[6]).toBe(56_500); // (45 000 + 67 500) / 2 rounded to 500
  });

  it('stops at maxRate when everything passes, unresolved, within the rung bound', async () => {
    const found = await searchLimit(plan, pipeUpTo(Infinity));
    expect(found).toMatchObject({ sustainedRate: 100_000, firstFailedRate: null, resolved: false });
    expect(found.rungs.length).toBeLessThanOrEqual(plan.maxRungs);
  });

  it('bisects below the first rung when even 5 000/s fails, and still runs 20 000/s', async () => {
    const found = await searchLimit(plan, pipeUpTo(2_100));
    expect(found.sustainedRate).toBeLessThanOrEqual(2_100);
    expect(found.sustainedRate).toBeGreaterThanOrEqual(1_500);
    expect(found.rungs.at(-1)).toEqual({ rate: 20_000, passed: false });
    expect(found.rungs.length).toBeLessThanOrEqual(plan.maxRungs);
  });

  it('retries once a failed rate that lies below a passed one; the retry decides', async () => {
    // A noisy pipe: its limit is 12 000/s, but the extra 20 000/s rung happens to pass.
    const flaky = (retryPasses: boolean) => {
      const seen = new Map<number, number>();
      return async (rate: number) => {
        const n = (seen.get(rate) ?? 0) + 1;
        seen.set(rate, n);
        if (rate === 20_000) return n === 2 ? false : true;
        if (n === 2) return retryPasses;
        return rate <= 12_000;
      };
    };
    const stays = await searchLimit(
      { ...plan, coarse: [5_000, 10_000, 15_000], mustRun: 20_000 },
      flaky(false),
    );
    const retried = stays.rungs.filter((r) => r.retry);
    expect(retried).toHaveLength(1);
    expect(retried[0].passed).toBe(false);
    expect(stays.sustainedRate).toBeLessThan(15_000);
    expect(stays.rungs.length).toBeLessThanOrEqual(plan.maxRungs);

    const lifts = await searchLimit(
      { ...plan, coarse: [5_000, 10_000, 15_000], mustRun: 20_000 },
      flaky(true),
    );
    expect(lifts.rungs.filter((r) => r.retry)).toHaveLength(1);
    // The retried (lowest) failure passed; the next failed rate above the passes caps the sustained rate.
    expect(lifts.sustainedRate).toBeGreaterThan(stays.sustainedRate);
  });

  it('counts a rate by its last run and stops at the first failure from the bottom', () => {
    expect(sustainedOf([])).toBe(0);
    expect(
      sustainedOf([
        { rate: 5_000, passed: true },
        { rate: 20_000, passed: true },
        { rate: 10_000, passed: false },
      ]),
    ).toBe(5_000);
    expect(
      sustainedOf([
        { rate: 5_000, passed: true },
        { rate: 20_000, passed: true },
        { rate: 10_000, passed: false },
        { rate: 10_000, passed: true, retry: true },
      ]),
    ).toBe(20_000);
  });

  it('bounds the readings of a ladder, and spreads the packets engine over one connection per 10 000/s', () => {
    expect(maxLadderReadings(plan, 6)).toBe(11 * 100_000 * 6);
    expect([1_000, 20_000, 45_000, 100_000].map((r) => connectionsFor(r))).toEqual([2, 2, 5, 10]);
    expect([20_000, 45_000].map((r) => connectionsFor(r, 'mqttjs'))).toEqual([1, 2]);
  });
});

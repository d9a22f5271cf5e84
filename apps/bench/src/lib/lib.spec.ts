import { registrySchema } from '@langxanh/contracts';
import { FULL, QUICK, firstReadingTime, type RunResult } from './benchmark';
import { countInWindow } from './ladder';
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
      const published =
        profile.rates.reduce((sum, rate) => sum + rate * profile.stepS, 0) +
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
    ladder: { steps: [], sustainedRate },
    sustainedRate,
    cpuUsPerReading: cpu,
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
    soak: soak(soakEnd),
  });

  it('takes medians over the runs, ratios to the floor, and judges each target of issue 7', () => {
    const rows = figures([run(40_000), run(45_000), run(35_000)], FULL);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get('sustainedRate')).toMatchObject({
      value: { median: 40_000, min: 35_000, max: 45_000 },
      ratioToFloor: 0.89,
      met: true,
    });
    expect(byKey.get('cpuUsPerReading')).toMatchObject({ ratioToFloor: 1.5, met: true });
    expect(byKey.get('readingLatency.2000.p99')?.met).toBe(true);
    expect(byKey.get('readingLatency.10000.p99')?.met).toBeUndefined();
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

  it('says "no" when a target is missed', () => {
    const rows = figures([run(30_000)], QUICK);
    expect(rows.find((r) => r.key === 'sustainedRate')?.met).toBe(false);
    expect(markdownTable(rows, 1)).toContain('**no**');
  });
});

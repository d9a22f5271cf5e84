import {
  parseRegistry,
  parseTopic,
  StationIndex,
  validateReading,
  type LoadSummary,
  type Registry,
} from '@langxanh/contracts';
import { loadRegistry } from '../registry';
import {
  achievedRate,
  connectionOf,
  defaultT0,
  dueAtMs,
  dueCount,
  LOAD_VALUE_BOUNDS,
  loadPayload,
  loadSlot,
  loadStations,
  nextWakeMs,
  plannedCount,
  summaryJson,
  summaryLines,
  TICK_MS,
} from './plan';

const registry = loadRegistry();
const index = new StationIndex(registry);
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('loadStations', () => {
  it('takes the air stations in registry order', () => {
    const all = loadStations(registry);
    const air = registry.clusters.flatMap((c) => c.stations.filter((s) => s.kind === 'air').map((s) => s.id));
    expect(all.map((s) => s.id)).toEqual(air);
    expect(all[0]).toEqual({
      id: 'pk-air-01',
      cluster: 'phong-khe',
      topic: 'langxanh/v1/phong-khe/air/pk-air-01/reading',
    });
    expect(loadStations(registry, 3).map((s) => s.id)).toEqual(air.slice(0, 3));
  });

  it('refuses more stations than the registry has', () => {
    const n = loadStations(registry).length;
    expect(() => loadStations(registry, n + 1)).toThrow(`only ${n} air station(s)`);
    expect(() => loadStations(registry, 0)).toThrow(/integer ≥ 1/);
  });

  it('refuses a registry without air stations', () => {
    const noAir: Registry = parseRegistry({
      ...registry,
      clusters: registry.clusters.map((c) => ({
        ...c,
        stations: c.stations.filter((s) => s.kind !== 'air'),
      })),
    });
    expect(() => loadStations(noAir)).toThrow(/matches no station/);
  });
});

describe('numbering', () => {
  it('maps number n to station n mod S and ts = t0 + floor(n / S)', () => {
    expect(loadSlot(0, 3, T0)).toEqual({ station: 0, ts: T0 });
    expect(loadSlot(4, 3, T0)).toEqual({ station: 1, ts: T0 + 1 });
    expect(loadSlot(2999, 3, T0)).toEqual({ station: 2, ts: T0 + 999 });
  });

  it("spaces one station's readings by the interval (a datalogger's minute)", () => {
    expect(loadSlot(4, 3, T0, 60_000)).toEqual({ station: 1, ts: T0 + 60_000 });
    expect(loadSlot(2999, 3, T0, 60_000)).toEqual({ station: 2, ts: T0 + 999 * 60_000 });
  });

  it('gives each number its own (station, ts): one InfluxDB point per number, 1 ms apart per station', () => {
    const S = 9;
    const seen = new Set<string>();
    const lastTs = new Map<number, number>();
    for (let n = 1_000; n < 1_000 + 5_000; n++) {
      const { station, ts } = loadSlot(n, S, T0);
      seen.add(`${station}@${ts}`);
      const previous = lastTs.get(station);
      if (previous !== undefined) expect(ts - previous).toBe(1);
      lastTs.set(station, ts);
    }
    expect(seen.size).toBe(5_000);
  });

  it('continues a run with --first without reusing a point', () => {
    const a = new Set(Array.from({ length: 300 }, (_, n) => JSON.stringify(loadSlot(n, 7, T0))));
    for (let n = 300; n < 600; n++) expect(a.has(JSON.stringify(loadSlot(n, 7, T0)))).toBe(false);
  });

  it('spreads numbers over the connections round-robin', () => {
    expect([0, 1, 2, 3, 4].map((n) => connectionOf(n, 2))).toEqual([0, 1, 0, 1, 0]);
    expect([0, 1, 2, 3].map((n) => connectionOf(n, 1))).toEqual([0, 0, 0, 0]);
  });
});

describe('loadPayload', () => {
  const stations = loadStations(registry);

  it('is valid per the contract on every air station, with all 8 parameters and nothing rejected', () => {
    for (let n = 0; n < 2_000; n++) {
      const { station, ts } = loadSlot(n, stations.length, T0);
      const topic = parseTopic(stations[station].topic)!;
      const outcome = validateReading(topic, loadPayload(n, ts), { stations: index, now: T0 + 3_600_000 });
      expect(outcome.rejections).toEqual([]);
      expect(outcome.normalisations).toEqual([]);
      expect(outcome.reading?.time).toBe(ts);
      expect(outcome.reading?.station).toBe(stations[station].id);
      expect(Object.keys(outcome.reading!.values).sort()).toEqual(Object.keys(LOAD_VALUE_BOUNDS).sort());
    }
  });

  it('keeps every value within its bounds, PM2.5 ≤ PM10 ≤ TSP, and varies with n', () => {
    const seen = new Map<string, Set<number>>();
    for (let n = 0; n < 10_000; n++) {
      const { values, ts } = JSON.parse(loadPayload(n, T0 + n)) as {
        ts: number;
        values: Record<string, number>;
      };
      expect(ts).toBe(T0 + n);
      for (const [key, [min, max]] of Object.entries(LOAD_VALUE_BOUNDS)) {
        expect(values[key]).toBeGreaterThanOrEqual(min);
        expect(values[key]).toBeLessThanOrEqual(max);
        seen.set(key, (seen.get(key) ?? new Set()).add(values[key]));
      }
      expect(values['PM2.5']).toBeLessThanOrEqual(values.PM10);
      expect(values.PM10).toBeLessThanOrEqual(values.TSP);
    }
    for (const values of seen.values()) expect(values.size).toBeGreaterThanOrEqual(10);
  });

  it('stays under the QCVN 05:2023 limits and the VN_AQI "good" band', () => {
    // QCVN 05:2023/BTNMT Bảng 1 (the lowest limit of each parameter) and QĐ 1459/QĐ-TCMT Bảng 2 "good" tops.
    const ceilings: Record<string, number> = {
      'PM2.5': 25,
      PM10: 50,
      TSP: 200,
      SO2: 125,
      NO2: 100,
      CO: 10_000,
      O3: 120,
    };
    for (const [key, ceiling] of Object.entries(ceilings)) {
      expect(LOAD_VALUE_BOUNDS[key][1]).toBeLessThan(ceiling);
    }
  });

  it('is deterministic', () => {
    expect(loadPayload(12_345, T0)).toBe(loadPayload(12_345, T0));
    expect(loadPayload(0, T0)).toBe(
      `{"ts":${T0},"values":{"PM2.5":5.1,"PM10":15.1,"TSP":40.1,"SO2":5.1,"NO2":5.1,"CO":500.9,"O3":10.1,"Temp":20.1}}`,
    );
  });
});

describe('pacing plan', () => {
  it('plans round(rate × duration) readings', () => {
    expect(plannedCount(2_000, 1)).toBe(2_000);
    expect(plannedCount(20_000, 5)).toBe(100_000);
    expect(plannedCount(3, 0.5)).toBe(2);
    expect(() => plannedCount(0, 1)).toThrow(RangeError);
  });

  it('makes reading i due at i / rate s, reading 0 at once, never more than count', () => {
    expect(dueCount(-1, 1_000, 10)).toBe(0);
    expect(dueCount(0, 1_000, 10)).toBe(1);
    expect(dueCount(4.9, 1_000, 10)).toBe(5);
    expect(dueCount(5, 1_000, 10)).toBe(6);
    expect(dueCount(60_000, 1_000, 10)).toBe(10);
    expect(dueAtMs(3, 1_000)).toBe(3);
  });

  it('releases rate × 5 ms readings per tick, all of them by (count − 1) / rate', () => {
    const rate = 20_000;
    const count = plannedCount(rate, 5);
    let previous = 0;
    for (let t = TICK_MS; t < 5_000; t += TICK_MS) {
      const due = dueCount(t, rate, count);
      expect(due - previous).toBe(t === TICK_MS ? 101 : 100);
      previous = due;
    }
    expect(dueCount(dueAtMs(count - 1, rate), rate, count)).toBe(count);
  });

  it('wakes at the next tick, or later when the next reading is not due by then', () => {
    expect(nextWakeMs(0, 1, 20_000)).toBe(5);
    expect(nextWakeMs(12.3, 250, 20_000)).toBe(15);
    expect(nextWakeMs(0, 1, 1)).toBe(1_000);
  });

  it('defaults t0 to now − 6 h rounded down to the second', () => {
    expect(defaultT0(Date.UTC(2026, 0, 1, 12, 0, 0, 789))).toBe(Date.UTC(2026, 0, 1, 6, 0, 0));
  });

  it('moves t0 back so that readings a minute apart do not run into the future', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 789);
    // 10 stations × 1 000 readings each, a minute apart: the last one is one minute before now.
    const t0 = defaultT0(now, 9_999, 10, 60_000);
    expect(t0).toBe(Date.UTC(2026, 0, 1, 12, 0, 0) - 1_000 * 60_000);
    expect(loadSlot(9_999, 10, t0, 60_000).ts).toBeLessThan(now);
  });
});

describe('summary', () => {
  const summary: LoadSummary = {
    first: 0,
    count: 2_000,
    sent: 2_000,
    acked: 2_000,
    stations: 3,
    t0: T0,
    lastTs: T0 + 666,
    rate: 2_000,
    durationS: 1,
    startedAt: 1_000,
    publishEndedAt: 2_000,
    ackedAllAt: 2_040,
    achievedRate: achievedRate(2_000, 1_000, 2_000),
    connections: 1,
    qos: 1,
  };

  it('computes the achieved rate over the publishing span (at least 1 ms)', () => {
    expect(summary.achievedRate).toBe(2_000);
    expect(achievedRate(1, 5, 5)).toBe(1_000);
    expect(achievedRate(1_000, 0, 3_000)).toBe(333.3);
  });

  it('prints one JSON line with the contract keys in order', () => {
    const line = summaryJson(summary);
    expect(line).not.toContain('\n');
    expect(Object.keys(JSON.parse(line))).toEqual([
      'first',
      'count',
      'sent',
      'acked',
      'stations',
      't0',
      'lastTs',
      'rate',
      'durationS',
      'startedAt',
      'publishEndedAt',
      'ackedAllAt',
      'achievedRate',
      'connections',
      'qos',
    ]);
    expect(JSON.parse(line)).toEqual(summary);
  });

  it('has a readable form', () => {
    const text = summaryLines(summary).join('\n');
    expect(text).toMatch(/2000 of 2000 sent/);
    expect(text).toMatch(/settled after 40 ms/);
    expect(summaryLines({ ...summary, ackedAllAt: null, sent: 0, lastTs: null }).join('\n')).toMatch(
      /settled after not all/,
    );
  });
});

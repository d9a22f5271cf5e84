import { startOfVietnamDay, type Reading, type ThresholdRule } from '@langxanh/contracts';
import { so2Hourly } from '../test/fixtures';
import { OpenAlerts, StationKeys, type AlertTransition } from './open-alerts';
import { RollingMinuteMeans, type LaterValues } from './rolling-mean';
import { ThresholdEvaluator } from './threshold-evaluator';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-29T00:00:00Z');

describe('RollingMinuteMeans', () => {
  it('averages the values of the period ending at the given minute, with its coverage', () => {
    const means = new RollingMinuteMeans(3_600_000);
    means.add(T0, 10);
    means.add(T0 + 30_000, 20);
    means.add(T0 + 60_000, 30);
    expect(means.mean(T0 + 60_000, 3_600_000)).toEqual({ mean: 20, coverage: 2 / 60 });
    expect(means.mean(T0 + 60_000, 60_000)).toEqual({ mean: 30, coverage: 1 });
  });
  it('refuses a second value at the same time, in order or late, and takes a late new time', () => {
    const means = new RollingMinuteMeans(3_600_000);
    expect(means.add(T0 + 1_000, 10)).toBe(true);
    expect(means.add(T0 + 3_000, 30)).toBe(true);
    expect(means.add(T0 + 3_000, 99)).toBe(false);
    expect(means.add(T0 + 1_000, 99)).toBe(false);
    expect(means.add(T0 + 2_000, 20)).toBe(true);
    expect(means.add(T0 + 2_000, 99)).toBe(false);
    expect(means.mean(T0, 60_000)).toEqual({ mean: 20, coverage: 1 });
  });
  it('counts a value added after a warm-up aggregate of its minute', () => {
    const means = new RollingMinuteMeans(3_600_000);
    means.addAggregate(T0, 30, 3);
    expect(means.add(T0 + 5_000, 50)).toBe(true);
    expect(means.add(T0 + 5_000, 50)).toBe(false);
    expect(means.mean(T0, 60_000)).toEqual({ mean: 20, coverage: 1 });
  });
  it('forgets hours beyond the longest period + horizon + 1 h', () => {
    const means = new RollingMinuteMeans(HOUR, 2 * HOUR); // 4 hour buckets
    means.add(T0, 1000);
    means.add(T0 + 3 * HOUR, 10);
    expect(means.mean(T0 + 3 * HOUR, 4 * HOUR)?.mean).toBe(505);
    means.add(T0 + 4 * HOUR, 10);
    expect(means.mean(T0 + 4 * HOUR, 5 * HOUR)?.mean).toBe(10);
  });
  it('aligns 8-h windows on clock hours: coverage 1 for a reading every minute once the window is full', () => {
    const means = new RollingMinuteMeans(6 * HOUR);
    for (let m = 0; m < 10 * 60; m++) {
      means.add(T0 + m * MINUTE + 7_000, m);
      const window = means.mean(T0 + m * MINUTE + 7_000, 8 * HOUR);
      const first = (Math.floor(m / 60) - 7) * 60;
      // Coverage counts from the window's start (7 clock hours before the current one), full once it is reached.
      expect(window).toEqual({ mean: (Math.max(0, first) + m) / 2, coverage: (m - Math.max(0, first) + 1) / (m - first + 1) });
      if (m >= 7 * 60) expect(window?.coverage).toBe(1);
    }
  });
  it('beyond the minute detail counts one value per minute, and refuses a value older than the hour buckets', () => {
    const means = new RollingMinuteMeans(HOUR, 2 * HOUR); // minute detail 2 h, hour buckets 4 h
    expect(means.add(T0 + 3 * HOUR, 10)).toBe(true);
    expect(means.add(T0 + 30 * MINUTE, 20)).toBe(true); // beyond the minute detail, in the hour buckets
    expect(means.add(T0 + 30 * MINUTE + 5_000, 30)).toBe(false); // its minute holds a value
    expect(means.add(T0 + 31 * MINUTE, 30)).toBe(true);
    expect(means.add(T0 - 1 * MINUTE, 40)).toBe(false); // older than the hour buckets
    expect(means.mean(T0 + 3 * HOUR, 4 * HOUR)).toEqual({ mean: 20, coverage: 3 / 181 });
  });
  it('skips stored minutes and hours that live values already fill, and refuses late values into stored hours', () => {
    const means = new RollingMinuteMeans(HOUR, 2 * HOUR);
    means.add(T0 + 3 * HOUR + 5 * MINUTE, 100);
    means.add(T0 + HOUR + 10 * MINUTE, 100); // a live late value: its hour is taken from live values only
    expect(means.addHourAggregate(T0, 60 * 3, 3, 2)).toBe(true);
    expect(means.addHourAggregate(T0 + HOUR, 600, 6, 6)).toBe(false);
    expect(means.addAggregate(T0 + 3 * HOUR + 5 * MINUTE, 0, 1)).toBe(false);
    expect(means.addAggregate(T0 + 3 * HOUR + 4 * MINUTE, 50, 1)).toBe(true);
    expect(means.add(T0 + 20 * MINUTE, 1)).toBe(false); // beyond the minute detail, in a stored hour
    const window = means.mean(T0 + 3 * HOUR + 5 * MINUTE, 4 * HOUR);
    expect(window?.mean).toBeCloseTo((180 + 200 + 50) / 6, 9);
    expect(window?.coverage).toBe(5 / 186);
  });
  it('rejects a horizon outside its bounds', () => {
    expect(() => new RollingMinuteMeans(-1)).toThrow(RangeError);
    expect(() => new RollingMinuteMeans(Number.NaN)).toThrow(RangeError);
    expect(() => new RollingMinuteMeans(8 * 24 * HOUR)).toThrow(RangeError);
  });
});

/**
 * The semantics of RollingMinuteMeans computed directly over the raw values kept (no buckets): which values count
 * (repeats, one per minute beyond the minute detail, nothing older than the hour buckets, stored buckets skipped
 * where live values fill them) and every window's mean and coverage.
 */
class Reference {
  /** Values counted; `stored` ones came from a warm-up bucket (their times are unknown to the class). */
  values: { time: number; value: number; stored?: boolean; weight?: number; minutes?: number }[] = [];
  /** Hours warmed up from a stored hour bucket (their minutes unknown: full occupancy mask). */
  private readonly storedHours = new Set<number>();
  private newestMinute = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly detailMinutes: number,
    private readonly hourSlots: number,
  ) {}

  private advance(minute: number): void {
    const hour = Math.floor(this.newestMinute / 60);
    this.newestMinute = Math.max(this.newestMinute, minute);
    if (Math.floor(this.newestMinute / 60) !== hour)
      this.values = this.values.filter((v) => this.heldHour(Math.floor(v.time / HOUR)));
  }
  private heldHour(hour: number): boolean {
    const newestHour = Math.floor(this.newestMinute / 60);
    return hour > newestHour - this.hourSlots;
  }
  private inDetail(minute: number): boolean {
    return minute > this.newestMinute - this.detailMinutes;
  }
  /** The values of the hours still held (older ones are dropped as the newest hour moves on). */
  private kept() {
    return this.values;
  }

  add(time: number, value: number): boolean {
    const minute = Math.floor(time / MINUTE);
    this.advance(minute);
    if (!this.heldHour(Math.floor(minute / 60))) return false;
    const kept = this.kept();
    if (this.inDetail(minute)) {
      if (kept.some((v) => !v.stored && v.time === time)) return false;
    } else if (
      this.storedHours.has(Math.floor(minute / 60)) ||
      kept.some((v) => Math.floor(v.time / MINUTE) === minute)
    )
      return false;
    this.values.push({ time, value });
    return true;
  }

  /** A stored minute: `count` values of mean `mean`. */
  addMinute(time: number, mean: number, count: number): void {
    const minute = Math.floor(time / MINUTE);
    this.advance(minute);
    if (this.kept().some((v) => Math.floor(v.time / MINUTE) === minute)) return;
    this.values.push({ time: minute * MINUTE, value: mean, stored: true, weight: count });
  }

  /** A stored hour: `count` values of mean `mean` in `minutes` minutes. */
  addHour(time: number, mean: number, count: number, minutes: number): void {
    const hour = Math.floor(time / HOUR);
    this.advance(hour * 60);
    if (this.kept().some((v) => Math.floor(v.time / HOUR) === hour)) return;
    this.storedHours.add(hour);
    this.values.push({ time: hour * HOUR, value: mean, stored: true, weight: count, minutes });
  }

  /** Values of `time`'s minute measured after it. */
  later(time: number): LaterValues {
    const minute = Math.floor(time / MINUTE);
    const after = this.kept().filter((v) => !v.stored && Math.floor(v.time / MINUTE) === minute && v.time > time);
    return { count: after.length, sum: after.reduce((s, v) => s + v.value, 0) };
  }

  /** Mean and coverage of minutes `first … minute of time`, leaving out values of that minute after `time`. */
  window(first: number, time: number, expected: number) {
    const last = Math.floor(time / MINUTE);
    const kept = this.kept();
    // A partial hour: undefined when it was warmed as one bucket, or is older than the minute detail, and holds values.
    for (const hour of new Set([Math.floor(first / 60), Math.floor(last / 60)])) {
      if (first <= hour * 60 && hour * 60 + 59 <= last) continue;
      if (!kept.some((v) => Math.floor(v.time / HOUR) === hour)) continue;
      if (this.storedHours.has(hour) || !this.inDetail(Math.max(first, hour * 60))) return undefined;
    }
    let sum = 0;
    let count = 0;
    const minutes = new Set<number>();
    let storedMinutes = 0;
    for (const v of kept) {
      const m = Math.floor(v.time / MINUTE);
      if (m < first || m > last || (m === last && !v.stored && v.time > time)) continue;
      if (v.minutes !== undefined) storedMinutes += v.minutes;
      // A value in an hour warmed as one bucket adds no minute (which minutes the bucket held is unknown).
      else if (!this.storedHours.has(Math.floor(m / 60))) minutes.add(m);
      const weight = v.weight ?? 1;
      sum += v.value * weight;
      count += weight;
    }
    if (count === 0) return undefined;
    return { mean: sum / count, coverage: Math.min(1, (minutes.size + storedMinutes) / expected) };
  }
}

function expectSame(
  got: { mean: number; coverage: number } | undefined,
  want: { mean: number; coverage: number } | undefined,
  what: string,
): void {
  if (want === undefined) {
    expect({ what, got }).toEqual({ what, got: undefined });
    return;
  }
  expect({ what, defined: got !== undefined }).toEqual({ what, defined: true });
  if (Math.abs((got?.mean ?? NaN) - want.mean) > 1e-6 || Math.abs((got?.coverage ?? NaN) - want.coverage) > 1e-9)
    expect({ what, ...got }).toEqual({ what, ...want });
}

/** Every window of `means` at `time` against the reference. */
function compareAt(means: RollingMinuteMeans, ref: Reference, time: number): number {
  const last = Math.floor(time / MINUTE);
  const later = ref.later(time);
  const hourStart = Math.floor(last / 60) * 60;
  expectSame(means.mean(time, HOUR, later), ref.window(last - 59, time, 60), `1h at ${new Date(time).toISOString()}`);
  for (const hours of [8, 24]) {
    const first = hourStart - (hours - 1) * 60;
    expectSame(
      means.mean(time, hours * HOUR, later),
      ref.window(first, time, last - first + 1),
      `${hours}h at ${new Date(time).toISOString()}`,
    );
  }
  const day = startOfVietnamDay(time);
  expectSame(
    means.meanSince(day, time, 1_440, later),
    ref.window(day / MINUTE, time, 1_440),
    `calendar day at ${new Date(time).toISOString()}`,
  );
  return 4;
}

describe('RollingMinuteMeans against a brute-force reference', () => {
  // A seeded linear congruential generator: the same sequence on every run.
  const generator = (seed: number) => () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

  it('gives the same means and coverages over days of gaps, late values in and beyond the horizon and repeats', () => {
    const random = generator(12345);
    const horizon = 6 * HOUR;
    const means = new RollingMinuteMeans(horizon); // minute detail 7 h, hour buckets 31 h
    const ref = new Reference(420, 31);
    let clock = T0 + 15 * HOUR + 3_000; // 22:00 in Vietnam: the first day boundary (17:00 UTC) comes in 2 h
    let compared = 0;
    let crossedDay = 0;
    const outcomes = { late: 0, beyond: 0, repeats: 0, refused: 0 };
    for (let i = 0; i < 7_000; i++) {
      const r = random();
      let time: number;
      if (r < 0.8) {
        // Mostly a reading a minute (with jitter), sometimes a gap of up to 5 h.
        const before = clock;
        clock += random() < 0.01 ? Math.floor(random() * 5 * HOUR) : 30_000 + Math.floor(random() * 60_000);
        if (Math.floor((before + 7 * HOUR) / 86_400_000) !== Math.floor((clock + 7 * HOUR) / 86_400_000))
          crossedDay += 1;
        time = clock;
      } else if (r < 0.88) {
        time = clock - Math.floor(random() * horizon); // late, inside the horizon
        outcomes.late += 1;
      } else if (r < 0.94) {
        time = clock - horizon - HOUR - Math.floor(random() * 26 * HOUR); // beyond the minute detail
        outcomes.beyond += 1;
      } else {
        // A repeat of a recent value's time, or a value of the same minute as an old one.
        const recent = ref.values.filter((v) => !v.stored).at(-1 - Math.floor(random() * 50));
        time = recent ? recent.time + (random() < 0.5 ? 0 : Math.floor(random() * 1_000) - 500) : clock;
        outcomes.repeats += 1;
      }
      const value = Math.round(random() * 10_000) / 10;
      const want = ref.add(time, value);
      const got = means.add(time, value);
      if (!want) outcomes.refused += 1;
      expect({ i, time, added: got }).toEqual({ i, time, added: want });
      if (i % 10 === 0) {
        compared += compareAt(means, ref, clock);
        // A window ending in the past: a value inside the horizon replayed, with `later`.
        const past = ref.values.filter((v) => !v.stored && v.time > clock - horizon);
        const at = past[Math.floor(random() * past.length)];
        if (at) compared += compareAt(means, ref, at.time);
      }
    }
    // The run covered what it claims (so the comparison above cannot pass vacuously).
    expect(crossedDay).toBeGreaterThanOrEqual(4);
    expect(outcomes.late).toBeGreaterThan(400);
    expect(outcomes.beyond).toBeGreaterThan(300);
    expect(outcomes.refused).toBeGreaterThan(200);
    expect(compared).toBeGreaterThan(5_000);
  });

  it('merges a warm-up of stored minutes and hours with values already evaluated live', () => {
    const random = generator(777);
    const now = T0 + 40 * HOUR + 17 * MINUTE;
    const means = new RollingMinuteMeans(6 * HOUR);
    const ref = new Reference(420, 31);
    // Live readings since shortly before the warm-up runs, and one late value (beyond the minute detail).
    const live = [now - 3 * MINUTE, now - 2 * MINUTE, now - 20 * HOUR];
    for (const time of live) expect(means.add(time, 42)).toBe(ref.add(time, 42));
    // Stored raw values of the last 31 h: every minute (gaps of whole hours), a few twice a minute.
    const stored: { time: number; value: number }[] = [];
    for (let time = now - 31 * HOUR; time < now; time += MINUTE) {
      if (Math.floor(time / HOUR) % 7 === 3 || random() < 0.2) continue;
      stored.push({ time, value: Math.round(random() * 1_000) });
      if (random() < 0.1) stored.push({ time: time + 20_000, value: Math.round(random() * 1_000) });
    }
    const bucket = (size: number, from: number, to: number) => {
      const out = new Map<number, { sum: number; count: number; minutes: Set<number> }>();
      for (const v of stored) {
        if (v.time < from || v.time >= to) continue;
        const start = Math.floor(v.time / size) * size;
        const b = out.get(start) ?? { sum: 0, count: 0, minutes: new Set<number>() };
        b.sum += v.value;
        b.count += 1;
        b.minutes.add(Math.floor(v.time / MINUTE));
        out.set(start, b);
      }
      return [...out].map(([time, b]) => ({ time, mean: b.sum / b.count, count: b.count, minutes: b.minutes.size }));
    };
    const minuteFrom = (Math.floor(now / HOUR) - 1) * HOUR;
    const hours = bucket(HOUR, now - 31 * HOUR, minuteFrom);
    const minutes = bucket(MINUTE, minuteFrom, now);
    for (const h of hours) {
      means.addHourAggregate(h.time, h.mean * h.count, h.count, h.minutes);
      ref.addHour(h.time, h.mean, h.count, h.minutes);
    }
    for (const m of minutes) {
      means.addAggregate(m.time, m.mean * m.count, m.count);
      ref.addMinute(m.time, m.mean, m.count);
    }
    compareAt(means, ref, now - 2 * MINUTE);
    // Then more live values, in order and late (into stored minutes and hours, in and beyond the minute detail).
    let compared = 0;
    for (let i = 0; i < 400; i++) {
      const time =
        random() < 0.7 ? now + i * MINUTE : now + i * MINUTE - Math.floor(random() * 30 * HOUR);
      const value = Math.round(random() * 1_000);
      expect({ i, added: means.add(time, value) }).toEqual({ i, added: ref.add(time, value) });
      compared += compareAt(means, ref, Math.max(time, now + i * MINUTE));
    }
    expect(compared).toBe(1_600);
  });

  it('averages only the 00 values a ThresholdEvaluator is given (01/02 are left out), late ones in their place', () => {
    const random = generator(4242);
    const evaluator = new ThresholdEvaluator(new OpenAlerts(), new StationKeys());
    const rules: ThresholdRule[] = [
      { ...so2Hourly, id: 'so2/1h' },
      { ...so2Hourly, id: 'so2/24h', averagingPeriod: '24h' },
      { ...so2Hourly, id: 'so2/day', averagingPeriod: 'calendarDay' },
    ];
    const ref = new Reference(420, 31);
    const out: AlertTransition[] = [];
    let clock = T0 + 12 * HOUR;
    let skipped = 0;
    for (let i = 0; i < 3_000; i++) {
      clock += 40_000 + Math.floor(random() * 40_000);
      const late = random() < 0.1;
      const time = late ? clock - Math.floor(random() * 10 * HOUR) : clock;
      const status = random() < 0.1 ? '02' : random() < 0.1 ? '01' : '00';
      const value = Math.round(random() * 5_000) / 10;
      const reading: Reading = {
        cluster: 'phong-khe',
        kind: 'air',
        station: 'pk-air-01',
        time,
        values: { SO2: value },
        status: { SO2: status },
      };
      evaluator.evaluate(reading, rules, out);
      if (status === '00') ref.add(time, value);
      else skipped += 1;
      if (i % 20 === 0) {
        const series = (evaluator as unknown as { means: Map<string, RollingMinuteMeans> }).means
          .values()
          .next().value as RollingMinuteMeans;
        compareAt(series, ref, clock);
      }
    }
    expect(skipped).toBeGreaterThan(300);
  });
});

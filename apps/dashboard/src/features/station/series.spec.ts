import type { ReadingBucketDto } from '@langxanh/contracts';
import { describe, expect, it } from 'vitest';
import { reading } from '../../testing/fixtures';
import { alonePoints, buildSeries, hasValues, limitLabelSide, livePoints, timeTicks, valueTicks, withRollingMean, type ChartPoint } from './series';

const T0 = Date.parse('2026-11-29T00:00:00Z');
const MIN = 60_000;
const bucket = (minute: number, mean: number | null, min = mean, max = mean): ReadingBucketDto => ({
  time: new Date(T0 + minute * MIN).toISOString(),
  mean,
  min,
  max,
  count: mean === null ? 0 : 10,
});
const options = { everyS: 60, liveGapMs: 3 * MIN };

describe('buildSeries: history', () => {
  it('keeps a null bucket as a gap, never as zero', () => {
    const points = buildSeries([bucket(0, 10, 8, 12), bucket(1, null), bucket(2, 14, 13, 15)], [], options);
    expect(points).toHaveLength(3);
    expect(points[1]).toEqual({ t: T0 + MIN, mean: null, band: null, live: false });
    expect(points.some((p) => p.mean === 0)).toBe(false);
    expect(points[0].band).toEqual([8, 12]);
  });

  it('inserts a gap where buckets are missing', () => {
    const points = buildSeries([bucket(0, 10), bucket(1, 11), bucket(5, 12)], [], options);
    expect(points.map((p) => p.mean)).toEqual([10, 11, null, 12]);
    expect(points[2].t).toBe(T0 + 2 * MIN);
  });

  it('does not break the line between consecutive buckets', () => {
    const points = buildSeries([bucket(0, 1), bucket(1, 2), bucket(2, 3)], [], options);
    expect(points.every((p) => p.mean !== null)).toBe(true);
  });

  it('sorts buckets by time and skips unreadable times', () => {
    const bad = { ...bucket(3, 99), time: 'garbage' };
    const points = buildSeries([bucket(1, 2), bad, bucket(0, 1)], [], options);
    expect(points.map((p) => p.mean)).toEqual([1, 2]);
  });

  it('has no band when min or max is missing', () => {
    const points = buildSeries([bucket(0, 5, null, 7)], [], options);
    expect(points[0]).toMatchObject({ mean: 5, band: null });
  });

  it('treats a non-finite value as missing', () => {
    const points = buildSeries([bucket(0, Number.NaN)], [], options);
    expect(points[0].mean).toBeNull();
    expect(hasValues(points)).toBe(false);
  });
});

describe('buildSeries: live points', () => {
  it('appends live readings after the last bucket, without a band', () => {
    const live = [
      { t: T0 + 30_000, value: 99 }, // inside the history: dropped
      { t: T0 + MIN + 70_000, value: 21 },
      { t: T0 + MIN + 130_000, value: 22 },
    ];
    const points = buildSeries([bucket(0, 10), bucket(1, 11)], live, options);
    expect(points.map((p) => p.mean)).toEqual([10, 11, 21, 22]);
    expect(points.slice(2).every((p) => p.live && p.band === null)).toBe(true);
  });

  it('breaks the line when live readings stop for longer than the gap', () => {
    const live = [
      { t: T0 + 2 * MIN + 10_000, value: 1 },
      { t: T0 + 20 * MIN, value: 2 },
    ];
    const points = buildSeries([bucket(0, 10), bucket(1, 11)], live, options);
    expect(points.map((p) => p.mean)).toEqual([10, 11, 1, null, 2]);
  });

  it('breaks the line between the history and a live reading long after it', () => {
    const points = buildSeries([bucket(0, 10)], [{ t: T0 + 30 * MIN, value: 5 }], options);
    expect(points.map((p) => p.mean)).toEqual([10, null, 5]);
  });

  it('draws live readings alone when there is no history', () => {
    const points = buildSeries([], [{ t: T0 + MIN, value: 3 }, { t: T0, value: 2 }], options);
    expect(points.map((p) => p.mean)).toEqual([2, 3]);
    expect(hasValues(points)).toBe(true);
  });

  it('extracts one parameter from the live readings', () => {
    const readings = [
      reading({ time: '2026-11-29T07:01:00.000Z', values: { COD: 1, pH: 7 } }),
      reading({ time: '2026-11-29T07:02:00.000Z', values: { pH: 7.2 } }),
    ];
    expect(livePoints(readings, 'COD')).toEqual([{ t: Date.parse('2026-11-29T07:01:00.000Z'), value: 1 }]);
    expect(livePoints(readings, 'pH')).toHaveLength(2);
  });
});

describe('timeTicks', () => {
  it('aligns hourly ticks on whole hours', () => {
    const from = Date.parse('2026-11-29T01:20:00Z');
    const ticks = timeTicks(from, from + 3 * 3_600_000, 3_600_000);
    expect(ticks.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['02:00', '03:00', '04:00']);
  });

  it('aligns daily ticks on midnight in Vietnam (17:00 UTC)', () => {
    const from = Date.parse('2026-11-29T01:00:00Z');
    const ticks = timeTicks(from, from + 2 * 86_400_000, 86_400_000);
    expect(ticks.map((t) => new Date(t).toISOString())).toEqual(['2026-11-29T17:00:00.000Z', '2026-11-30T17:00:00.000Z']);
  });
});

describe('alonePoints: the values drawn as dots', () => {
  const means = (points: ReturnType<typeof buildSeries>, alone: ReadonlySet<unknown>) =>
    points.filter((p) => alone.has(p)).map((p) => p.mean);

  it('names a value between two gaps, and one at either end next to a gap', () => {
    const points = buildSeries(
      [bucket(0, 1), bucket(1, null), bucket(2, 2), bucket(3, null), bucket(4, 3), bucket(5, 4), bucket(6, null), bucket(7, 5)],
      [],
      options,
    );
    expect(means(points, alonePoints(points))).toEqual([1, 2, 5]);
  });

  it('names no value of an unbroken run, nor a gap', () => {
    const points = buildSeries([bucket(0, null), bucket(1, 1), bucket(2, 2), bucket(3, null)], [], options);
    expect(alonePoints(points).size).toBe(0);
  });

  it('names every value when buckets are narrower than the reporting interval (the blank chart of issue 14)', () => {
    // a 5-min station in 1-min buckets: one value in every fifth bucket
    const buckets = Array.from({ length: 30 }, (_, m) => bucket(m, m % 5 === 0 ? m : null));
    const points = buildSeries(buckets, [], options);
    expect(alonePoints(points).size).toBe(6);
  });

  it('names a lone value after a gap inserted for missing buckets, and a lone live reading', () => {
    const points = buildSeries([bucket(0, 1), bucket(1, 2), bucket(5, 3)], [{ t: T0 + 40 * MIN, value: 9 }], options);
    expect(points.map((p) => p.mean)).toEqual([1, 2, null, 3, null, 9]);
    expect(means(points, alonePoints(points))).toEqual([3, 9]);
  });

  it('names a single value', () => {
    const points = buildSeries([bucket(0, 7)], [], options);
    expect(means(points, alonePoints(points))).toEqual([7]);
  });
});

describe('withRollingMean', () => {
  const HOUR = 3_600_000;
  const hourly = (values: (number | null)[]) =>
    values.map((mean, i) => ({ t: i * HOUR, mean, band: null, live: false }) satisfies ChartPoint);

  it('draws the mean over the averaging period ending at each bucket, once the window is 75 % covered', () => {
    const points = withRollingMean(hourly(Array.from({ length: 12 }, (_, i) => i + 1)), 8 * HOUR, 3600);
    // 8-h window needs 6 hourly buckets: none before the 6th
    expect(points.slice(0, 5).map((p) => p.rolling)).toEqual([null, null, null, null, null]);
    expect(points[5].rolling).toBeCloseTo(3.5); // mean(1..6)
    expect(points[7].rolling).toBeCloseTo(4.5); // mean(1..8)
    expect(points[11].rolling).toBeCloseTo(8.5); // mean(5..12): the window slides
    // the raw values stay as they were
    expect(points.map((p) => p.mean)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('leaves gaps out of the mean and says nothing where too little is left', () => {
    const points = withRollingMean(hourly([10, null, null, null, 20, 30, 40, 50, 60, 70]), 8 * HOUR, 3600);
    expect(points[7].rolling).toBeNull(); // 5 values in (−1 h, 7 h]: under 6
    expect(points[9].rolling).toBeCloseTo(45); // 20..70
  });

  it('adds nothing when a bucket is as wide as the period', () => {
    const input = hourly([1, 2, 3]);
    expect(withRollingMean(input, HOUR, 3600)).toBe(input);
  });
});

describe('valueTicks', () => {
  it('gives ticks whose labels differ at the shown decimals (battery 20.4–21.2 %, 0 decimals)', () => {
    const ticks = valueTicks(20.4, 21.2, 0) ?? [];
    const labels = ticks.map((t) => t.toFixed(0));
    expect(new Set(labels).size).toBe(labels.length);
    expect(ticks[0]).toBeLessThanOrEqual(20.4);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(21.2);
  });

  it('spans the values in at most 6 nice steps', () => {
    const ticks = valueTicks(3, 967, 1) ?? [];
    expect(ticks[0]).toBeLessThanOrEqual(3);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(967);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(valueTicks(Number.NaN, 1, 0)).toBeUndefined();
  });
});

describe('limitLabelSide', () => {
  it('keeps a limit label off the time axis when the line sits at the bottom of the plot', () => {
    // PM10 24-h limit 100 µg/m³ with values 115–135: the line is the plot's lower edge
    expect(limitLabelSide('max', 100, [100, 110, 120, 130, 140])).toBe('above');
    // a bin's 80 % with fills 80–100 %
    expect(limitLabelSide('max', 80, [80, 85, 90, 95, 100])).toBe('above');
  });

  it('puts an upper limit label below it and a lower limit label above it, elsewhere', () => {
    expect(limitLabelSide('max', 45, [40, 50, 60, 70, 80, 90])).toBe('above');
    expect(limitLabelSide('max', 70, [0, 50, 100])).toBe('below');
    expect(limitLabelSide('min', 5.5, [0, 5, 10])).toBe('above');
    expect(limitLabelSide('min', 9.5, [0, 5, 10])).toBe('below');
  });
});

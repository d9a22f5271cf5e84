import { MAX_BUCKETS, bucketWidthS, measuredIntervalS, reportingIntervalS } from './readings-window';

const MIN = 60_000;
const H = 3_600_000;
const D = 24 * H;

describe('bucketWidthS', () => {
  it('keeps a requested width that gives at most 1 000 buckets and is not below the interval', () => {
    expect(bucketWidthS(0, 6 * H, 60, 60)).toBe(60);
    expect(bucketWidthS(0, 6 * H, 10, 45)).toBe(45);
  });
  it('raises a width that would give more than 1 000 buckets to the next round step', () => {
    expect(bucketWidthS(0, 7 * D, 60, 60)).toBe(900);
    expect((7 * 24 * 3600) / 900).toBeLessThanOrEqual(MAX_BUCKETS);
  });
  it('raises a requested width below the reporting interval to a step at or above it', () => {
    expect(bucketWidthS(0, 6 * H, 300, 60)).toBe(300);
    expect(bucketWidthS(0, 6 * H, 3600, 600)).toBe(3600);
  });
  it('chooses by the range alone for a fast station (the demo: readings every few seconds)', () => {
    expect(bucketWidthS(0, 6 * H, 5)).toBe(30);
    expect(bucketWidthS(0, 24 * H, 5)).toBe(120);
    expect(bucketWidthS(0, 30 * D, 5)).toBe(3600);
  });

  // The views of issue 14 for stations reporting every 1, 5, 15 and 60 minutes: never a bucket narrower than the
  // interval (each bucket can hold a reading, so neighbours join), never more than 1 000 buckets.
  const views: [string, number][] = [
    ['6 h', 6 * H],
    ['24 h', 24 * H],
    ['30 h custom', 30 * H],
    ['7 d', 7 * D],
    ['30 d', 30 * D],
    ['400 d', 400 * D],
  ];
  const expected: Record<number, number[]> = {
    60: [60, 120, 120, 900, 3600, 43_200],
    300: [300, 300, 300, 900, 3600, 43_200],
    900: [900, 900, 900, 900, 3600, 43_200],
    3600: [3600, 3600, 3600, 3600, 3600, 43_200],
  };
  it.each(Object.entries(expected))('a station every %s s: widths per view', (interval, widths) => {
    const got = views.map(([, span]) => bucketWidthS(Date.UTC(2026, 11, 7) - span, Date.UTC(2026, 11, 7), Number(interval)));
    expect(got).toEqual(widths);
    for (const [i, [, span]] of views.entries()) {
      expect(got[i]).toBeGreaterThanOrEqual(Number(interval));
      expect(span / 1000 / got[i]).toBeLessThanOrEqual(MAX_BUCKETS);
    }
  });
  it('goes beyond the widest step for a station slower than a week, in whole seconds', () => {
    expect(bucketWidthS(0, 30 * D, 700_000.4)).toBe(700_001);
  });
  it('treats a non-finite interval as no bound', () => {
    expect(bucketWidthS(0, 6 * H, Number.NaN)).toBe(30);
  });
});

describe('measuredIntervalS', () => {
  const every = (stepMs: number, n: number, start = Date.UTC(2026, 11, 1)): number[] =>
    Array.from({ length: n }, (_, i) => start + i * stepMs);

  it('is the median spacing in whole seconds, in any order', () => {
    expect(measuredIntervalS(every(5 * MIN, 25).reverse())).toBe(300);
    expect(measuredIntervalS(every(MIN, 10))).toBe(60);
    expect(measuredIntervalS(every(H, 4))).toBe(3600);
  });
  it('ignores an outage and doubled readings among the newest readings', () => {
    const times = every(15 * MIN, 20);
    times.splice(10, 5); // a 75-minute hole
    times.push(times[3], times[4]); // the same readings twice
    expect(measuredIntervalS(times)).toBe(900);
  });
  it('rounds jitter to the second and never gives 0', () => {
    expect(measuredIntervalS([0, 60_400, 119_700, 180_300, 240_100])).toBe(60);
    expect(measuredIntervalS([0, 100, 200, 300])).toBe(1);
  });
  it('takes the middle of an even count', () => {
    expect(measuredIntervalS([0, 60_000, 120_000, 420_000, 720_000])).toBe(180);
  });
  it('is undefined with fewer than three spacings', () => {
    expect(measuredIntervalS([])).toBeUndefined();
    expect(measuredIntervalS([0, 60_000, 120_000])).toBeUndefined();
    expect(measuredIntervalS([0, 0, 0, 0, 60_000])).toBeUndefined();
    expect(measuredIntervalS([Number.NaN, 0, 60_000, 120_000])).toBeUndefined();
  });
});

describe('reportingIntervalS', () => {
  it('prefers the measured interval and falls back to the registry', () => {
    expect(reportingIntervalS(300, 60)).toBe(300);
    expect(reportingIntervalS(5, 60)).toBe(5);
    expect(reportingIntervalS(undefined, 900)).toBe(900);
  });
});

import { RollingMinuteMeans } from './rolling-mean';

describe('RollingMinuteMeans', () => {
  const T0 = Date.parse('2026-11-29T00:00:00Z');
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
  it('forgets minutes beyond its horizon', () => {
    const means = new RollingMinuteMeans(3_600_000);
    means.add(T0, 1000);
    means.add(T0 + 2 * 3_600_000, 10);
    expect(means.mean(T0 + 2 * 3_600_000, 3 * 3_600_000)?.mean).toBe(10);
  });
});

describe('RollingMinuteMeans against a brute-force reference', () => {
  it('gives the same means and coverages for in-order, late, repeated and aggregate values over days', () => {
    // A seeded linear congruential generator: the same sequence on every run.
    let seed = 12345;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const horizon = 24 * 3_600_000;
    const means = new RollingMinuteMeans(horizon);
    const values: { time: number; value: number }[] = [];
    let newest = 0;
    let clock = 0;
    for (let i = 0; i < 6_000; i++) {
      const r = random();
      // Mostly a reading a minute (with jitter), sometimes a late one up to 20 h back, sometimes a repeat of the last.
      const time =
        r < 0.85
          ? (clock += 45_000 + Math.floor(random() * 30_000))
          : r < 0.95
            ? clock - Math.floor(random() * 20 * 3_600_000)
            : (values.at(-1)?.time ?? 0);
      const value = Math.round(random() * 10_000) / 10;
      const repeat = values.some((v) => v.time === time);
      const added = means.add(time, value);
      if (!repeat) {
        expect(added).toBe(true);
        values.push({ time, value });
      } else expect(added).toBe(false);
      newest = Math.max(newest, time);
      if (i % 50 === 0) {
        const last = Math.floor(newest / 60_000);
        const kept = values.filter((v) => Math.floor(v.time / 60_000) > last - 1_440);
        for (const period of [60, 480, 1_440]) {
          const inWindow = kept.filter((v) => {
            const m = Math.floor(v.time / 60_000);
            return m > last - period && m <= last;
          });
          const got = means.mean(newest, period * 60_000);
          if (inWindow.length === 0) expect(got).toBeUndefined();
          else {
            const mean = inWindow.reduce((s, v) => s + v.value, 0) / inWindow.length;
            expect(got?.mean).toBeCloseTo(mean, 6);
            expect(got?.coverage).toBeCloseTo(
              new Set(inWindow.map((v) => Math.floor(v.time / 60_000))).size / period,
              9,
            );
          }
        }
      }
    }
  });
});

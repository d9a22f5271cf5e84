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

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
  it('forgets minutes beyond its horizon', () => {
    const means = new RollingMinuteMeans(3_600_000);
    means.add(T0, 1000);
    means.add(T0 + 2 * 3_600_000, 10);
    expect(means.mean(T0 + 2 * 3_600_000, 3 * 3_600_000)?.mean).toBe(10);
  });
});

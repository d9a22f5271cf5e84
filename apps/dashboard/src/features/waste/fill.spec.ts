import { describe, expect, it } from 'vitest';
import { detectEmptyings, fillRatePerHour, forecastFull, type FillPoint } from './fill';

const H = 3_600_000;
const T0 = Date.parse('2026-11-29T00:00:00Z');
/** A bin filling `rate` %/h from `start` %, one value every `stepH` hours. */
const ramp = (start: number, rate: number, hours: number, stepH = 0.5, t0 = T0): FillPoint[] =>
  Array.from({ length: Math.floor(hours / stepH) + 1 }, (_, i) => ({ t: t0 + i * stepH * H, fill: start + rate * i * stepH }));

describe('detectEmptyings', () => {
  it('finds a collection as a large fall between consecutive values', () => {
    const points = [...ramp(10, 5, 10), { t: T0 + 11 * H, fill: 2 }, ...ramp(2, 5, 4, 0.5, T0 + 12 * H)];
    expect(detectEmptyings(points)).toEqual([{ t: T0 + 11 * H, from: 60, to: 2 }]);
  });

  it('ignores small falls (noise, compaction) and unsorted input order', () => {
    const points = [
      { t: T0 + 2 * H, fill: 45 },
      { t: T0, fill: 50 },
      { t: T0 + H, fill: 48 },
    ];
    expect(detectEmptyings(points)).toEqual([]);
    expect(detectEmptyings(points, { minDropPct: 1 })).toEqual([{ t: T0 + H, from: 50, to: 48 }, { t: T0 + 2 * H, from: 48, to: 45 }]);
  });

  it('skips non-finite values', () => {
    expect(detectEmptyings([{ t: T0, fill: 90 }, { t: T0 + H, fill: Number.NaN }, { t: T0 + 2 * H, fill: 85 }])).toEqual([]);
  });
});

describe('fillRatePerHour', () => {
  it('is the slope of a steady fill', () => {
    expect(fillRatePerHour(ramp(10, 2.5, 6))).toBeCloseTo(2.5, 6);
  });

  it('uses only the values since the last emptying', () => {
    const points = [...ramp(20, 10, 5), { t: T0 + 5.5 * H, fill: 0.5 }, ...ramp(1, 1, 4, 0.5, T0 + 6 * H)];
    expect(fillRatePerHour(points)).toBeCloseTo(1, 6);
  });

  it('is null with too few values or too short a span', () => {
    expect(fillRatePerHour([])).toBeNull();
    expect(fillRatePerHour(ramp(10, 1, 0.5))).toBeNull();
    expect(fillRatePerHour(ramp(10, 1, 0.9, 0.3))).toBeNull();
  });
});

describe('forecastFull', () => {
  it('says full at or above the threshold', () => {
    expect(forecastFull(ramp(70, 5, 2), null, 80, T0 + 2 * H)).toEqual({ kind: 'full', fill: 80 });
  });

  it('forecasts the time the threshold is reached from the latest value', () => {
    const points = ramp(10, 5, 6); // 40 % at T0 + 6 h
    const forecast = forecastFull(points, null, 80, T0 + 6 * H);
    expect(forecast.kind).toBe('forecast');
    if (forecast.kind !== 'forecast') return;
    expect(forecast.ratePerHour).toBeCloseTo(5, 6);
    expect(forecast.at).toBeCloseTo(T0 + 14 * H, -3); // (80 − 40) / 5 = 8 h later
  });

  it('counts from a newer live value', () => {
    const forecast = forecastFull(ramp(10, 5, 6), { t: T0 + 7 * H, fill: 45 }, 80, T0 + 7 * H);
    expect(forecast.kind === 'forecast' && Math.round((forecast.at - (T0 + 7 * H)) / H)).toBe(7);
  });

  it('says steady when the level does not rise, unknown without enough data', () => {
    expect(forecastFull(ramp(30, 0, 6), null, 80, T0 + 6 * H).kind).toBe('steady');
    expect(forecastFull([], null, 80, T0)).toEqual({ kind: 'unknown', fill: null });
    expect(forecastFull([], { t: T0, fill: 20 }, 80, T0)).toEqual({ kind: 'unknown', fill: 20 });
  });
});

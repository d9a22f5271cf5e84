import { VIETNAM_TIME_ZONE } from '@langxanh/contracts';
import { DateTime } from 'luxon';
import { bump, particulateShape, vietnamLocal, workActivity } from './local-time';

describe('vietnamLocal', () => {
  it('agrees with luxon in Asia/Ho_Chi_Minh', () => {
    for (let t = Date.UTC(2017, 11, 30); t < Date.UTC(2019, 0, 3); t += 3_600_000 * 7 + 123_457) {
      const l = DateTime.fromMillis(t, { zone: VIETNAM_TIME_ZONE });
      const v = vietnamLocal(t);
      expect(Math.floor(v.hour)).toBe(l.hour);
      expect(v.weekday).toBe(l.weekday);
      expect(v.dayOfYear).toBe(l.ordinal);
      expect(v.dayStart).toBe(l.startOf('day').toMillis());
    }
  });

  it('puts 00:30 Vietnam time in the new local day although it is still the previous day in UTC', () => {
    const v = vietnamLocal(Date.parse('2026-01-04T17:30:00Z'));
    expect(v.hour).toBeCloseTo(0.5);
    expect(v.weekday).toBe(1); // Monday 2026-01-05
    expect(v.dayOfYear).toBe(5);
  });
});

describe('daily shapes', () => {
  it('bump wraps around midnight', () => {
    expect(bump(23.5, 0.5, 1)).toBeCloseTo(bump(1.5, 0.5, 1));
  });

  it('workshops work in two shifts and rest at night and less on Sundays', () => {
    const at = (hour: number, weekday = 2) =>
      workActivity({ hour, weekday, dayOfYear: 1, dayIndex: 0, dayStart: 0 });
    expect(at(9)).toBeGreaterThan(0.9);
    expect(at(15)).toBeGreaterThan(0.9);
    expect(at(12.2)).toBeLessThan(0.5);
    expect(at(2)).toBeLessThan(0.1);
    expect(at(9, 7)).toBeLessThan(at(9, 3));
  });

  it('particulate matter peaks in the rush hours and at night, lowest in the early afternoon', () => {
    const at = (hour: number) =>
      particulateShape({ hour, weekday: 2, dayOfYear: 1, dayIndex: 0, dayStart: 0 });
    expect(at(7.5)).toBeGreaterThan(at(14));
    expect(at(19.5)).toBeGreaterThan(at(14));
    expect(at(2)).toBeGreaterThan(at(14));
  });
});

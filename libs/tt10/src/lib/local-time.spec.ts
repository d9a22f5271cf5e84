import { formatTt10Time, parseTt10Time } from './local-time';

describe('TT 10 local time YYYYMMDDhhmmss (Vietnam, UTC+7)', () => {
  it.each([
    ['20250301103000', '2025-03-01T03:30:00.000Z'],
    ['20250301000000', '2025-02-28T17:00:00.000Z'], // local midnight is 17:00 UTC the day before
    ['20240229065959', '2024-02-28T23:59:59.000Z'], // leap day
    ['20261231235959', '2026-12-31T16:59:59.000Z'],
    ['20000101070000', '2000-01-01T00:00:00.000Z'],
  ])('%s is %s', (stamp, iso) => {
    expect(new Date(parseTt10Time(stamp) as number).toISOString()).toBe(iso);
    expect(formatTt10Time(Date.parse(iso))).toBe(stamp);
  });

  it.each([
    ['2025030110300', 'too short'],
    ['202503011030000', 'too long'],
    ['2025-03-01T10:30', 'not digits'],
    ['20251301103000', 'month 13'],
    ['20250001103000', 'month 0'],
    ['20250230103000', '30 February'],
    ['20250229103000', '29 February of a common year'],
    ['20250300103000', 'day 0'],
    ['20250301240000', 'hour 24'],
    ['20250301106000', 'minute 60'],
    ['20250301103060', 'second 60'],
    ['', 'empty'],
  ])('%s is refused (%s)', (stamp) => {
    expect(parseTt10Time(stamp)).toBeUndefined();
  });

  it('drops milliseconds when writing', () => {
    expect(formatTt10Time(Date.parse('2025-03-01T03:30:00.999Z'))).toBe('20250301103000');
  });

  it('refuses a time it cannot write', () => {
    expect(() => formatTt10Time(Number.NaN)).toThrow(RangeError);
    expect(() => formatTt10Time(Date.parse('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});

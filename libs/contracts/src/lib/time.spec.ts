import { DateTime } from 'luxon';
import {
  ceilToVietnamStep,
  DAY_MS,
  floorToVietnamStep,
  parseReadingTime,
  parseVietnamDate,
  parseVietnamMonth,
  readTimestamp,
  startOfVietnamDay,
  VIETNAM_TIME_ZONE,
  vietnamDate,
  vietnamDayKey,
  vietnamDayStart,
} from './time';

const T = Date.parse('2026-11-29T07:05:00Z');

describe('readTimestamp', () => {
  it.each([
    [T / 1000, T, 'epoch-s'],
    [T, T, 'epoch-ms'],
    [T * 1000, T, 'epoch-us'],
    [T * 1e6, T, 'epoch-ns'],
    [Date.UTC(2000, 0, 1) / 1000, Date.UTC(2000, 0, 1), 'epoch-s'],
    [99_999_999_999, 99_999_999_999_000, 'epoch-s'],
    [1e11, 1e11, 'epoch-ms'],
    [1e14, 1e11, 'epoch-us'],
    [1e17, 1e11, 'epoch-ns'],
    ['2026-11-29T14:05:00+07:00', T, 'iso-offset'],
    ['2026-11-29T07:05:00Z', T, 'iso-offset'],
    ['2026-11-29T14:05:00', T, 'iso-local'],
  ] as const)('%p → %p (%s)', (ts, time, form) => expect(readTimestamp(ts)).toEqual({ time, form }));

  // RFC 3339 §5.6: a space instead of T (issue 15, item 7); the offset rule is the T form's.
  it.each([
    ['2026-11-29 14:05:00+07:00', T, 'iso-offset'],
    ['2026-11-29 07:05:00Z', T, 'iso-offset'],
    ['2026-11-29 07:05:00.000Z', T, 'iso-offset'],
    ['2026-11-29 14:05:00', T, 'iso-local'],
  ] as const)('%p → %p (%s, space-separated)', (ts, time, form) => {
    expect(readTimestamp(ts)).toEqual({ time, form, spaceSeparated: true });
    expect(parseReadingTime(ts)).toBe(time);
  });

  it.each([
    1e20,
    -1e20,
    Infinity,
    NaN,
    'yesterday',
    '',
    '29/11/2026 14:05',
    '2026-11-29  14:05:00Z',
    '2026-11-29 14:05:00 07:00',
    null,
    true,
    'x'.repeat(41),
  ])('refuses %p', (ts) => expect(readTimestamp(ts)).toBeUndefined());

  it('refuses UTC offsets no place uses (beyond ±14:00), which luxon would read (hostile trial: +99:00)', () => {
    expect(parseReadingTime('2026-12-07T10:00:00+99:00')).toBeUndefined();
    expect(parseReadingTime('2026-12-07 10:00:00-15:00')).toBeUndefined();
    expect(parseReadingTime('2026-12-07T10:00:00+14:00')).toBe(Date.parse('2026-12-06T20:00:00Z'));
    expect(parseReadingTime('2026-12-07T10:00:00-12:00')).toBe(Date.parse('2026-12-07T22:00:00Z'));
  });

  it('leaves parseReadingTime (API queries) reading numbers as milliseconds', () => {
    expect(parseReadingTime(T / 1000)).toBe(T / 1000);
  });
});

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const HOUR = 3_600_000;

describe('Vietnam calendar days', () => {
  // [instant (UTC), its Vietnam date, 00:00 ICT of that date (UTC)]
  it.each([
    ['2026-11-28T16:59:59.999', '2026-11-28', '2026-11-27T17:00:00'],
    ['2026-11-28T17:00:00.000', '2026-11-29', '2026-11-28T17:00:00'],
    ['2026-11-29T00:00:00.000', '2026-11-29', '2026-11-28T17:00:00'],
    ['2026-11-30T16:59:59.999', '2026-11-30', '2026-11-29T17:00:00'],
    ['2026-11-30T17:00:00.000', '2026-12-01', '2026-11-30T17:00:00'],
    ['2026-12-31T17:00:00.000', '2027-01-01', '2026-12-31T17:00:00'],
    ['2028-02-28T17:00:00.000', '2028-02-29', '2028-02-28T17:00:00'],
    ['2028-02-29T17:00:00.000', '2028-03-01', '2028-02-29T17:00:00'],
    ['2026-02-28T17:00:00.000', '2026-03-01', '2026-02-28T17:00:00'],
    ['1970-01-01T00:00:00.000', '1970-01-01', '1969-12-31T17:00:00'],
  ])('%s UTC is %s, which starts %s UTC', (at, date, start) => {
    expect(vietnamDate(utc(at))).toBe(date);
    expect(startOfVietnamDay(utc(at))).toBe(utc(start));
    expect(vietnamDayStart(date)).toBe(utc(start));
    expect(parseVietnamDate(date)).toBe(utc(start));
    expect(vietnamDayKey(utc(at))).toBe((utc(start) + 7 * HOUR) / DAY_MS);
  });

  it('changes the day key at 17:00 UTC and nowhere else', () => {
    const start = utc('2026-11-28T17:00:00');
    expect(vietnamDayKey(start - 1)).toBe(vietnamDayKey(start) - 1);
    expect(vietnamDayKey(start + DAY_MS - 1)).toBe(vietnamDayKey(start));
  });

  it.each([
    '2026-02-29',
    '2026-02-30',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '28/11/2026',
    '2026-11',
    '',
  ])('refuses the date %p', (date) => {
    expect(parseVietnamDate(date)).toBeUndefined();
    expect(() => vietnamDayStart(date)).toThrow(RangeError);
  });

  it('has no date for an invalid time', () => expect(vietnamDate(NaN)).toBe(''));

  it('agrees with the time-zone database (luxon, Asia/Ho_Chi_Minh) from 1975-06-13 on', () => {
    for (
      let t = utc('1975-06-13T00:00:00');
      t < utc('2100-01-01T00:00:00');
      t += 9 * DAY_MS + 3 * HOUR + 12_345
    ) {
      const local = DateTime.fromMillis(t, { zone: VIETNAM_TIME_ZONE });
      expect(vietnamDate(t)).toBe(local.toISODate());
      expect(startOfVietnamDay(t)).toBe(local.startOf('day').toMillis());
    }
  });
});

describe('Vietnam calendar months', () => {
  it.each([
    ['2026-11', '2026-10-31T17:00:00', '2026-11-30T17:00:00'],
    ['2026-12', '2026-11-30T17:00:00', '2026-12-31T17:00:00'],
    ['2026-02', '2026-01-31T17:00:00', '2026-02-28T17:00:00'],
    ['2028-02', '2028-01-31T17:00:00', '2028-02-29T17:00:00'],
    ['2026-01', '2025-12-31T17:00:00', '2026-01-31T17:00:00'],
  ])('%s is [%s, %s) UTC', (month, from, to) =>
    expect(parseVietnamMonth(month)).toEqual({ from: utc(from), to: utc(to) }),
  );

  it.each(['2026-13', '2026-00', '2026-11-01', '11-2026', ''])('refuses the month %p', (month) =>
    expect(parseVietnamMonth(month)).toBeUndefined(),
  );
});

describe('slots aligned on Vietnam midnights', () => {
  it.each([
    ['2026-11-28T17:30:00', HOUR, '2026-11-28T17:00:00', '2026-11-28T18:00:00'],
    ['2026-11-28T17:00:00', HOUR, '2026-11-28T17:00:00', '2026-11-28T17:00:00'],
    ['2026-11-28T10:00:00', DAY_MS, '2026-11-27T17:00:00', '2026-11-28T17:00:00'],
    ['2026-11-28T20:00:00', 6 * HOUR, '2026-11-28T17:00:00', '2026-11-28T23:00:00'],
  ])('%s in %p ms slots: floor %s, ceil %s', (at, step, floor, ceil) => {
    expect(floorToVietnamStep(utc(at), step)).toBe(utc(floor));
    expect(ceilToVietnamStep(utc(at), step)).toBe(utc(ceil));
  });
});

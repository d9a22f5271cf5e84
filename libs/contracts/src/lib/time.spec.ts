import { parseReadingTime, readTimestamp } from './time';

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

  it.each([1e20, -1e20, Infinity, NaN, 'yesterday', '', '29/11/2026 14:05', null, true, 'x'.repeat(41)])(
    'refuses %p',
    (ts) => expect(readTimestamp(ts)).toBeUndefined(),
  );

  it('leaves parseReadingTime (API queries) reading numbers as milliseconds', () => {
    expect(parseReadingTime(T / 1000)).toBe(T / 1000);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatAxisTick,
  formatDateTime,
  formatLimitNumber,
  formatNumber,
  formatRelative,
  formatTime,
  formatValue,
  formatValueWithUnit,
  intlLocale,
  toLanguage,
} from './format';

const NBSP = '\u00a0';
// 07:05:09 UTC = 14:05:09 in Vietnam (UTC+7), and 23:05:09 the day before in Los Angeles.
const INSTANT = '2026-11-29T07:05:09Z';

describe('numbers', () => {
  it('uses a decimal comma and dot grouping in Vietnamese', () => {
    expect(formatNumber(12345.67, 'vi', 1)).toBe('12.345,7');
    expect(formatNumber(7.1, 'vi', 2)).toBe('7,10');
  });

  it('uses a decimal point and comma grouping in English', () => {
    expect(formatNumber(12345.67, 'en', 1)).toBe('12,345.7');
    expect(formatNumber(7.1, 'en', 2)).toBe('7.10');
  });

  it('never shows a negative zero, and a dash for non-finite values', () => {
    expect(formatNumber(-0.02, 'vi', 1)).toBe('0,0');
    expect(formatNumber(Number.NaN, 'vi', 1)).toBe('–');
    expect(formatNumber(Number.POSITIVE_INFINITY, 'en', 1)).toBe('–');
  });

  it('uses the catalogue decimals of the parameter', () => {
    expect(formatValue(85.24, { decimals: 1 }, 'vi')).toBe('85,2');
    expect(formatValue(7.125, { decimals: 2 }, 'en')).toBe('7.13');
    expect(formatValue(412.6, { decimals: 0 }, 'vi')).toBe('413');
    expect(formatValue(3.14159, undefined, 'vi')).toBe('3,1');
  });

  it('joins the unit with a no-break space, and shows none for pH', () => {
    expect(formatValueWithUnit(85.24, { decimals: 1, unit: 'mg/L' }, 'vi')).toBe(`85,2${NBSP}mg/L`);
    expect(formatValueWithUnit(1234.5, { decimals: 1, unit: 'µg/m³' }, 'en')).toBe(`1,234.5${NBSP}µg/m³`);
    expect(formatValueWithUnit(7.1, { decimals: 2, unit: '' }, 'vi')).toBe('7,10');
    expect(formatValueWithUnit(42, { decimals: 0, unit: '%' }, 'vi', '%')).toBe(`42${NBSP}%`);
  });

  it('drops trailing zeros for limits', () => {
    expect(formatLimitNumber(135, 'vi')).toBe('135');
    expect(formatLimitNumber(5.5, 'vi')).toBe('5,5');
    expect(formatLimitNumber(121.5, 'en')).toBe('121.5');
  });
});

describe('languages', () => {
  it('maps language codes to the supported ones, Vietnamese by default', () => {
    expect(toLanguage('en-US')).toBe('en');
    expect(toLanguage('vi')).toBe('vi');
    expect(toLanguage('fr')).toBe('vi');
    expect(toLanguage(undefined)).toBe('vi');
    expect(intlLocale('vi')).toBe('vi-VN');
    expect(intlLocale('en')).toBe('en-GB');
  });
});

describe('times are in Vietnam time whatever the machine zone', () => {
  let savedTz: string | undefined;
  beforeAll(() => {
    savedTz = process.env['TZ'];
    process.env['TZ'] = 'America/Los_Angeles';
  });
  afterAll(() => {
    if (savedTz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = savedTz;
  });

  it('runs in a zone other than ICT (the premise of these tests)', () => {
    expect(new Date(INSTANT).getHours()).not.toBe(14);
  });

  it('formats date and time in ICT in both languages', () => {
    const vi = formatDateTime(INSTANT, 'vi');
    const en = formatDateTime(INSTANT, 'en');
    expect(vi).toContain('14:05');
    expect(vi).toContain('29/11/2026');
    expect(en).toBe('29/11/2026, 14:05');
  });

  it('moves to the next calendar day in ICT after 17:00 UTC', () => {
    expect(formatDateTime('2026-11-29T17:30:00Z', 'en')).toBe('30/11/2026, 00:30');
  });

  it('formats times of day in ICT, with or without seconds', () => {
    expect(formatTime(INSTANT, 'vi')).toBe('14:05');
    expect(formatTime(Date.parse(INSTANT), 'en', true)).toBe('14:05:09');
  });

  it('labels axis ticks in ICT', () => {
    const hour = 3_600_000;
    expect(formatAxisTick(Date.parse(INSTANT), 6 * hour)).toBe('14:05');
    expect(formatAxisTick(Date.parse(INSTANT), 7 * 24 * hour)).toBe('29/11 14:05');
    // 17:00 UTC is midnight in Vietnam: the date alone
    expect(formatAxisTick(Date.parse('2026-11-29T17:00:00Z'), 7 * 24 * hour)).toBe('30/11');
  });

  it('shows a dash for an unreadable time', () => {
    expect(formatDateTime('not a time', 'vi')).toBe('–');
  });
});

describe('relative times', () => {
  const now = Date.parse(INSTANT);
  it('says "now" under ten seconds', () => {
    expect(formatRelative(now - 3_000, now, 'en')).toBe('now');
    expect(formatRelative(now - 3_000, now, 'vi')).toBe('bây giờ');
  });

  it('uses the largest fitting unit', () => {
    expect(formatRelative(now - 45_000, now, 'en')).toBe('45 seconds ago');
    expect(formatRelative(now - 5 * 60_000, now, 'vi')).toBe('5 phút trước');
    expect(formatRelative(now - 3 * 3_600_000, now, 'en')).toBe('3 hours ago');
    expect(formatRelative(new Date(now - 2 * 86_400_000).toISOString(), now, 'en')).toBe('2 days ago');
  });
});

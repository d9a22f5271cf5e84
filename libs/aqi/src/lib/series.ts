/**
 * Time-aware helpers: VN_AQI from a series of clock-hour means, with times as parameters (no clock is read).
 * Hours are UTC-aligned clock hours, which are also Vietnam clock hours (UTC+7, no daylight saving).
 */
import { vietnamDayStart } from '@langxanh/contracts';
import type { AqiParameter } from './breakpoints';
import { NOWCAST_HOURS } from './nowcast';
import { usEpaDailyAqi, type UsEpaAqiResult } from './us-epa';
import { dailyAqi, hourlyAqi, type DailyAqiResult, type HourlyAqiResult, type HourlyValues } from './vn-aqi';

/** One hour, ms. */
export const HOUR_MS = 3_600_000;

/** Consecutive clock-hour means of one station. */
export interface HourlySeries {
  /** Start (epoch ms, a whole hour) of the first mean, i.e. of the hour [start, start + 1 h). */
  readonly start: number;
  /** Per parameter, 1-h means (µg/m³) of consecutive hours from `start`, oldest first; null = no data. */
  readonly means: Partial<Record<AqiParameter, HourlyValues>>;
}

function assertWholeHour(name: string, ms: number): void {
  if (!Number.isSafeInteger(ms) || ms % HOUR_MS !== 0) {
    throw new RangeError(`${name} must be a whole hour in epoch ms, got ${ms}`);
  }
}

/** `count` means of `p` for the hours starting at `firstStart`, `firstStart + 1 h`, …; outside the series → null. */
function slice(series: HourlySeries, p: AqiParameter, firstStart: number, count: number): (number | null)[] {
  const values = series.means[p];
  const offset = (firstStart - series.start) / HOUR_MS;
  const out: (number | null)[] = [];
  for (let i = 0; i < count; i++) {
    const v = values?.[offset + i];
    out.push(offset + i >= 0 && v !== undefined ? v : null);
  }
  return out;
}

/**
 * Hourly VN_AQI of the hour **ending** at `hourEnd` (epoch ms, a whole hour): c1 is the mean of
 * [hourEnd − 1 h, hourEnd), as QĐ 1459 labels hours by their end (mục 2.2.2 a). See {@link hourlyAqi}.
 * @throws RangeError when `hourEnd` or `series.start` is not a whole hour.
 */
export function hourlyAqiAt(series: HourlySeries, hourEnd: number): HourlyAqiResult {
  assertWholeHour('hourEnd', hourEnd);
  assertWholeHour('series.start', series.start);
  const hours: Partial<Record<AqiParameter, HourlyValues>> = {};
  for (const p of Object.keys(series.means) as AqiParameter[]) {
    hours[p] = slice(series, p, hourEnd - NOWCAST_HOURS * HOUR_MS, NOWCAST_HOURS).reverse();
  }
  return hourlyAqi(hours);
}

/** One Vietnam day's hourly means (24, oldest first) and the previous day's last 7, per parameter. */
export interface DayHours {
  readonly hours: Partial<Record<AqiParameter, HourlyValues>>;
  readonly previous7: Partial<Record<AqiParameter, HourlyValues>>;
}

/**
 * The hourly means of Vietnam calendar day `date` (`YYYY-MM-DD`): the hours starting 00:00 … 23:00 Vietnam time,
 * i.e. hour-ending 01:00 … 00:00 next day (QĐ 1459 mục 2.2.2 a), and the 7 hours before them (for 8-h means).
 * Hours that have not ended by `until` (epoch ms, optional) are treated as missing.
 */
export function dayHours(series: HourlySeries, date: string, until?: number): DayHours {
  assertWholeHour('series.start', series.start);
  const dayStart = vietnamDayStart(date);
  const previousStart = dayStart - 7 * HOUR_MS;
  const cut = (values: (number | null)[], firstStart: number) =>
    until === undefined ? values : values.map((v, i) => (firstStart + (i + 1) * HOUR_MS <= until ? v : null));
  const hours: Partial<Record<AqiParameter, HourlyValues>> = {};
  const previous7: Partial<Record<AqiParameter, HourlyValues>> = {};
  for (const p of Object.keys(series.means) as AqiParameter[]) {
    hours[p] = cut(slice(series, p, dayStart, 24), dayStart);
    previous7[p] = cut(slice(series, p, previousStart, 7), previousStart);
  }
  return { hours, previous7 };
}

/**
 * Daily VN_AQI of Vietnam calendar day `date` (`YYYY-MM-DD`) from the hours of {@link dayHours} (O3 8-h means also
 * use the previous day's last 7 hours); hours after `until` are missing, so that an unfinished day is computed from
 * the hours that have ended. See {@link dailyAqi}.
 */
export function dailyAqiOn(series: HourlySeries, date: string, until?: number): DailyAqiResult {
  const { hours, previous7 } = dayHours(series, date, until);
  return dailyAqi({ hours, ...(previous7.O3 ? { o3Previous7: previous7.O3 } : {}) });
}

/**
 * Daily US EPA AQI (second scale, clearly labelled) of Vietnam calendar day `date`, with the breakpoints in force on
 * that day; see {@link usEpaDailyAqi}.
 */
export function usEpaDailyAqiOn(series: HourlySeries, date: string, until?: number): UsEpaAqiResult {
  return usEpaDailyAqi({ ...dayHours(series, date, until), at: vietnamDayStart(date) });
}

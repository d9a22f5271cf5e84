/**
 * Report periods in the Vietnam calendar (Asia/Ho_Chi_Minh): a day, a month, or a custom range. Ranges are
 * half-open, [from, to), in epoch ms.
 */
import {
  DAY_MS,
  parseReadingTime,
  parseVietnamDate,
  parseVietnamMonth,
  startOfVietnamDay,
} from '@langxanh/contracts';

/** A half-open range [from, to) in epoch ms. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/**
 * Reads one bound of a report period:
 * - `YYYY-MM-DD`: a Vietnam calendar day; as `from` its start (00:00 ICT), as `to` its end (next day 00:00 ICT);
 * - `YYYY-MM`: a month, likewise (first day 00:00 ICT / first day of the next month 00:00 ICT);
 * - otherwise an ISO 8601 time (without an offset: Vietnam time, as in the payload contract).
 * @returns epoch ms, or `undefined` when the text is none of these.
 */
export function parsePeriodBound(text: string, side: 'from' | 'to'): number | undefined {
  if (DAY.test(text)) {
    const start = parseVietnamDate(text);
    return start === undefined || side === 'from' ? start : start + DAY_MS;
  }
  if (MONTH.test(text)) return parseVietnamMonth(text)?.[side];
  return parseReadingTime(text);
}

/** The Vietnam calendar day `YYYY-MM-DD` as a range. @throws RangeError for a malformed date. */
export function dayRange(date: string): TimeRange {
  return boundedRange(date, DAY, 'day');
}

/** The Vietnam calendar month `YYYY-MM` as a range. @throws RangeError for a malformed month. */
export function monthRange(month: string): TimeRange {
  return boundedRange(month, MONTH, 'month');
}

function boundedRange(text: string, pattern: RegExp, unit: string): TimeRange {
  const from = pattern.test(text) ? parsePeriodBound(text, 'from') : undefined;
  const to = pattern.test(text) ? parsePeriodBound(text, 'to') : undefined;
  if (from === undefined || to === undefined) throw new RangeError(`not a ${unit}: ${JSON.stringify(text)}`);
  return { from, to };
}

/**
 * The part of a report period that has happened by `now` (epoch ms): [from, min(to, now)), or `undefined` when the
 * period has not begun. Compliance counts only this part: a month asked for on its 7th expects 6 days and some hours
 * of samples, not 30 days' worth (regression, issue 18: "53 / 44 640 samples, 0.1 %" on the month's first day).
 * Day boundaries stay Vietnam calendar days (a 24-h mean counts once its Vietnam day has ended).
 */
export function elapsedPart(range: TimeRange, now: number): TimeRange | undefined {
  const to = Math.min(range.to, now);
  return range.from < to ? { from: range.from, to } : undefined;
}

/**
 * Starts (epoch ms) of the Vietnam calendar days that lie wholly inside [from, to), in order.
 */
export function wholeVietnamDays(range: TimeRange): number[] {
  const out: number[] = [];
  let day = startOfVietnamDay(range.from);
  if (day < range.from) day += DAY_MS;
  for (; day + DAY_MS <= range.to; day += DAY_MS) out.push(day);
  return out;
}

/** Vietnam midnights strictly inside (from, to), in order: where a limit may change (effective dates). */
export function vietnamMidnightsWithin(range: TimeRange): number[] {
  const out: number[] = [];
  for (let day = startOfVietnamDay(range.from) + DAY_MS; day < range.to; day += DAY_MS) out.push(day);
  return out;
}

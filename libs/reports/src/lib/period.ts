/**
 * Report periods in the Vietnam calendar (Asia/Ho_Chi_Minh): a day, a month, or a custom range. Ranges are
 * half-open, [from, to), in epoch ms.
 */
import { DateTime } from 'luxon';
import { parseReadingTime, VIETNAM_TIME_ZONE } from '@langxanh/contracts';

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
  const unit = DAY.test(text) ? 'day' : MONTH.test(text) ? 'month' : undefined;
  if (!unit) return parseReadingTime(text);
  const start = DateTime.fromISO(text, { zone: VIETNAM_TIME_ZONE });
  if (!start.isValid) return undefined;
  return (side === 'from' ? start : start.plus({ [unit === 'day' ? 'days' : 'months']: 1 })).toMillis();
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
 * Starts (epoch ms) of the Vietnam calendar days that lie wholly inside [from, to), in order.
 */
export function wholeVietnamDays(range: TimeRange): number[] {
  const out: number[] = [];
  let day = DateTime.fromMillis(range.from, { zone: VIETNAM_TIME_ZONE }).startOf('day');
  if (day.toMillis() < range.from) day = day.plus({ days: 1 });
  while (day.plus({ days: 1 }).toMillis() <= range.to) {
    out.push(day.toMillis());
    day = day.plus({ days: 1 });
  }
  return out;
}

/** Vietnam midnights strictly inside (from, to), in order: where a limit may change (effective dates). */
export function vietnamMidnightsWithin(range: TimeRange): number[] {
  const out: number[] = [];
  let day = DateTime.fromMillis(range.from, { zone: VIETNAM_TIME_ZONE }).startOf('day').plus({ days: 1 });
  while (day.toMillis() < range.to) {
    out.push(day.toMillis());
    day = day.plus({ days: 1 });
  }
  return out;
}

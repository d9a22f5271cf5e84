import { DateTime } from 'luxon';

/** IANA zone of Vietnam (ICT, UTC+7, no daylight saving). Calendar days are computed and shown in it. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Largest epoch ms a JavaScript Date can hold (±100 000 000 days, ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15;

/**
 * Converts a reading's `ts` to epoch milliseconds (UTC).
 *
 * Accepted forms (the payload contract, README § Payload):
 * - a number: epoch **milliseconds** (integer or fractional);
 * - an ISO 8601 string with an offset or `Z` (`2026-11-29T14:05:00+07:00`);
 * - an ISO 8601 string **without** an offset (`2026-11-29T14:05:00`): read as Vietnam time (UTC+7), the way
 *   dataloggers following TT 10/2021/TT-BTNMT write local time.
 *
 * @returns epoch ms, or `undefined` when `ts` is none of these.
 */
export function parseReadingTime(ts: unknown): number | undefined {
  if (typeof ts === 'number') return Number.isFinite(ts) && Math.abs(ts) <= MAX_DATE_MS ? ts : undefined;
  if (typeof ts !== 'string' || ts.length === 0 || ts.length > 40) return undefined;
  const parsed = DateTime.fromISO(ts, { zone: VIETNAM_TIME_ZONE, setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** Formats epoch ms as an ISO 8601 string in Vietnam time with its `+07:00` offset. */
export function toVietnamIso(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: VIETNAM_TIME_ZONE }).toISO({ suppressMilliseconds: true }) ?? '';
}

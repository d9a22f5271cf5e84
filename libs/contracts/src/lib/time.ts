import { DateTime } from 'luxon';

/** IANA zone of Vietnam (ICT, UTC+7, no daylight saving). Calendar days are computed and shown in it. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Vietnam's offset from UTC in ms: UTC+7 all year, no daylight saving. The time-zone database has Asia/Ho_Chi_Minh
 * at +07:00 since 1975-06-13; LàngXanh accepts readings from 2000 on, so plain arithmetic with this offset gives the
 * same calendar as the database (a test checks it) without a time-zone lookup per reading.
 */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** One calendar day in ms (Vietnam days are always this long: no daylight saving). */
export const DAY_MS = 86_400_000;

/**
 * Start (epoch ms) of the `stepMs`-long slot holding `at`, slots aligned on Vietnam midnights (`stepMs` a divisor
 * of a day: 1 h slots start on whole hours, 1-day slots at 00:00 ICT = 17:00 UTC the day before).
 */
export function floorToVietnamStep(at: number, stepMs: number): number {
  return Math.floor((at + VIETNAM_OFFSET_MS) / stepMs) * stepMs - VIETNAM_OFFSET_MS;
}

/** The first slot start (see {@link floorToVietnamStep}) at or after `at`. */
export function ceilToVietnamStep(at: number, stepMs: number): number {
  return Math.ceil((at + VIETNAM_OFFSET_MS) / stepMs) * stepMs - VIETNAM_OFFSET_MS;
}

/**
 * Key of the Vietnam calendar day holding `at`: whole Vietnam days since 1970-01-01 (a number that changes at every
 * 00:00 ICT, i.e. 17:00 UTC; cheap to compare, for "once a day" caches and draws).
 */
export function vietnamDayKey(at: number): number {
  return Math.floor((at + VIETNAM_OFFSET_MS) / DAY_MS);
}

/** Start (epoch ms) of the Vietnam calendar day holding `at`: its 00:00 ICT (17:00 UTC the day before). */
export function startOfVietnamDay(at: number): number {
  return floorToVietnamStep(at, DAY_MS);
}

/**
 * The Vietnam calendar day (`YYYY-MM-DD`, Asia/Ho_Chi_Minh) holding epoch ms `at`; `''` when `at` is no valid time.
 * Dates compare as strings (`'2026-11-28' < '2026-12-01'`).
 */
export function vietnamDate(at: number): string {
  const local = new Date(at + VIETNAM_OFFSET_MS);
  return Number.isNaN(local.getTime()) ? '' : local.toISOString().slice(0, 10);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

/** 00:00 ICT of year/month/day (month 1–12), or `undefined` when that day does not exist (2026-02-29, 2026-13-01). */
function vietnamMidnight(year: number, month: number, day: number): number | undefined {
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
    return undefined;
  return utc.getTime() - VIETNAM_OFFSET_MS;
}

/**
 * Start (epoch ms, 00:00 ICT) of the Vietnam calendar day written `YYYY-MM-DD`.
 * @returns `undefined` when the text is not such a date or the day does not exist (`2026-02-30`).
 */
export function parseVietnamDate(date: string): number | undefined {
  const m = DATE_PATTERN.exec(date);
  return m ? vietnamMidnight(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

/** Start (epoch ms, 00:00 ICT) of Vietnam calendar day `date` (`YYYY-MM-DD`). @throws RangeError for another text. */
export function vietnamDayStart(date: string): number {
  const start = parseVietnamDate(date);
  if (start === undefined) throw new RangeError(`not a calendar date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return start;
}

/**
 * The Vietnam calendar month written `YYYY-MM` as a half-open range: `from` its first day 00:00 ICT, `to` the first
 * day of the next month 00:00 ICT.
 * @returns `undefined` when the text is not such a month (`2026-13`, `2026-11-01`).
 */
export function parseVietnamMonth(month: string): { readonly from: number; readonly to: number } | undefined {
  const m = MONTH_PATTERN.exec(month);
  if (!m) return undefined;
  const [year, index] = [Number(m[1]), Number(m[2])];
  const from = vietnamMidnight(year, index, 1);
  if (from === undefined) return undefined;
  const to = index === 12 ? vietnamMidnight(year + 1, 1, 1) : vietnamMidnight(year, index + 1, 1);
  return to === undefined ? undefined : { from, to };
}

/**
 * `YYYY-MM-DD HH:MM…`: the date and time separated by one space instead of `T`. RFC 3339 §5.6 allows it ("NOTE:
 * … applications … may choose … to use a space character") and many loggers write it; ISO 8601 (and luxon's
 * `fromISO`) do not, so the space is read as `T`.
 */
const SPACE_SEPARATED = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/;

/**
 * Parses an ISO 8601 / RFC 3339 date-time (`T` or one space between date and time): with an offset or `Z` the
 * result keeps that fixed offset; without one it is Vietnam time (IANA zone). Invalid → an invalid DateTime.
 */
function parseIsoText(text: string): DateTime {
  const iso = SPACE_SEPARATED.test(text) ? text.replace(' ', 'T') : text;
  return DateTime.fromISO(iso, { zone: VIETNAM_TIME_ZONE, setZone: true });
}

/** Largest UTC offset in use, minutes: +14:00 (Kiribati, Line Islands); the most negative is −12:00. */
const MAX_UTC_OFFSET_MIN = 14 * 60;

/** Largest epoch ms a JavaScript Date can hold (±100 000 000 days, ECMA-262 §21.4.1.1). */
const MAX_DATE_MS = 8.64e15;

/**
 * Converts a reading's `ts` to epoch milliseconds (UTC).
 *
 * Accepted forms (the payload contract, docs/contract.md § Reading payload):
 * - a number: epoch **milliseconds** (integer or fractional);
 * - an ISO 8601 string with an offset or `Z` (`2026-11-29T14:05:00+07:00`), or the RFC 3339 §5.6 form with a
 *   space instead of `T` (`2026-11-29 14:05:00+07:00`);
 * - either of these **without** an offset (`2026-11-29T14:05:00`, `2026-11-29 14:05:00`): read as Vietnam time (UTC+7), the way
 *   dataloggers following TT 10/2021/TT-BTNMT write local time.
 *
 * An offset beyond ±14:00 (e.g. `+99:00`, which luxon would read) is refused: no place uses one.
 * @returns epoch ms, or `undefined` when `ts` is none of these.
 */
export function parseReadingTime(ts: unknown): number | undefined {
  if (typeof ts === 'number') return Number.isFinite(ts) && Math.abs(ts) <= MAX_DATE_MS ? ts : undefined;
  if (typeof ts !== 'string' || ts.length === 0 || ts.length > 40) return undefined;
  const parsed = parseIsoText(ts);
  // luxon reads any two-digit hour offset (`+99:00`); real UTC offsets lie within −12:00 … +14:00 (Line Islands).
  if (!parsed.isValid || Math.abs(parsed.offset) > MAX_UTC_OFFSET_MIN) return undefined;
  return parsed.toMillis();
}

/** Formats epoch ms as an ISO 8601 string in Vietnam time with its `+07:00` offset. */
export function toVietnamIso(epochMs: number): string {
  return (
    DateTime.fromMillis(epochMs, { zone: VIETNAM_TIME_ZONE }).toISO({ suppressMilliseconds: true }) ?? ''
  );
}

/** How a payload `ts` was written (rules `epoch_unit`, `local_time` of input-rules.ts). */
export type TimestampForm = 'epoch-s' | 'epoch-ms' | 'epoch-us' | 'epoch-ns' | 'iso-offset' | 'iso-local';

/**
 * Upper bounds (exclusive) of |ts| for each epoch unit, and the factor to milliseconds. Each band, read in its
 * unit, spans 1973-03-03 to 5138-11-16 (1e11 s = 1e14 ms = 1e17 µs = 1e20 ns), so for any time from 2000 on the
 * magnitude alone tells the unit.
 */
export const EPOCH_BANDS: readonly {
  readonly below: number;
  readonly form: TimestampForm;
  readonly toMs: number;
}[] = [
  { below: 1e11, form: 'epoch-s', toMs: 1_000 },
  { below: 1e14, form: 'epoch-ms', toMs: 1 },
  { below: 1e17, form: 'epoch-us', toMs: 1e-3 },
  { below: 1e20, form: 'epoch-ns', toMs: 1e-6 },
];

/**
 * Reads a payload `ts` (the reading contract): a number is an epoch in seconds, milliseconds, microseconds or
 * nanoseconds told apart by magnitude ({@link EPOCH_BANDS}); a string is ISO 8601, Vietnam time when it has no
 * offset. Unlike {@link parseReadingTime} (epoch ms only), it says which form it read.
 *
 * @returns epoch ms (UTC), the form and `spaceSeparated` for the RFC 3339 §5.6 space form, or `undefined` when
 *   `ts` is none of these.
 */
export function readTimestamp(
  ts: unknown,
): { readonly time: number; readonly form: TimestampForm; readonly spaceSeparated?: true } | undefined {
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts)) return undefined;
    const band = EPOCH_BANDS.find((b) => Math.abs(ts) < b.below);
    if (!band) return undefined;
    // Division, not multiplication by 1e-3 / 1e-6, keeps exact integers exact (1795935900000000 µs → …900000 ms).
    const time = band.toMs >= 1 ? ts * band.toMs : ts / Math.round(1 / band.toMs);
    return { time, form: band.form };
  }
  if (typeof ts !== 'string' || ts.length === 0 || ts.length > 40) return undefined;
  const parsed = parseIsoText(ts);
  if (!parsed.isValid) return undefined;
  // With `setZone`, a string with an offset or `Z` gets a fixed-offset zone; without one it keeps the IANA zone.
  const form = parsed.zone.type === 'iana' ? 'iso-local' : 'iso-offset';
  return SPACE_SEPARATED.test(ts)
    ? { time: parsed.toMillis(), form, spaceSeparated: true }
    : { time: parsed.toMillis(), form };
}

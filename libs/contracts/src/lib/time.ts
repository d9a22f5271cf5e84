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
 * @returns epoch ms (UTC) and the form, or `undefined` when `ts` is none of these.
 */
export function readTimestamp(
  ts: unknown,
): { readonly time: number; readonly form: TimestampForm } | undefined {
  if (typeof ts === 'number') {
    if (!Number.isFinite(ts)) return undefined;
    const band = EPOCH_BANDS.find((b) => Math.abs(ts) < b.below);
    if (!band) return undefined;
    // Division, not multiplication by 1e-3 / 1e-6, keeps exact integers exact (1795935900000000 µs → …900000 ms).
    const time = band.toMs >= 1 ? ts * band.toMs : ts / Math.round(1 / band.toMs);
    return { time, form: band.form };
  }
  if (typeof ts !== 'string' || ts.length === 0 || ts.length > 40) return undefined;
  const parsed = DateTime.fromISO(ts, { zone: VIETNAM_TIME_ZONE, setZone: true });
  if (!parsed.isValid) return undefined;
  // With `setZone`, a string with an offset or `Z` gets a fixed-offset zone; without one it keeps the IANA zone.
  return { time: parsed.toMillis(), form: parsed.zone.type === 'iana' ? 'iso-local' : 'iso-offset' };
}

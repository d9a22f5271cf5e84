import { VIETNAM_OFFSET_MS } from '@langxanh/contracts';

const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/**
 * Reads a TT 10/2021 timestamp `YYYYMMDDhhmmss` (24 h clock, Vietnam local time ICT = UTC+7, no daylight saving;
 * shared docs/domain.md §4.2) as epoch ms UTC: `20250301103000` → 2025-03-01T03:30:00Z.
 * @returns `undefined` when the text is not 14 digits or names no existing time (month 13, 30 February, 24:00:00,
 *   minute or second 60).
 */
export function parseTt10Time(stamp: string): number | undefined {
  const m = STAMP.exec(stamp);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  if (hour > 23 || minute > 59 || second > 59 || month < 1 || month > 12 || day < 1) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
    return undefined;
  return utc.getTime() + ((hour * 60 + minute) * 60 + second) * 1_000 - VIETNAM_OFFSET_MS;
}

/**
 * Writes epoch ms (UTC) as a TT 10/2021 timestamp `YYYYMMDDhhmmss` in Vietnam local time (UTC+7); milliseconds are
 * dropped (truncated). @throws RangeError when `time` is not a finite time in years 0000–9999.
 */
export function formatTt10Time(time: number): string {
  const local = new Date(Math.floor(time / 1_000) * 1_000 + VIETNAM_OFFSET_MS);
  const year = local.getUTCFullYear();
  if (!Number.isFinite(local.getTime()) || year < 0 || year > 9999) {
    throw new RangeError(`not a time a TT 10 timestamp can hold: ${time}`);
  }
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    String(year).padStart(4, '0') +
    two(local.getUTCMonth() + 1) +
    two(local.getUTCDate()) +
    two(local.getUTCHours()) +
    two(local.getUTCMinutes()) +
    two(local.getUTCSeconds())
  );
}

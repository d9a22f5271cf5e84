import { createReadStream } from 'node:fs';
import { VIETNAM_TIME_ZONE } from '@langxanh/contracts';
import { parse } from 'csv-parse';
import { DateTime } from 'luxon';
import { sharedDataFile } from '../registry';
import { PlanBuilder, type PlanFilter, type ReplayPlan, type RowOutcome } from './messages';

/**
 * Hà Nội, U.S. Embassy PM2.5 monitor, hourly, 2018 (shared data/real/hanoi-us-embassy-pm25-2018/README.md).
 * Columns: Site, Parameter, Date (LT), Year, Month, Day, Hour, NowCast Conc., AQI, AQI Category, Raw Conc.,
 * Conc. Unit, Duration, QC Name.
 */
export type HanoiRow = Readonly<Record<string, string>>;

/** `../shared/data/real/hanoi-us-embassy-pm25-2018/Hanoi_PM2.5_2018_YTD.csv`, relative to the repository root. */
export function defaultHanoiFile(): string {
  return sharedDataFile('hanoi-us-embassy-pm25-2018', 'Hanoi_PM2.5_2018_YTD.csv');
}

/** `Date (LT)` format: `2018-01-01 01:00 AM` (12-hour clock); the pattern rejects what luxon would accept loosely (`13:00 PM`). */
const DATE_FORMAT = 'yyyy-MM-dd hh:mm a';
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2} (0[1-9]|1[0-2]):[0-5]\d (AM|PM)$/;
/** Missing-value marker of the AirNow files. */
const MISSING = -999;

/**
 * Maps one CSV row to the message the replay publishes, or to the reason it is skipped. Pure.
 *
 * - Only `QC Name` = `Valid` rows are published; `Invalid` → `qc_invalid`, `Missing` → `qc_missing`.
 * - `Raw Conc.` is the 1-hour mean PM2.5 in µg/m³ (`Conc. Unit` must be `UG/M3`), published unchanged, even when
 *   negative (one Valid row has −2.0): the replay does not alter data; the ingester rejects such values.
 * - `Date (LT)` is local time (Asia/Ho_Chi_Minh) on a 12-hour clock, hour-ending (the hour labelled 01:00 covers
 *   00:00–01:00). The label is kept as the timestamp, written ISO 8601 without offset, which the contract reads as
 *   Vietnam time: `2018-01-01 12:00 AM` → `2018-01-01T00:00:00`, `12:00 PM` → `12:00:00`,
 *   `2019-01-01 12:00 AM` (last row) → `2019-01-01T00:00:00`.
 * - The label must agree with the Year/Month/Day/Hour columns (`inconsistent_date` otherwise).
 * - Timestamps are not de-duplicated: the 2018 file has no `2018-03-11 02:00 AM` row and two `03:00 AM` rows
 *   (both Valid; the night the U.S. clocks moved forward, presumably an upstream processing artefact). Both are
 *   published; see {@link ReplayPlan.duplicateTimestamps}.
 */
export function hanoiRowToMessage(row: HanoiRow): RowOutcome {
  const qc = (row['QC Name'] ?? '').trim();
  if (qc !== 'Valid') {
    const reason = qc === 'Invalid' ? 'qc_invalid' : qc === 'Missing' ? 'qc_missing' : 'qc_other';
    return { ok: false, reason, detail: `QC Name "${qc}"` };
  }
  const label = (row['Date (LT)'] ?? '').trim();
  if (!DATE_PATTERN.test(label))
    return { ok: false, reason: 'bad_date', detail: `Date (LT) "${label}" is not "yyyy-MM-dd hh:mm AM|PM"` };
  const local = DateTime.fromFormat(label, DATE_FORMAT, { zone: VIETNAM_TIME_ZONE, locale: 'en-US' });
  if (!local.isValid)
    return {
      ok: false,
      reason: 'bad_date',
      detail: `Date (LT) "${label}": ${local.invalidExplanation ?? local.invalidReason}`,
    };
  const parts = ['Year', 'Month', 'Day', 'Hour'].map((c) => row[c]);
  if (parts.every((p) => p !== undefined && p.trim() !== '')) {
    const [y, m, d, h] = parts.map(Number);
    if (y !== local.year || m !== local.month || d !== local.day || h !== local.hour) {
      return { ok: false, reason: 'inconsistent_date', detail: `Date (LT) "${label}" vs ${parts.join('-')}` };
    }
  }
  const unit = (row['Conc. Unit'] ?? 'UG/M3').trim();
  if (unit !== 'UG/M3') return { ok: false, reason: 'unexpected_unit', detail: `Conc. Unit "${unit}"` };
  const text = (row['Raw Conc.'] ?? '').trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value))
    return { ok: false, reason: 'not_a_number', detail: `Raw Conc. "${text}"` };
  if (value === MISSING) return { ok: false, reason: 'missing_value', detail: 'Raw Conc. -999' };
  return {
    ok: true,
    message: { ts: local.toFormat("yyyy-MM-dd'T'HH:mm:ss"), values: { 'PM2.5': value }, status: '00' },
  };
}

/**
 * Reads a Hà Nội AirNow CSV and returns every message the replay would publish, in file order, with the counts
 * (rows read, valid, skipped by reason, out-of-range values). Independent of any broker, so that tests elsewhere
 * can compute what a replay must deliver.
 */
export async function hanoiMessages(
  file: string = defaultHanoiFile(),
  filter: PlanFilter = {},
): Promise<ReplayPlan> {
  const plan = new PlanBuilder('hanoi', file, filter);
  const parser = createReadStream(file).pipe(
    parse({ columns: true, bom: true, skip_empty_lines: true, trim: true }),
  );
  for await (const row of parser as AsyncIterable<HanoiRow>) {
    plan.add(hanoiRowToMessage(row), (row['QC Name'] ?? '').trim() === 'Valid');
  }
  return plan.build();
}

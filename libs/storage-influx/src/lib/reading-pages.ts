/**
 * Stored readings of one station, page by page, for exports (raw points or per-bucket means). A page is one
 * InfluxQL request of at most {@link EXPORT_PAGE_ROWS} rows, so a year of minute data (525 600 rows) is read in
 * ~53 requests and never held at once: the caller writes each page out before asking for the next. Built from
 * validated identifiers and times only (influxql.ts).
 */
import type { StationKind } from '@langxanh/contracts';
import { InfluxInputError } from './errors';
import type { InfluxStorage } from './influx-storage';
import {
  assertParameter,
  assertStationId,
  assertStationKind,
  durationLiteral,
  positiveIntegerLiteral,
  quoteIdentifier,
  quoteString,
  rangeCondition,
} from './influxql';

/**
 * Rows per page (one InfluxQL request). 10 000 rows of ~16 values are ~2 MB of JSON: small next to the ingester's
 * heap, and few enough requests for a year of minute data. InfluxDB 1.x's default `max-row-limit` is 10 000 too
 * (rows beyond it would be cut without error in chunk-less mode), so a page never exceeds it.
 */
export const EXPORT_PAGE_ROWS = 10_000;

/** Query of {@link readingPages}. Times are epoch ms; the range is [from, to). */
export interface ReadingPagesQuery {
  kind: StationKind;
  /** Station id (a slug). */
  station: string;
  /** Parameter keys of the `kind` catalogue (1 or more), the order of each row's `values`. */
  parameters: readonly string[];
  from: number;
  to: number;
  /**
   * Bucket width in seconds (means per bucket, empty buckets left out), or undefined for the raw stored points.
   * Buckets are aligned on Vietnam midnights (UTC+7), so daily means are Vietnam calendar days; the width must
   * divide a day.
   */
  everyS?: number;
}

/** One row: its time (the point's, or its bucket's start) and one value per query parameter (null: none). */
export interface ReadingRow {
  time: number;
  values: (number | null)[];
}

const DAY_S = 86_400;
/** Vietnam's offset from UTC in seconds (UTC+7, no daylight saving; contracts time.ts). */
const VIETNAM_OFFSET_S = 7 * 3_600;

/**
 * The rows of one station in [from, to), oldest first, page by page (each page ≤ {@link EXPORT_PAGE_ROWS} rows,
 * never empty). Raw: `SELECT "p1", … ORDER BY time LIMIT n` with the time cursor after the last row (one point per
 * series and millisecond, so nothing is skipped or repeated). Buckets: `mean("p1") AS "p1", … GROUP BY
 * time(<every>s, <offset>) fill(none)` over windows of `n` buckets.
 * @throws InfluxInputError for an unknown kind or parameter, a non-slug station, no parameter, bad times, or a
 *   width that does not divide a day; the errors of {@link InfluxStorage.query}.
 */
export async function* readingPages(storage: InfluxStorage, q: ReadingPagesQuery, pageRows = EXPORT_PAGE_ROWS): AsyncGenerator<ReadingRow[]> {
  const kind = assertStationKind(q.kind);
  const station = quoteString(assertStationId(q.station));
  if (q.parameters.length === 0) throw new InfluxInputError('at least one parameter');
  const fields = q.parameters.map((p) => quoteIdentifier(assertParameter(kind, p)));
  const limit = positiveIntegerLiteral(pageRows, EXPORT_PAGE_ROWS);
  rangeCondition(q.from, q.to);
  const toRow = (row: Record<string, unknown>): ReadingRow => ({
    time: Number(row['time']),
    values: q.parameters.map((p) => {
      const v = row[p];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    }),
  });

  if (q.everyS === undefined) {
    let cursor = q.from;
    while (cursor < q.to) {
      const statement =
        `SELECT ${fields.join(', ')} FROM ${quoteIdentifier(kind)} WHERE "station" = ${station} AND ${rangeCondition(cursor, q.to)} ` +
        `ORDER BY time ASC LIMIT ${limit}`;
      const rows = (await storage.query(statement)).flatMap((s) => s.rows.map(toRow));
      const page = rows.filter((r) => r.values.some((v) => v !== null));
      if (page.length > 0) yield page;
      if (rows.length < pageRows) return;
      cursor = rows[rows.length - 1].time + 1;
    }
    return;
  }

  const every = durationLiteral(q.everyS);
  if (DAY_S % q.everyS !== 0) throw new InfluxInputError(`bucket width ${q.everyS} s does not divide a day`);
  // Boundaries at Vietnam midnight + k × width: the offset of `GROUP BY time(width, offset)`.
  const offset = `${(DAY_S - (VIETNAM_OFFSET_S % q.everyS)) % q.everyS}s`;
  const everyMs = q.everyS * 1_000;
  const alignedFrom = q.from - ((((q.from + VIETNAM_OFFSET_S * 1_000) % everyMs) + everyMs) % everyMs);
  const windowMs = everyMs * pageRows;
  const means = q.parameters.map((p, i) => `mean(${fields[i]}) AS ${quoteIdentifier(p)}`).join(', ');
  for (let start = alignedFrom; start < q.to; start += windowMs) {
    const from = Math.max(start, q.from);
    const to = Math.min(start + windowMs, q.to);
    const statement =
      `SELECT ${means} FROM ${quoteIdentifier(kind)} WHERE "station" = ${station} AND ${rangeCondition(from, to)} ` +
      `GROUP BY time(${every}, ${offset}) fill(none)`;
    const page = (await storage.query(statement)).flatMap((s) => s.rows.map(toRow)).filter((r) => r.values.some((v) => v !== null));
    if (page.length > 0) yield page;
  }
}

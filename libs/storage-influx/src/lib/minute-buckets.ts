/**
 * Per-minute means of many stations and parameters of one station kind in one request: what the alerting engine's
 * averaging windows (1-h, 8-h, 24-h and calendar-day limits) are warmed up with at start-up, instead of one
 * `readingBuckets` request per station and parameter (issue 7, "cost growth": 10 000 stations × 7 averaged
 * parameters were 70 000 sequential requests). Built from validated identifiers and times only (influxql.ts).
 */
import type { StationKind } from '@langxanh/contracts';
import { InfluxInputError } from './errors';
import { MAX_BUCKETS, type InfluxStorage } from './influx-storage';
import {
  assertParameter,
  assertStationId,
  assertStationKind,
  quoteIdentifier,
  rangeCondition,
  stationCondition,
} from './influxql';

const MINUTE_MS = 60_000;

/** Query of {@link minuteBucketsByStation}. Times are epoch ms; the range is [from, to). */
export interface MinuteBucketsQuery {
  kind: StationKind;
  /** Station ids (slugs); omitted = every station of `kind` that has data in the range. */
  stations?: readonly string[];
  /** Parameter keys of the `kind` catalogue. */
  parameters: readonly string[];
  from: number;
  to: number;
}

/** One non-empty minute of one parameter of one station. */
export interface MinuteBucket {
  /** Start of the minute (UTC, aligned on whole minutes since the Unix epoch), epoch ms. */
  time: number;
  /** Mean of the values stored in the minute, in the parameter's catalogue unit (every status included). */
  mean: number;
  /** Values stored in the minute (≥ 1). */
  count: number;
}

/**
 * Mean and count of every parameter of `q.parameters`, per station and per minute, over [from, to), in ONE request
 * of ONE statement (`SELECT mean(p) …, count(p) … FROM <kind> … GROUP BY time(60s), "station" fill(none)`): the
 * fields share the scan and each row's time, and `fill(none)` leaves out minutes without data, so an idle station
 * costs nothing. Minutes are aligned on multiples of 60 s since the Unix epoch (as `readingBuckets` with
 * `everyS: 60`), so the first may start before `from` (it only holds values at or after `from`). Values stored with
 * status `01`/`02` are included, as in `readingBuckets`.
 * @returns station → parameter → its non-empty minutes in time order; stations and parameters without data are
 *   absent.
 * @throws InfluxInputError for an unknown kind or parameter, a non-slug station, times that are not non-negative
 *   integers, from ≥ to, or more than {@link MAX_BUCKETS} minutes; the errors of `InfluxStorage.query`.
 */
export async function minuteBucketsByStation(
  storage: Pick<InfluxStorage, 'query'>,
  q: MinuteBucketsQuery,
): Promise<Map<string, Map<string, MinuteBucket[]>>> {
  const kind = assertStationKind(q.kind);
  const parameters = [...new Set(q.parameters.map((p) => assertParameter(kind, p)))];
  const range = rangeCondition(q.from, q.to);
  const minutes = Math.ceil((q.to - Math.floor(q.from / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
  if (minutes > MAX_BUCKETS)
    throw new InfluxInputError(`${minutes} minutes requested, at most ${MAX_BUCKETS}`);
  const stations = q.stations?.map(assertStationId);
  const out = new Map<string, Map<string, MinuteBucket[]>>();
  if (parameters.length === 0 || stations?.length === 0) return out;

  // Columns are aliased by position ("m0", "n0", …): parameter keys such as PM2.5 need no escaping in the result.
  const columns = parameters
    .map((p, i) => {
      const field = quoteIdentifier(p);
      return `mean(${field}) AS "m${i}", count(${field}) AS "n${i}"`;
    })
    .join(', ');
  const statement =
    `SELECT ${columns} FROM ${quoteIdentifier(kind)} WHERE ${range}${stationCondition(stations)} ` +
    'GROUP BY time(60s), "station" fill(none)';

  for (const series of await storage.query<Record<string, unknown>>(statement)) {
    const station = series.tags['station'];
    if (!station) continue;
    const byParameter = out.get(station) ?? new Map<string, MinuteBucket[]>();
    parameters.forEach((parameter, i) => {
      let list: MinuteBucket[] | undefined;
      for (const row of series.rows) {
        const mean = row[`m${i}`];
        const count = row[`n${i}`];
        if (typeof mean !== 'number' || !Number.isFinite(mean) || typeof count !== 'number' || count <= 0)
          continue;
        list ??= [];
        list.push({ time: Number(row['time']), mean, count });
      }
      if (list)
        byParameter.set(
          parameter,
          list.sort((a, b) => a.time - b.time),
        );
    });
    if (byParameter.size > 0) out.set(station, byParameter);
  }
  return out;
}

import {
  PARAMETER_CATALOGUE,
  type AlertDto,
  type ReadingBucketDto,
  type StationKind,
} from '@langxanh/contracts';
import { InfluxInputError, InfluxStorageError } from './errors';
import { InfluxConnection } from './influx-connection';
import {
  assertParameter,
  assertStationId,
  assertStationKind,
  durationLiteral,
  positiveIntegerLiteral,
  quoteIdentifier,
  quoteString,
  rangeCondition,
  timeLiteral,
} from './influxql';
import { ALERT_MEASUREMENT, type AlertDocumentMeasurement } from './points';

/** Query of {@link InfluxStorage.readingBuckets}. Times are epoch ms; the range is [from, to). */
export interface ReadingBucketsQuery {
  kind: StationKind;
  /** Station id (a slug). */
  station: string;
  /** Parameter key from the contracts catalogue of `kind`. */
  parameter: string;
  from: number;
  to: number;
  /** Bucket width in seconds. */
  everyS: number;
}

/** Query of {@link InfluxStorage.recentTimes}. */
export interface RecentTimesQuery {
  kind: StationKind;
  /** Station id (a slug). */
  station: string;
  /** Parameter key from the contracts catalogue of `kind`. */
  parameter: string;
  /** Oldest time looked at, epoch ms (bounds the scan). */
  since: number;
  /** Most times returned, 1…{@link MAX_RECENT_TIMES}. */
  limit: number;
}

/** Most times {@link InfluxStorage.recentTimes} returns. */
export const MAX_RECENT_TIMES = 1_000;

/** Last known values of one station (see {@link InfluxStorage.latestByStation}). */
export interface StationLatest {
  /** Time of the newest value among `values`, epoch ms. */
  time: number;
  /** Parameter → its last value (each parameter's own last point; they may come from different readings). */
  values: Record<string, number>;
}

/** Most buckets {@link InfluxStorage.readingBuckets} returns for one query. */
export const MAX_BUCKETS = 20_000;
/** Most alerts {@link InfluxStorage.alertHistory} returns. */
export const MAX_ALERT_HISTORY = 10_000;

/**
 * The ingester's InfluxDB adapter: the connection ({@link InfluxConnection}: `connect`, `ping`, `api`, `version`,
 * `writeLines`, `query`, `close`) and the reads built on InfluxQL — reading buckets, the newest values per station,
 * alert history and states, alerting documents. Lines are built by `points.ts` and written by the spool's drain
 * through `writeLines`; nothing is buffered here.
 */
export class InfluxStorage extends InfluxConnection {
  /**
   * The newest version of each document of `measurement` stored since `sinceMs` (epoch ms), by its `key`,
   * parsed from JSON (rows that do not parse are skipped with a warning). Oldest version first is not kept.
   * @throws the errors of {@link InfluxStorage.query}.
   */
  async latestDocuments<T>(measurement: AlertDocumentMeasurement, sinceMs: number): Promise<T[]> {
    const statement =
      `SELECT "key", "json" FROM ${quoteIdentifier(measurement)} WHERE time >= ${timeLiteral(Math.max(0, Math.floor(sinceMs)))} ` +
      `ORDER BY time ASC LIMIT ${positiveIntegerLiteral(MAX_ALERT_HISTORY * 10)}`;
    const byKey = new Map<string, T>();
    for (const series of await this.query<{ time: number; key: unknown; json: unknown }>(statement)) {
      for (const row of series.rows) {
        if (typeof row.key !== 'string' || typeof row.json !== 'string') continue;
        try {
          byKey.delete(row.key);
          byKey.set(row.key, JSON.parse(row.json) as T);
        } catch {
          this.logger.warn(`${measurement} row at ${row.time} has invalid JSON; skipped`);
        }
      }
    }
    return [...byKey.values()];
  }

  /**
   * Deletes every reading point of one station in [from, to) (epoch ms): InfluxQL
   * `DELETE FROM "<kind>" WHERE "station" = '<id>' AND time >= <from>ms AND time < <to>ms` on the 1.x API (InfluxDB
   * 1.x "Delete series with DELETE", which accepts tag and time conditions). Alert documents are other
   * measurements and are kept. Deleting a range that holds nothing is not an error.
   * @throws InfluxInputError for an unknown kind, a non-slug station, non-integer times or `from ≥ to`, and
   *   `NOT_SUPPORTED` on the v2 API (its `/api/v2/delete` is not implemented here); the errors of {@link query}.
   */
  async deleteReadings(q: { kind: StationKind; station: string; from: number; to: number }): Promise<void> {
    const statement =
      `DELETE FROM ${quoteIdentifier(assertStationKind(q.kind))} WHERE "station" = ${quoteString(assertStationId(q.station))} ` +
      `AND ${rangeCondition(q.from, q.to)}`;
    if (this.api !== 'v1') {
      throw new InfluxStorageError('NOT_SUPPORTED', 'deleting readings needs the InfluxDB 1.x API (INFLUX_API=v1)');
    }
    await this.query(statement);
  }

  /**
   * Mean, min, max and count of one parameter of one station per `everyS`-second bucket over [from, to).
   * Buckets are aligned on multiples of `everyS` since the Unix epoch (UTC), so the first may start before `from`.
   * Every bucket of the range is returned, in time order; a bucket without data has `mean`/`min`/`max` null and
   * `count` 0 (gaps stay visible, never zero).
   * @throws InfluxInputError for an unknown kind/parameter, a non-slug station, non-integer times, `from ≥ to`, or
   *   more than {@link MAX_BUCKETS} buckets; the errors of {@link InfluxStorage.query}.
   */
  async readingBuckets(q: ReadingBucketsQuery): Promise<ReadingBucketDto[]> {
    const kind = assertStationKind(q.kind);
    const station = assertStationId(q.station);
    const field = quoteIdentifier(assertParameter(kind, q.parameter));
    const every = durationLiteral(q.everyS);
    const from = timeLiteral(q.from);
    const to = timeLiteral(q.to);
    if (q.from >= q.to) throw new InfluxInputError(`from (${q.from}) must be before to (${q.to})`);
    const everyMs = q.everyS * 1_000;
    const first = Math.floor(q.from / everyMs) * everyMs;
    const buckets = Math.ceil((q.to - first) / everyMs);
    if (buckets > MAX_BUCKETS)
      throw new InfluxInputError(`${buckets} buckets requested, at most ${MAX_BUCKETS}`);

    const statement =
      `SELECT mean(${field}) AS "mean", min(${field}) AS "min", max(${field}) AS "max", count(${field}) AS "count" ` +
      `FROM ${quoteIdentifier(kind)} WHERE "station" = ${quoteString(station)} AND time >= ${from} AND time < ${to} ` +
      `GROUP BY time(${every}) fill(null)`;
    type Row = { time: number; mean: unknown; min: unknown; max: unknown; count: unknown };
    const byTime = new Map<number, Row>();
    for (const series of await this.query<Row>(statement)) {
      for (const row of series.rows) byTime.set(Number(row.time), row);
    }
    const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const out: ReadingBucketDto[] = [];
    for (let t = first; t < q.to; t += everyMs) {
      const row = byTime.get(t);
      out.push({
        time: new Date(t).toISOString(),
        mean: num(row?.mean),
        min: num(row?.min),
        max: num(row?.max),
        count: num(row?.count) ?? 0,
      });
    }
    return out;
  }

  /**
   * Times (epoch ms) of the newest `limit` stored values of one parameter of one station at or after `since`,
   * newest first (to measure how often the station reports: the chart's bucket width).
   * @throws InfluxInputError for an unknown kind/parameter, a non-slug station, a bad time or a limit outside
   *   1…{@link MAX_RECENT_TIMES}; the errors of {@link InfluxStorage.query}.
   */
  async recentTimes(q: RecentTimesQuery): Promise<number[]> {
    const kind = assertStationKind(q.kind);
    const field = quoteIdentifier(assertParameter(kind, q.parameter));
    const statement =
      `SELECT ${field} FROM ${quoteIdentifier(kind)} WHERE "station" = ${quoteString(assertStationId(q.station))} ` +
      `AND time >= ${timeLiteral(q.since)} ORDER BY time DESC LIMIT ${positiveIntegerLiteral(q.limit, MAX_RECENT_TIMES)}`;
    const times: number[] = [];
    for (const series of await this.query<{ time: unknown }>(statement)) {
      for (const row of series.rows) {
        const time = Number(row.time);
        if (Number.isFinite(time)) times.push(time);
      }
    }
    return times;
  }

  /**
   * The last value of every catalogue parameter of `kind`, per station (used to restore the overview after a
   * restart). One `SELECT last(…)` statement per parameter, sent in one request, so that each value keeps its own
   * time (a multi-field `last(*)` would report time 0).
   * @returns station id → `{ time, values }`; stations without any value are absent.
   * @throws InfluxInputError for an unknown kind; the errors of {@link InfluxStorage.query}.
   */
  async latestByStation(kind: StationKind): Promise<Map<string, StationLatest>> {
    const measurement = quoteIdentifier(assertStationKind(kind));
    const parameters = PARAMETER_CATALOGUE[kind].map((spec) => spec.key);
    const statement = parameters
      .map(
        (p) =>
          `SELECT last(${quoteIdentifier(p)}) AS ${quoteIdentifier(p)} FROM ${measurement} GROUP BY "station"`,
      )
      .join('; ');
    const out = new Map<string, StationLatest>();
    for (const series of await this.query(statement)) {
      const station = series.tags['station'];
      const parameter = parameters[series.statementId];
      if (!station || parameter === undefined) continue;
      for (const row of series.rows) {
        const value = row[parameter];
        const time = Number(row['time']);
        if (typeof value !== 'number' || !Number.isFinite(time)) continue;
        const entry = out.get(station) ?? { time, values: {} };
        entry.values[parameter] = value;
        entry.time = Math.max(entry.time, time);
        out.set(station, entry);
      }
    }
    return out;
  }

  /**
   * The newest `limit` alert states (measurement `alert`, see `alertToLine`), newest first, parsed from their `json` field (rows
   * whose JSON does not parse are skipped with a warning).
   * @throws InfluxInputError unless 1 ≤ limit ≤ {@link MAX_ALERT_HISTORY}; the errors of {@link InfluxStorage.query}.
   */
  async alertHistory(limit: number): Promise<AlertDto[]> {
    const statement =
      `SELECT "json" FROM ${quoteIdentifier(ALERT_MEASUREMENT)} ORDER BY time DESC ` +
      `LIMIT ${positiveIntegerLiteral(limit, MAX_ALERT_HISTORY)}`;
    return this.queryAlerts(statement);
  }

  /**
   * The newest stored state of every alert series (one per station and rule), whatever its age and however many
   * changes were stored since: what start-up needs to restore the open alerts.
   * @throws InfluxStorageError / InfluxQueryError when the query fails.
   */
  async latestAlertStates(): Promise<AlertDto[]> {
    const statement =
      `SELECT last("json") AS "json" FROM ${quoteIdentifier(ALERT_MEASUREMENT)} ` +
      `GROUP BY ${quoteIdentifier('station')}, ${quoteIdentifier('rule')}`;
    return this.queryAlerts(statement);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Runs an InfluxQL statement selecting the `json` field of the alert measurement and parses each row. */
  private async queryAlerts(statement: string): Promise<AlertDto[]> {
    const out: AlertDto[] = [];
    for (const series of await this.query<{ time: number; json: unknown }>(statement)) {
      for (const row of series.rows) {
        if (typeof row.json !== 'string') continue;
        try {
          out.push(JSON.parse(row.json) as AlertDto);
        } catch {
          this.logger.warn(`alert row at ${row.time} has invalid JSON; skipped`);
        }
      }
    }
    return out;
  }
}

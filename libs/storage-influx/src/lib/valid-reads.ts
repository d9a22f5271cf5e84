/**
 * Reads for VN_AQI and compliance reports that leave out data a datalogger marked calibrating (`01`) or in error
 * (`02`) (TT 10/2021/TT-BTNMT; shared docs/domain.md §4.2: "exclude 01 and 02 from AQI and compliance averages").
 *
 * How the status is stored (points.ts): a string field `<parameter>_status` exists only on points whose status is
 * not `00`. InfluxQL cannot select "field absent": a condition on a field that a point lacks is false for every
 * operator, `!=` included (checked on InfluxDB 1.6.7). So the status-`00` figures are computed as
 * **all − flagged**: counts and sums of all points minus those of the points whose status field is `01` or `02`;
 * extremes are taken from `top`/`bottom` of k = flagged + 1 values, skipping the flagged times (at least one of
 * them is valid). Every statement is built from validated identifiers, numbers and times only (influxql.ts).
 */
import {
  assertParameter,
  assertStationId,
  assertStationKind,
  quoteIdentifier,
  quoteString,
  rangeCondition,
  stationCondition,
} from './influxql';
import type { StationKind } from '@langxanh/contracts';
import { InfluxInputError, InfluxStorageError } from './errors';
import type { InfluxStorage } from './influx-storage';
import { STATUS_FIELD_SUFFIX } from './points';

const HOUR_MS = 3_600_000;

/** Statuses left out of AQI and compliance figures (TT 10/2021/TT-BTNMT: calibrating, device error). */
export const EXCLUDED_STATUSES = ['01', '02'] as const;

/** Most flagged (01/02) samples one {@link validSampleStats} call handles for one parameter and span. */
export const MAX_FLAGGED_SAMPLES = 50_000;

/** Most hours one {@link validHourlyMeans} call covers: 400 days plus a day of margin (e.g. 8-h means' lead-in). */
export const MAX_HOURS = 401 * 24;

/** Query of {@link validHourlyMeans}. Times are epoch ms on whole hours; the range is [from, to). */
export interface ValidHourlyMeansQuery {
  kind: StationKind;
  /** Station ids (slugs); omitted = every station of `kind`. */
  stations?: readonly string[];
  /** Parameter keys of the `kind` catalogue. */
  parameters: readonly string[];
  from: number;
  to: number;
}

/** One clock hour of one parameter of one station (structurally the `HourlyMean` of `@langxanh/reports`). */
export interface ValidHourlyMean {
  /** Start of the hour, epoch ms. */
  start: number;
  /** Mean of the hour's status-`00` samples; null when there were none. */
  mean: number | null;
  /** Status-`00` samples. */
  samples: number;
  /** Samples with status `01` or `02`. */
  excluded: number;
}

/** Thresholds to count samples against (structurally `SampleThresholds` of `@langxanh/reports`). */
export interface SampleCountThresholds {
  above?: number;
  atOrAbove?: number;
  below?: number;
}

/** Query of {@link validSampleStats}. Times are epoch ms; the range is [from, to). */
export interface ValidSampleStatsQuery {
  kind: StationKind;
  station: string;
  parameter: string;
  from: number;
  to: number;
  thresholds: SampleCountThresholds;
}

/** Status-`00` sample statistics (structurally `SampleStats` of `@langxanh/reports`). */
export interface ValidSampleStats {
  samples: number;
  excluded: number;
  above?: number;
  atOrAbove?: number;
  below?: number;
  max: { value: number; time: number } | null;
  min: { value: number; time: number } | null;
}

/** A finite number as an InfluxQL numeric literal (no exponent form). */
function numberLiteral(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) {
    throw new InfluxInputError(`threshold must be a finite number below 1e15, got ${String(value)}`);
  }
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(15).replace(/0+$/, '') : text;
}

const flaggedCondition = (parameter: string): string => {
  const field = quoteIdentifier(`${parameter}${STATUS_FIELD_SUFFIX}`);
  return `(${EXCLUDED_STATUSES.map((s) => `${field} = ${quoteString(s)}`).join(' OR ')})`;
};

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
/** Removes float noise left by subtracting sums (e.g. 40.00000000000001). */
const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;

/**
 * Status-`00` means of whole clock hours (UTC hours are also Vietnam hours), per station and parameter, in one
 * request (two statements per parameter: all points, flagged points; `GROUP BY time(1h), "station"`).
 * Only hours with at least one sample appear.
 * @returns station → parameter → hours in time order.
 * @throws InfluxInputError for an unknown kind/parameter, a non-slug station, times not on whole hours,
 *   from ≥ to or more than {@link MAX_HOURS} hours; the errors of `InfluxStorage.query`.
 */
export async function validHourlyMeans(
  storage: Pick<InfluxStorage, 'query'>,
  q: ValidHourlyMeansQuery,
): Promise<Map<string, Map<string, ValidHourlyMean[]>>> {
  const kind = assertStationKind(q.kind);
  const parameters = q.parameters.map((p) => assertParameter(kind, p));
  if (q.from % HOUR_MS !== 0 || q.to % HOUR_MS !== 0)
    throw new InfluxInputError('from and to must be whole hours');
  if ((q.to - q.from) / HOUR_MS > MAX_HOURS)
    throw new InfluxInputError(`more than ${MAX_HOURS} hours requested`);
  const range = rangeCondition(q.from, q.to);
  const out = new Map<string, Map<string, ValidHourlyMean[]>>();
  if (parameters.length === 0 || q.stations?.length === 0) return out;
  const stations = stationCondition(q.stations);
  const statements = parameters.flatMap((p) => {
    const field = quoteIdentifier(p);
    const head = `SELECT count(${field}) AS "n", sum(${field}) AS "s" FROM ${quoteIdentifier(kind)} WHERE ${range}${stations}`;
    const tail = ' GROUP BY time(1h), "station" fill(none)';
    return [`${head}${tail}`, `${head} AND ${flaggedCondition(p)}${tail}`];
  });
  type Row = { time: number; n: unknown; s: unknown };
  const totals = new Map<string, { n: number; s: number; fn: number; fs: number }>();
  for (const series of await storage.query<Row>(statements.join('; '))) {
    const station = series.tags['station'];
    const parameter = parameters[Math.floor(series.statementId / 2)];
    if (!station || parameter === undefined) continue;
    const flagged = series.statementId % 2 === 1;
    for (const row of series.rows) {
      const key = JSON.stringify([station, parameter, Number(row.time)]);
      const t = totals.get(key) ?? { n: 0, s: 0, fn: 0, fs: 0 };
      if (flagged) {
        t.fn = num(row.n);
        t.fs = num(row.s);
      } else {
        t.n = num(row.n);
        t.s = num(row.s);
      }
      totals.set(key, t);
    }
  }
  for (const [key, t] of totals) {
    const [station, parameter, start] = JSON.parse(key) as [string, string, number];
    const samples = Math.max(0, t.n - t.fn);
    const byParameter = out.get(station) ?? new Map<string, ValidHourlyMean[]>();
    out.set(station, byParameter);
    const list = byParameter.get(parameter) ?? [];
    byParameter.set(parameter, list);
    list.push({ start, mean: samples > 0 ? tidy((t.s - t.fs) / samples) : null, samples, excluded: t.fn });
  }
  for (const byParameter of out.values())
    for (const list of byParameter.values()) list.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * Status-`00` sample statistics of one parameter of one station over [from, to): number of samples, samples
 * beyond each threshold asked (`>`, `≥`, `<`), and the largest and smallest sample with its time. Two requests.
 * @throws InfluxInputError for bad identifiers, times or thresholds; InfluxStorageError `INVALID_INPUT` when more
 *   than {@link MAX_FLAGGED_SAMPLES} samples are flagged; the errors of `InfluxStorage.query`.
 */
export async function validSampleStats(
  storage: Pick<InfluxStorage, 'query'>,
  q: ValidSampleStatsQuery,
): Promise<ValidSampleStats> {
  const kind = assertStationKind(q.kind);
  const parameter = assertParameter(kind, q.parameter);
  const field = quoteIdentifier(parameter);
  const where = `FROM ${quoteIdentifier(kind)} WHERE "station" = ${quoteString(assertStationId(q.station))} AND ${rangeCondition(q.from, q.to)}`;
  const comparisons = (
    [
      ['above', '>'],
      ['atOrAbove', '>='],
      ['below', '<'],
    ] as const
  ).flatMap(([name, op]) => {
    const x = q.thresholds[name];
    return x === undefined ? [] : [{ name, op, x, literal: numberLiteral(x) }];
  });
  const statements = [
    `SELECT count(${field}) AS "n" ${where}`,
    `SELECT ${field} AS "v" ${where} AND ${flaggedCondition(parameter)} LIMIT ${MAX_FLAGGED_SAMPLES + 1}`,
    ...comparisons.map((c) => `SELECT count(${field}) AS "n" ${where} AND ${field} ${c.op} ${c.literal}`),
  ];
  type Row = { time: number; n?: unknown; v?: unknown };
  const counts = new Map<number, number>();
  const flagged: { time: number; value: number }[] = [];
  for (const series of await storage.query<Row>(statements.join('; '))) {
    for (const row of series.rows) {
      if (series.statementId === 1) {
        if (typeof row.v === 'number') flagged.push({ time: Number(row.time), value: row.v });
      } else counts.set(series.statementId, num(row.n));
    }
  }
  if (flagged.length > MAX_FLAGGED_SAMPLES) {
    throw new InfluxStorageError(
      'INVALID_INPUT',
      `more than ${MAX_FLAGGED_SAMPLES} flagged samples: shorten the range`,
    );
  }
  const samples = Math.max(0, (counts.get(0) ?? 0) - flagged.length);
  const result: ValidSampleStats = { samples, excluded: flagged.length, max: null, min: null };
  comparisons.forEach((c, i) => {
    const flaggedBeyond = flagged.filter((f) =>
      c.op === '>' ? f.value > c.x : c.op === '>=' ? f.value >= c.x : f.value < c.x,
    ).length;
    result[c.name] = Math.max(0, (counts.get(2 + i) ?? 0) - flaggedBeyond);
  });
  if (samples === 0) return result;

  const k = flagged.length + 1;
  const flaggedTimes = new Set(flagged.map((f) => f.time));
  const extremes = await storage.query<Row>(
    `SELECT top(${field}, ${k}) AS "v" ${where}; SELECT bottom(${field}, ${k}) AS "v" ${where}`,
  );
  const pick = (statementId: number, better: (a: number, b: number) => boolean) => {
    let best: { value: number; time: number } | null = null;
    for (const series of extremes.filter((s) => s.statementId === statementId)) {
      for (const row of series.rows) {
        const time = Number(row.time);
        if (typeof row.v !== 'number' || flaggedTimes.has(time)) continue;
        if (!best || better(row.v, best.value) || (row.v === best.value && time < best.time)) {
          best = { value: row.v, time };
        }
      }
    }
    return best;
  };
  result.max = pick(0, (a, b) => a > b);
  result.min = pick(1, (a, b) => a < b);
  return result;
}

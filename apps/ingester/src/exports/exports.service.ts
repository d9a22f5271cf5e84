import { Injectable, Logger } from '@nestjs/common';
import {
  PARAMETER_CATALOGUE,
  STATION_KINDS,
  type ParameterSpec,
  type RegisteredStation,
  type UserDto,
} from '@langxanh/contracts';
import { AlertsService, type AlertFilter } from '../alerts/alerts.service';
import { ScopeService } from '../auth/scope.service';
import { ApiError, ApiErrorCode, storageFailure } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { MAX_RANGE_MS } from '../stations/readings-window';
import { ReadingsRepository, refusedAsInput } from '../storage/readings.repository';
import { EXPORT_BUCKETS, alertRow, alertsHeader, readingsHeader, sheetName, type ExportBucket, type ExportLang } from './export-columns';
import { vietnamTime, type Cell } from './table-sink';

/**
 * Most stations in one readings export. A cluster has a handful of stations (deploy/registry: 3–6); 20 covers a
 * few clusters while bounding one request's work (a year of minute data of 20 stations is 10.5 M rows, about
 * 1 050 InfluxDB requests). A project choice, not a regulation.
 */
export const MAX_EXPORT_STATIONS = 20;
/**
 * Most parameters in one readings export: more than the three catalogues together hold (contracts
 * PARAMETER_CATALOGUE), so it only bounds the query string; repeated ones are refused.
 */
export const MAX_EXPORT_PARAMETERS = 32;
/** Longest range of one export (ms): the readings API's (stations/readings-window.ts, 400 days: a year with margin). */
export const MAX_EXPORT_RANGE_MS = MAX_RANGE_MS;
/** Range when `from` is not given: the last 24 h before `to` (as the readings API). */
const DEFAULT_RANGE_MS = 86_400_000;

/** A readings export request (times epoch ms, already parsed). */
export interface ReadingsExportQuery {
  readonly stations: readonly string[];
  readonly parameters?: readonly string[];
  readonly from?: number;
  readonly to?: number;
  readonly bucket: ExportBucket;
  readonly lang: ExportLang;
}

/** An alert-history export request: the alerts API's filters (raise time in [from, to), epoch ms), no limit. */
export type AlertsExportQuery = Omit<AlertFilter, 'limit'> & { readonly lang: ExportLang };

/** A table to stream: its header, its rows (read lazily, page by page), a sheet and a file name without extension. */
export interface ExportTable {
  readonly header: string[];
  readonly sheet: string;
  readonly filename: string;
  readonly rows: AsyncGenerator<Cell[]>;
}

/** `20261207` (Vietnam calendar day) for file names. */
const day = (ms: number): string => vietnamTime(ms).slice(0, 10).replace(/-/g, '');

/**
 * Exports: stored readings (raw or per-bucket means) and alert history as tables for CSV/XLSX. Readings are read
 * from InfluxDB page by page (`ReadingsRepository.pages`, ≤ 10 000 rows a request) while the file is written, so
 * the memory held is one page whatever the range. Access is the readings API's: air stations for everyone, other
 * stations within the caller's clusters (`ScopeService`); alerts of the caller's clusters only.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly registry: RegistryService,
    private readonly readings: ReadingsRepository,
    private readonly alerts: AlertsService,
    private readonly scope: ScopeService,
  ) {}

  /**
   * The readings table: one row per station and time (raw point or bucket start), oldest first per station,
   * stations in the order asked, one column per parameter (empty where the station's kind has no such parameter).
   * @throws ApiError 400 for an unknown station or parameter, repeated ones, more than {@link MAX_EXPORT_STATIONS}
   *   stations, `from` not before `to` or a range over 400 days; 401/403 for a non-air station outside scope.
   */
  readingsTable(user: UserDto | undefined, q: ReadingsExportQuery, now: number): ExportTable {
    if (q.stations.length > MAX_EXPORT_STATIONS) throw bad(`at most ${MAX_EXPORT_STATIONS} stations`);
    if (new Set(q.stations).size !== q.stations.length) throw bad('a station is listed twice');
    const stations: RegisteredStation[] = q.stations.map((id) => {
      const registered = this.registry.get(id);
      if (!registered) throw bad(`no station "${id}"`);
      return registered;
    });
    for (const s of stations) this.scope.assertReadable(user, s.station.id);
    const kinds = new Set(stations.map((s) => s.station.kind));
    const offered: ParameterSpec[] = STATION_KINDS.filter((k) => kinds.has(k))
      .flatMap((k) => PARAMETER_CATALOGUE[k])
      .filter((spec, i, all) => all.findIndex((o) => o.key === spec.key) === i);
    let specs = offered;
    if (q.parameters !== undefined) {
      if (q.parameters.length > MAX_EXPORT_PARAMETERS) throw bad(`at most ${MAX_EXPORT_PARAMETERS} parameters`);
      if (new Set(q.parameters).size !== q.parameters.length) throw bad('a parameter is listed twice');
      specs = q.parameters.map((key) => {
        const spec = offered.find((o) => o.key === key);
        if (!spec) throw bad(`"${key}" is not a parameter of the chosen stations`);
        return spec;
      });
    }
    const to = q.to ?? now;
    const from = q.from ?? to - DEFAULT_RANGE_MS;
    if (!(from < to)) throw bad('`from` must be before `to`');
    if (to - from > MAX_EXPORT_RANGE_MS) throw bad('the range may not exceed 400 days');
    const everyS = EXPORT_BUCKETS[q.bucket];
    const header = readingsHeader(specs, q.lang, everyS !== undefined);
    const name = `langxanh-${q.lang === 'vi' ? 'so-lieu' : 'readings'}-${q.bucket}-${day(from)}-${day(to - 1)}`;
    return { header, sheet: sheetName('readings', q.lang), filename: name, rows: this.readingRows(stations, specs, from, to, everyS) };
  }

  /**
   * The alert-history table: the alerts the alerts API lists for the same filters (open first, then resolved,
   * newest first), of the caller's clusters only, all of them (the kept history is bounded by the alerts service).
   * @throws ApiError 400 when `from` is not before `to`.
   */
  alertsTable(user: UserDto, q: AlertsExportQuery, now: number): ExportTable {
    if (q.from !== undefined && q.to !== undefined && !(q.from < q.to)) throw bad('`from` must be before `to`');
    const { lang, ...filter } = q;
    const alerts = this.alerts.list({ ...filter, limit: Number.MAX_SAFE_INTEGER }).filter((a) => this.scope.inScope(user, a.cluster));
    async function* rows(): AsyncGenerator<Cell[]> {
      for (const a of alerts) yield alertRow(a, lang);
    }
    const name = `langxanh-${lang === 'vi' ? 'canh-bao' : 'alerts'}-${day(q.from ?? now)}-${day(q.to ?? now)}`;
    return { header: alertsHeader(lang), sheet: sheetName('alerts', lang), filename: name, rows: rows() };
  }

  private async *readingRows(
    stations: readonly RegisteredStation[],
    specs: readonly ParameterSpec[],
    from: number,
    to: number,
    everyS: number | undefined,
  ): AsyncGenerator<Cell[]> {
    for (const { station } of stations) {
      const own = new Set(PARAMETER_CATALOGUE[station.kind].map((p) => p.key));
      const columns = specs.map((s, i) => ({ key: s.key, i })).filter((c) => own.has(c.key));
      if (columns.length === 0) continue;
      const pages = this.readings.pages({ kind: station.kind, station: station.id, parameters: columns.map((c) => c.key), from, to, everyS });
      for (;;) {
        let next: IteratorResult<{ time: number; values: (number | null)[] }[]>;
        try {
          next = await pages.next();
        } catch (error) {
          throw storageFailure(`readings of ${station.id} not read`, error, refusedAsInput(error));
        }
        if (next.done) break;
        for (const row of next.value) {
          const cells: Cell[] = [station.id, station.name, vietnamTime(row.time), ...specs.map(() => null)];
          columns.forEach((c, j) => (cells[3 + c.i] = row.values[j]));
          yield cells;
        }
      }
    }
    this.logger.debug(`readings export of ${stations.length} station(s) done`);
  }
}

const bad = (message: string) => new ApiError(ApiErrorCode.BadRequest, message);

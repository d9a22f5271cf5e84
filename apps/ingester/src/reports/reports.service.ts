import { Injectable } from '@nestjs/common';
import {
  AQI_PARAMETERS,
  HOUR_MS,
  dailyAqiDto,
  dailyAqiOn,
  hourlyAqiAt,
  hourlyAqiDto,
  usEpaDailyAqiOn,
  type AqiParameter,
  type HourlySeries,
} from '@langxanh/aqi';
import {
  SLUG_PATTERN,
  parameterSpec,
  vietnamDate,
  vietnamDayStart,
  type AqiOverviewDto,
  type ComplianceReportDto,
  type ComplianceRowDto,
  type RegisteredStation,
  type StationAqiDto,
} from '@langxanh/contracts';
import {
  averagedRow,
  complianceCsv,
  elapsedPart,
  hourlyRangeFor,
  instantRow,
  ruleSegments,
  sampleThresholds,
} from '@langxanh/reports';
import { rulesForStation } from '@langxanh/standards';
import { ApiError, ApiErrorCode, storageFailure } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { MAX_RANGE_MS } from '../stations/readings-window';
import {
  EXCLUDED_STATUSES,
  ReadingsRepository,
  refusedAsInput,
  type ValidHourlyMean,
} from '../storage/readings.repository';

/** Days of daily VN_AQI in `GET /api/stations/{id}/aqi`. */
const AQI_DAYS = 7;
/** Hourly VN_AQI values in `GET /api/stations/{id}/aqi`. */
const AQI_HOURS = 24;

/**
 * VN_AQI (QĐ 1459/QĐ-TCMT, `libs/aqi`) and compliance reports (`libs/reports`) computed from InfluxDB, with
 * calibrating (`01`) and error (`02`) data left out. DTOs: `libs/contracts` api.ts.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly registry: RegistryService,
    private readonly readings: ReadingsRepository,
  ) {}

  /** Current hourly VN_AQI at `at` (epoch ms) of every air station (one InfluxDB request for all of them). */
  async aqiOverview(at: number): Promise<AqiOverviewDto> {
    const hourEnd = Math.floor(at / HOUR_MS) * HOUR_MS;
    const from = hourEnd - 12 * HOUR_MS;
    const air = this.registry.stations.active().filter((r) => r.station.kind === 'air');
    const means = await this.hourlyMeans({ stations: undefined, from, to: hourEnd });
    return {
      scale: 'VN_AQI',
      at: new Date(at).toISOString(),
      stations: air.map(({ cluster, station }) => {
        const dto = hourlyAqiDto(
          hourlyAqiAt(toSeries(means.get(station.id), from, hourEnd), hourEnd),
          hourEnd,
        );
        return {
          station: station.id,
          cluster: cluster.id,
          time: dto.time,
          aqi: dto.aqi,
          band: dto.band,
          dominant: dto.dominant,
        };
      }),
    };
  }

  /**
   * The air station `id`. @throws ApiError `not_found` for an unknown station, `bad_request` for a station that
   * is not an air station.
   */
  airStation(id: string): RegisteredStation {
    const registered = this.station(id);
    if (registered.station.kind !== 'air') {
      throw new ApiError(
        ApiErrorCode.BadRequest,
        `"${id}" is a ${registered.station.kind} station: VN_AQI is for air stations`,
      );
    }
    return registered;
  }

  /**
   * The hourly VN_AQI of air station `id` for the hour ending at the last whole hour ≤ `at` (sub-indices, NowCast,
   * dominant parameter, band), the last 24 hourly values and the daily values of the last 7 Vietnam days.
   * @throws ApiError as {@link airStation}; `storage_unavailable` when InfluxDB cannot answer.
   */
  async stationAqi(id: string, at: number): Promise<StationAqiDto> {
    this.airStation(id);
    const hourEnd = Math.floor(at / HOUR_MS) * HOUR_MS;
    // Today = the Vietnam day of the last hour that has ended.
    const today = vietnamDate(hourEnd - HOUR_MS);
    const days = Array.from({ length: AQI_DAYS }, (_, i) =>
      vietnamDate(vietnamDayStart(today) - (AQI_DAYS - 1 - i) * 24 * HOUR_MS + 12 * HOUR_MS),
    );
    // Daily O3 8-h means need the 7 hours before the first day; the first hourly NowCast needs 11 earlier hours.
    const from = Math.min(vietnamDayStart(days[0]) - 7 * HOUR_MS, hourEnd - (AQI_HOURS + 11) * HOUR_MS);
    const means = await this.hourlyMeans({ stations: [id], from, to: hourEnd });
    const series = toSeries(means.get(id), from, hourEnd);
    const hourly = Array.from({ length: AQI_HOURS }, (_, i) => {
      const end = hourEnd - (AQI_HOURS - 1 - i) * HOUR_MS;
      return hourlyAqiDto(hourlyAqiAt(series, end), end);
    });
    return {
      station: id,
      scale: 'VN_AQI',
      method: 'QĐ 1459/QĐ-TCMT',
      at: new Date(at).toISOString(),
      current: hourly[hourly.length - 1],
      hourly,
      daily: days.map((date) =>
        dailyAqiDto(dailyAqiOn(series, date, hourEnd), date, usEpaDailyAqiOn(series, date, hourEnd)),
      ),
    };
  }

  /**
   * Per limit of station `id`'s standard over the elapsed part of [from, to) at `now` (epoch ms; libs/reports
   * `elapsedPart`): samples or means measured, completeness, exceedances and the worst value; a period still under
   * way is counted up to `now` only. @throws ApiError `not_found` for an unknown station; `bad_request` for from ≥ to,
   * more than 400 days, a period that begins after `now`, or a range the storage refuses as too large;
   * `storage_unavailable`.
   */
  async compliance(id: string, from: number, to: number, now: number): Promise<ComplianceReportDto> {
    const { station, cluster } = this.station(id);
    if (!(from < to)) throw new ApiError(ApiErrorCode.BadRequest, '`from` must be before `to`');
    if (to - from > MAX_RANGE_MS) throw new ApiError(ApiErrorCode.BadRequest, 'range longer than 400 days');
    const elapsed = elapsedPart({ from, to }, now);
    if (!elapsed) throw new ApiError(ApiErrorCode.BadRequest, 'the period has not begun yet: nothing to count');
    const segments = ruleSegments(
      (t) => rulesForStation(station, t).filter((r) => parameterSpec(station.kind, r.parameter)),
      elapsed,
    );
    const hourlyRange = hourlyRangeFor(segments);
    const averagedParameters = [
      ...new Set(segments.filter((s) => s.rule.averagingPeriod !== 'instant').map((s) => s.rule.parameter)),
    ];
    const rows: ComplianceRowDto[] = [];
    try {
      const hourly = hourlyRange
        ? ((
            await this.readings.validHourlyMeans({
              kind: station.kind,
              stations: [id],
              parameters: averagedParameters,
              ...hourlyRange,
            })
          ).get(id) ?? new Map<string, ValidHourlyMean[]>())
        : new Map<string, ValidHourlyMean[]>();
      // One parameter at a time: a report is not urgent, and the machine is shared with ingestion.
      for (const segment of segments) {
        if (segment.rule.averagingPeriod !== 'instant') {
          rows.push(averagedRow(segment, hourly.get(segment.rule.parameter) ?? []));
          continue;
        }
        const stats = await this.readings.validSampleStats({
          kind: station.kind,
          station: id,
          parameter: segment.rule.parameter,
          from: segment.from,
          to: segment.to,
          thresholds: sampleThresholds(segment.rule),
        });
        rows.push(instantRow(segment, stats, station.expectedIntervalS));
      }
    } catch (error) {
      throw storageError('compliance data unavailable', error);
    }
    return {
      station: id,
      cluster: cluster.id,
      kind: station.kind,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      until: new Date(elapsed.to).toISOString(),
      excludedStatuses: [...EXCLUDED_STATUSES],
      rows,
    };
  }

  /** A compliance report as a CSV file: its name and text (headers in `lang`, else the column keys). */
  complianceFile(report: ComplianceReportDto, lang?: 'vi' | 'en'): { filename: string; text: string } {
    const from = Date.parse(report.from);
    const to = Date.parse(report.to);
    return {
      filename: `langxanh-compliance_${report.station}_${vietnamDate(from)}_${vietnamDate(to - 1)}.csv`,
      text: complianceCsv(report, lang ?? 'keys'),
    };
  }

  /** A registered station. @throws ApiError `not_found`. */
  station(id: string): RegisteredStation {
    const registered = SLUG_PATTERN.test(id) ? this.registry.get(id) : undefined;
    if (!registered) throw new ApiError(ApiErrorCode.NotFound, `no station "${id}"`);
    return registered;
  }

  /** Status-00 hourly means of the VN_AQI parameters of air stations over [from, to) (whole hours). */
  private async hourlyMeans(q: {
    stations: string[] | undefined;
    from: number;
    to: number;
  }): Promise<Map<string, Map<string, ValidHourlyMean[]>>> {
    try {
      return await this.readings.validHourlyMeans({ kind: 'air', parameters: AQI_PARAMETERS, ...q });
    } catch (error) {
      throw storageError('AQI data unavailable', error);
    }
  }
}

/**
 * A storage failure as an API error: a request the storage refuses as too large (e.g. too many flagged samples in
 * the range) is the caller's 400; anything else is 503 without the storage's text (common/errors.ts).
 */
function storageError(what: string, error: unknown): ApiError {
  return storageFailure(what, error, refusedAsInput(error));
}

/** Hourly means of one station as the consecutive series `libs/aqi` reads, [from, to) in whole hours. */
function toSeries(
  byParameter: ReadonlyMap<string, readonly ValidHourlyMean[]> | undefined,
  from: number,
  to: number,
): HourlySeries {
  const length = (to - from) / HOUR_MS;
  const means: Partial<Record<AqiParameter, (number | null)[]>> = {};
  for (const parameter of AQI_PARAMETERS) {
    const values = Array.from({ length }, (): number | null => null);
    for (const hour of byParameter?.get(parameter) ?? []) {
      const i = (hour.start - from) / HOUR_MS;
      if (i >= 0 && i < length) values[i] = hour.mean;
    }
    means[parameter] = values;
  }
  return { start: from, means };
}

import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
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
  parseReadingTime,
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
  hourlyRangeFor,
  instantRow,
  parsePeriodBound,
  ruleSegments,
  sampleThresholds,
} from '@langxanh/reports';
import { rulesForStation } from '@langxanh/standards';
import {
  EXCLUDED_STATUSES,
  InfluxStorageError,
  validHourlyMeans,
  validSampleStats,
  type ValidHourlyMean,
} from '@langxanh/storage-influx';
import { Access, PUBLIC } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { ApiError, ApiErrorCode } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { StorageAdapter } from '../storage/storage.adapter';
import { parseQuery } from './query';
import { MAX_RANGE_MS } from './readings-window';

/** ISO 8601 time; without an offset it is Vietnam time, as in the MQTT payload contract. */
const isoTime = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = parseReadingTime(text);
    if (ms === undefined || ms < 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'not an ISO 8601 time (a "+" in the offset must be URL-encoded as %2B)',
      });
      return z.NEVER;
    }
    return ms;
  });

const aqiQuery = z.strictObject({ at: isoTime.optional() });

const periodBound = (side: 'from' | 'to') =>
  z
    .string()
    .max(40)
    .transform((text, ctx) => {
      const ms = parsePeriodBound(text, side);
      if (ms === undefined || ms < 0) {
        ctx.addIssue({ code: 'custom', message: 'expected YYYY-MM, YYYY-MM-DD or an ISO 8601 time' });
        return z.NEVER;
      }
      return ms;
    });

const complianceQuery = z.strictObject({
  from: periodBound('from'),
  to: periodBound('to'),
  format: z.enum(['json', 'csv']).optional(),
});

/** Days of daily VN_AQI in `GET /api/stations/{id}/aqi`. */
const AQI_DAYS = 7;
/** Hourly VN_AQI values in `GET /api/stations/{id}/aqi`. */
const AQI_HOURS = 24;

/**
 * VN_AQI (QĐ 1459/QĐ-TCMT, `libs/aqi`) and compliance reports (`libs/reports`) computed from InfluxDB, with
 * calibrating (`01`) and error (`02`) data left out. DTOs: `libs/contracts` api.ts.
 */
@Controller('api')
export class ReportsController {
  constructor(
    private readonly registry: RegistryService,
    private readonly storage: StorageAdapter,
    private readonly scope: ScopeService,
  ) {}

  /**
   * `GET /api/aqi?at=`: current hourly VN_AQI of every air station (one InfluxDB request for all of them).
   * @throws 400 for a bad or unknown query field; 503 when InfluxDB cannot answer.
   */
  @Get('aqi')
  @Access(PUBLIC)
  async overview(@Query() query: unknown): Promise<AqiOverviewDto> {
    const { at = Date.now() } = parseQuery(aqiQuery, query);
    const hourEnd = Math.floor(at / HOUR_MS) * HOUR_MS;
    const from = hourEnd - 12 * HOUR_MS;
    const air = this.registry.stations.all().filter((r) => r.station.kind === 'air');
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
   * `GET /api/stations/{id}/aqi?at=`: the hourly VN_AQI of the hour ending at the last whole hour ≤ `at` (sub-indices,
   * NowCast, dominant parameter, band), the last 24 hourly values and the daily values of the last 7 Vietnam days.
   * @throws 404 for an unknown station; 400 for a station that is not an air station or a bad query; 503.
   */
  @Get('stations/:id/aqi')
  @Access(PUBLIC)
  async stationAqi(@Param('id') id: string, @Query() query: unknown): Promise<StationAqiDto> {
    const registered = this.station(id);
    if (registered.station.kind !== 'air') {
      throw new ApiError(
        ApiErrorCode.BadRequest,
        `"${id}" is a ${registered.station.kind} station: VN_AQI is for air stations`,
      );
    }
    const { at = Date.now() } = parseQuery(aqiQuery, query);
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
   * `GET /api/stations/{id}/compliance?from=&to=[&format=csv]`: per limit of the station's standard, samples or
   * means measured, completeness, exceedances and the worst value over [from, to). `format=csv` answers
   * `text/csv` as an attachment.
   * Public for air stations; wastewater and waste stations within the caller's scope (401/403 otherwise).
   * @throws 404 for an unknown station; 400 for a bad or unknown query field, from ≥ to or more than 400 days; 503.
   */
  @Get('stations/:id/compliance')
  @Access(PUBLIC)
  async compliance(
    @Req() request: Request,
    @Param('id') id: string,
    @Query() query: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ComplianceReportDto | string> {
    const registered = this.station(id);
    this.scope.assertReadable(request.user, id);
    const q = parseQuery(complianceQuery, query);
    if (!(q.from < q.to)) throw new ApiError(ApiErrorCode.BadRequest, '`from` must be before `to`');
    if (q.to - q.from > MAX_RANGE_MS)
      throw new ApiError(ApiErrorCode.BadRequest, 'range longer than 400 days');
    const { station, cluster } = registered;
    const segments = ruleSegments(
      (t) => rulesForStation(station, t).filter((r) => parameterSpec(station.kind, r.parameter)),
      { from: q.from, to: q.to },
    );
    const hourlyRange = hourlyRangeFor(segments);
    const averagedParameters = [
      ...new Set(segments.filter((s) => s.rule.averagingPeriod !== 'instant').map((s) => s.rule.parameter)),
    ];
    const rows: ComplianceRowDto[] = [];
    try {
      const hourly = hourlyRange
        ? ((
            await validHourlyMeans(this.storage.storage, {
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
        const stats = await validSampleStats(this.storage.storage, {
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
    const report: ComplianceReportDto = {
      station: id,
      cluster: cluster.id,
      kind: station.kind,
      from: new Date(q.from).toISOString(),
      to: new Date(q.to).toISOString(),
      excludedStatuses: [...EXCLUDED_STATUSES],
      rows,
    };
    if (q.format !== 'csv') return report;
    const filename = `langxanh-compliance_${id}_${vietnamDate(q.from)}_${vietnamDate(q.to - 1)}.csv`;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    return complianceCsv(report);
  }

  private station(id: string): RegisteredStation {
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
      return await validHourlyMeans(this.storage.storage, { kind: 'air', parameters: AQI_PARAMETERS, ...q });
    } catch (error) {
      throw storageError('AQI data unavailable', error);
    }
  }
}

/**
 * A storage failure as an API error: a request the storage refuses as too large (`INVALID_INPUT`, e.g. too many
 * flagged samples in the range) is the caller's 400; anything else is 503.
 */
function storageError(what: string, error: unknown): ApiError {
  const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  const input = error instanceof InfluxStorageError && error.code === 'INVALID_INPUT';
  return new ApiError(input ? ApiErrorCode.BadRequest : ApiErrorCode.StorageUnavailable, message);
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

import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { boundedQueryTime, queryTimeSchema, type AqiOverviewDto, type ComplianceReportDto, type StationAqiDto } from '@langxanh/contracts';
import { parsePeriodBound } from '@langxanh/reports';
import { Access, PUBLIC } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { parseQuery } from '../common/query';
import { ReportsService } from './reports.service';

/** `at`: ISO 8601 within [1970, 2200) (contracts `queryTimeSchema`); without an offset it is Vietnam time. */
export const aqiQuery = z.strictObject({ at: queryTimeSchema.optional() });

/** A compliance period bound (YYYY-MM, YYYY-MM-DD or ISO 8601) within [1970, 2200), as epoch ms. */
const periodBound = (side: 'from' | 'to') =>
  boundedQueryTime((text) => parsePeriodBound(text, side), 'expected YYYY-MM, YYYY-MM-DD or an ISO 8601 time').meta({
    description: `YYYY-MM (a month), YYYY-MM-DD (a Vietnam day) or an ISO 8601 time; a day or month counts from its ${side === 'from' ? 'start' : 'end'}`,
  });

export const complianceQuery = z.strictObject({
  from: periodBound('from'),
  to: periodBound('to'),
  format: z.enum(['json', 'csv']).optional(),
  /** CSV headers: Vietnamese or English; without it the column keys (`rule_id`, …) integrations read. */
  lang: z.enum(['vi', 'en']).optional(),
});

/** VN_AQI and compliance reports over HTTP; the use cases are {@link ReportsService}'s. */
@Controller('api')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly scope: ScopeService,
  ) {}

  /**
   * `GET /api/aqi?at=`: current hourly VN_AQI of every air station (one InfluxDB request for all of them).
   * @throws 400 for a bad or unknown query field; 503 when InfluxDB cannot answer.
   */
  @Get('aqi')
  @Access(PUBLIC)
  overview(@Query() query: unknown): Promise<AqiOverviewDto> {
    const { at = Date.now() } = parseQuery(aqiQuery, query);
    return this.reports.aqiOverview(at);
  }

  /**
   * `GET /api/stations/{id}/aqi?at=`: the hourly VN_AQI of the hour ending at the last whole hour ≤ `at` (sub-indices,
   * NowCast, dominant parameter, band), the last 24 hourly values and the daily values of the last 7 Vietnam days.
   * @throws 404 for an unknown station; 400 for a station that is not an air station or a bad query; 503.
   */
  @Get('stations/:id/aqi')
  @Access(PUBLIC)
  stationAqi(@Param('id') id: string, @Query() query: unknown): Promise<StationAqiDto> {
    this.reports.airStation(id);
    const { at = Date.now() } = parseQuery(aqiQuery, query);
    return this.reports.stationAqi(id, at);
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
    this.reports.station(id);
    this.scope.assertReadable(request.user, id);
    const q = parseQuery(complianceQuery, query);
    const report = await this.reports.compliance(id, q.from, q.to, Date.now());
    if (q.format !== 'csv') return report;
    const { filename, text } = this.reports.complianceFile(report, q.lang);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    return text;
  }
}

import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { SLUG_PATTERN, queryTimeSchema } from '@langxanh/contracts';
import { Access, PUBLIC, SIGNED_IN } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { ApiError, ApiErrorCode } from '../common/errors';
import { parseQuery } from '../common/query';
import { EXPORT_BUCKETS } from './export-columns';
import { ExportsService, MAX_EXPORT_PARAMETERS, MAX_EXPORT_STATIONS, type ExportTable } from './exports.service';
import { CONTENT_TYPES, tableSink, type ExportFormat } from './table-sink';

const slug = z.string().regex(SLUG_PATTERN, 'must be a slug (a-z, 0-9, -)');
/** A comma-separated list of at most `max` items (the string itself at most 64 characters per item). */
const list = (item: z.ZodString, max: number) =>
  z
    .string()
    .max(max * 64)
    .transform((s) => s.split(','))
    .pipe(z.array(item).min(1).max(max, `at most ${max} items`));

const common = {
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['vi', 'en']).default('vi'),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
};

export const readingsExportQuery = z.strictObject({
  ...common,
  stations: list(slug, MAX_EXPORT_STATIONS),
  parameters: list(z.string().min(1).max(32), MAX_EXPORT_PARAMETERS).optional(),
  bucket: z.enum(Object.keys(EXPORT_BUCKETS) as [keyof typeof EXPORT_BUCKETS, ...(keyof typeof EXPORT_BUCKETS)[]]).default('raw'),
});

export const alertsExportQuery = z.strictObject({
  ...common,
  state: z.enum(['active', 'acknowledged', 'resolved', 'open', 'all']).default('all'),
  cluster: slug.optional(),
  station: slug.optional(),
  severity: z.enum(['warning', 'critical']).optional(),
  type: z.enum(['threshold', 'offline', 'device-fault', 'system']).optional(),
});

/**
 * Downloads (CSV: UTF-8 with BOM; XLSX), streamed while they are read: headers in the chosen language, times in
 * Vietnam time with their offset (`2026-12-07T15:00:00+07:00`). docs/api.md § Exports.
 */
@Controller('api/exports')
export class ExportsController {
  private readonly logger = new Logger(ExportsController.name);

  constructor(
    private readonly exports: ExportsService,
    private readonly scope: ScopeService,
  ) {}

  /**
   * `GET /api/exports/readings?stations=a,b&parameters=COD,pH&from=&to=&bucket=raw|1m|5m|15m|1h|1d&format=csv|xlsx&lang=vi|en`:
   * stored readings (raw points, or means per bucket aligned on Vietnam midnight) of 1–20 stations over at most 400
   * days (default: the last 24 h), every parameter of their kinds unless `parameters` is given.
   * @throws 400 on a bad or unknown query key, station or parameter, or a range too long; 401/403 for a non-air
   *   station outside the caller's scope (anonymous: air stations only); 503 when InfluxDB fails before the first row.
   */
  @Get('readings')
  @Access(PUBLIC)
  async readings(@Req() request: Request, @Res() response: Response, @Query() query: unknown): Promise<void> {
    const q = parseQuery(readingsExportQuery, query);
    await this.stream(response, q.format, this.exports.readingsTable(request.user, q, Date.now()));
  }

  /**
   * `GET /api/exports/alerts?state=all&cluster=&station=&severity=&type=&from=&to=&format=&lang=`: the alert
   * history of the caller's clusters (filters as `GET /api/alerts`; `state` defaults to `all`, no `limit`).
   * @throws 400 on a bad query; 401 anonymous; 403 for a `cluster` outside the caller's scope.
   */
  @Get('alerts')
  @Access(SIGNED_IN)
  async alerts(@Req() request: Request, @Res() response: Response, @Query() query: unknown): Promise<void> {
    const q = parseQuery(alertsExportQuery, query);
    const user = request.user;
    if (!user) throw new ApiError(ApiErrorCode.Unauthorized, 'sign in first');
    // A cluster asked for by name must be the caller's (403); without one, the caller's clusters are exported.
    if (q.cluster !== undefined) this.scope.assertCluster(user, q.cluster);
    await this.stream(response, q.format, this.exports.alertsTable(user, q, Date.now()));
  }

  /**
   * Streams `table` as `format`. The first rows are read before the status is sent, so a storage failure at the
   * start is a 503 JSON error; a failure later can only cut the download (the response is destroyed and logged).
   */
  private async stream(response: Response, format: ExportFormat, table: ExportTable): Promise<void> {
    const first = await table.rows.next();
    response.status(200);
    response.setHeader('content-type', CONTENT_TYPES[format]);
    response.setHeader('content-disposition', `attachment; filename="${table.filename}.${format}"`);
    response.setHeader('cache-control', 'no-store');
    const sink = tableSink(format, response, table.header, table.sheet);
    try {
      if (!first.done) {
        await sink.row(first.value);
        for await (const row of table.rows) await sink.row(row);
      }
      await sink.end();
    } catch (error) {
      this.logger.error(`export cut short: ${(error as Error).message}`);
      response.destroy(error as Error);
    }
  }
}

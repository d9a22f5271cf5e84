import { Body, Controller, Delete, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { MAX_IMPORT_BATCH, type DeleteReadingsResultDto, type ImportBatchResultDto } from '@langxanh/contracts';
import { isoTimeParam } from '../alerts/alerts.controller';
import { Access, ADMIN } from '../auth/access';
import { parseBody, parseQuery } from '../common/query';
import { HistoryService } from './history.service';

export const importBody = z.strictObject({ readings: z.array(z.unknown()).min(1).max(MAX_IMPORT_BATCH) });
export const deleteQuery = z.strictObject({ from: isoTimeParam, to: isoTimeParam });

/** `POST` and `DELETE /api/stations/{id}/readings`: the history import and its deletion (admin, audited). */
@Controller('api')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  /**
   * `POST /api/stations/{id}/readings` `{"readings":[<reading payload>, …]}` (1–500, body ≤ 16 KiB): each validated
   * as an MQTT reading of the station, the accepted ones stored through the spool (durable when this answers) and
   * announced like any reading. Audited (`readings.import`).
   * @throws 400 on a bad body, 404 for an unknown station; 401/403 for anyone but an administrator.
   */
  @Post('stations/:id/readings')
  @Access({ ...ADMIN, audit: 'readings.import' })
  @HttpCode(200)
  import(@Param('id') id: string, @Body() body: unknown): Promise<ImportBatchResultDto> {
    return this.history.importBatch(id, parseBody(importBody, body).readings, Date.now());
  }

  /**
   * `DELETE /api/stations/{id}/readings?from=&to=` (ISO 8601; Vietnam time without an offset; [from, to)): deletes
   * the station's readings in that range from InfluxDB. Audited (`readings.delete`, with `from` and `to`).
   * @throws 400 on a bad query or from ≥ to, 404 for an unknown station, 503 when storage cannot delete now;
   *   401/403 for anyone but an administrator.
   */
  @Delete('stations/:id/readings')
  @Access({ ...ADMIN, audit: 'readings.delete' })
  @HttpCode(200)
  remove(@Param('id') id: string, @Query() query: unknown): Promise<DeleteReadingsResultDto> {
    const q = parseQuery(deleteQuery, query);
    return this.history.deleteRange(id, q.from, q.to);
  }
}

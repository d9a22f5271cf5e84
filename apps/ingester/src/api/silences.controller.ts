import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { z } from 'zod';
import { SLUG_PATTERN, type SilenceDto } from '@langxanh/contracts';
import { SilencesService } from '../alerts/silences.service';
import { actingUser, type MaybeAuthenticatedRequest } from './acting-user';
import { isoTimeParam } from './alerts.controller';
import { parseBody } from './query';

const slug = z.string().regex(SLUG_PATTERN, 'must be a slug (a-z, 0-9, -)');
const silenceBody = z.strictObject({
  station: slug.optional(),
  cluster: slug.optional(),
  kind: z.enum(['silence', 'maintenance']).default('silence'),
  from: isoTimeParam.optional(),
  to: isoTimeParam,
  reason: z.string().trim().min(1).max(500),
});

@Controller('api')
export class SilencesController {
  constructor(private readonly silences: SilencesService) {}

  /** `GET /api/silences`: silences and maintenance windows not yet ended, soonest ending first. */
  @Get('silences')
  list(): SilenceDto[] {
    return this.silences.list(Date.now());
  }

  /**
   * `POST /api/silences` `{station | cluster, kind?, from?, to, reason}` (times ISO 8601; Vietnam time without an
   * offset; `from` defaults to now): no notification for the station or cluster while it lasts; alerts are still
   * recorded. @throws 400 on a bad body, unknown station/cluster, `to` in the past or a window over 90 days.
   */
  @Post('silences')
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: MaybeAuthenticatedRequest): SilenceDto {
    const b = parseBody(silenceBody, body);
    const now = Date.now();
    return this.silences.create({ ...b, from: b.from ?? now }, actingUser(request), now);
  }

  /** `DELETE /api/silences/{id}`: ends it now. @throws 404. */
  @Delete('silences/:id')
  @HttpCode(204)
  remove(@Param('id') id: string, @Req() request: MaybeAuthenticatedRequest): void {
    this.silences.delete(id, actingUser(request));
  }
}

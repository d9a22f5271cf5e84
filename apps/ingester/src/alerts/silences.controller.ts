import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { silenceBody, type SilenceDto } from '@langxanh/contracts';
import { SilencesService } from './silences.service';
import { Access, noteAudit, SIGNED_IN } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { ApiError, ApiErrorCode } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { actingUser } from '../common/acting-user';
import { ACTS } from './alerts.controller';
import { parseBody } from '../common/query';

@Controller('api')
export class SilencesController {
  constructor(
    private readonly silences: SilencesService,
    private readonly registry: RegistryService,
    private readonly scope: ScopeService,
  ) {}

  /** `GET /api/silences`: silences and maintenance windows not yet ended in the caller's clusters, soonest ending first. */
  @Get('silences')
  @Access(SIGNED_IN)
  list(@Req() request: Request): SilenceDto[] {
    return this.silences.list(Date.now()).filter((s) => this.scope.inScope(request.user, this.clusterOf(s)));
  }

  /**
   * `POST /api/silences` `{station | cluster, kind?, from?, to, reason}` (times ISO 8601; Vietnam time without an
   * offset; `from` defaults to now): no notification for the station or cluster while it lasts; alerts are still
   * recorded. Within the caller's clusters; audited. @throws 400 on a bad body, unknown station/cluster, `to` in the
   * past or a window over 90 days; 403 outside scope.
   */
  @Post('silences')
  @Access(ACTS('silence.create'))
  @HttpCode(201)
  create(@Req() request: Request, @Body() body: unknown): SilenceDto {
    const b = parseBody(silenceBody, body);
    const cluster = b.cluster ?? (b.station !== undefined ? this.registry.get(b.station)?.cluster.id : undefined);
    if (cluster !== undefined) this.scope.assertCluster(request.user, cluster);
    const now = Date.now();
    const silence = this.silences.create({ ...b, from: b.from ?? now }, actingUser(request), now);
    const where: Record<string, string> =
      silence.station !== undefined ? { station: silence.station } : { cluster: silence.cluster ?? '' };
    noteAudit(request, { target: { id: silence.id, ...where } });
    return silence;
  }

  /** `DELETE /api/silences/{id}`: ends it now, within the caller's clusters; audited. @throws 404, 403. */
  @Delete('silences/:id')
  @Access(ACTS('silence.delete'))
  @HttpCode(204)
  remove(@Req() request: Request, @Param('id') id: string): void {
    const silence = this.silences.get(id);
    if (!silence) throw new ApiError(ApiErrorCode.NotFound, `no silence "${id}"`);
    this.scope.assertCluster(request.user, this.clusterOf(silence));
    this.silences.delete(id, actingUser(request));
  }

  private clusterOf(silence: SilenceDto): string {
    return silence.cluster ?? this.registry.get(silence.station ?? '')?.cluster.id ?? '';
  }
}

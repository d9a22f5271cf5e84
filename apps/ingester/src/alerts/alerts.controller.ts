import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import {
  SLUG_PATTERN,
  acknowledgeAlertBody,
  acknowledgeAlertsBody,
  commentAlertBody,
  queryTimeSchema,
  type AcknowledgeAlertsResultDto,
  type AlertDto,
} from '@langxanh/contracts';
import { AlertWriteThrottlerGuard } from './alert-write-throttler.guard';
import { AlertsService } from './alerts.service';
import { Access, SIGNED_IN, noteAudit, type AccessRule } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { ApiError, ApiErrorCode } from '../common/errors';
import { actingUser } from '../common/acting-user';
import { parseBody, parseQuery } from '../common/query';

/** People who act on alerts (acknowledge, comment, silence) within their clusters; API tokens never act. */
export const ACTS = (audit: string): AccessRule => ({ roles: ['manager', 'department', 'admin'], audit });

/** ISO 8601 time within [1970, 2200) (contracts `queryTimeSchema`); without an offset it is Vietnam time. */
export const isoTimeParam = queryTimeSchema;

const slug = z.string().regex(SLUG_PATTERN, 'must be a slug (a-z, 0-9, -)');

export const alertsQuery = z.strictObject({
  /** `open` = active + acknowledged (default). */
  state: z.enum(['active', 'acknowledged', 'resolved', 'open', 'all']).default('open'),
  cluster: slug.optional(),
  station: slug.optional(),
  severity: z.enum(['warning', 'critical']).optional(),
  type: z.enum(['threshold', 'offline', 'device-fault', 'system']).optional(),
  from: isoTimeParam.optional(),
  to: isoTimeParam.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Alert ids contain `:` and `/` (`pk-ww-01:qcvn40-2011-B/COD:1764…`): clients URL-encode them (`encodeURIComponent`). */
const alertId = (id: string): string => {
  if (id.length === 0 || id.length > 300) throw new ApiError(ApiErrorCode.BadRequest, 'bad alert id');
  return id;
};

@Controller('api')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly scope: ScopeService,
  ) {}

  /**
   * `GET /api/alerts?state=&cluster=&station=&severity=&type=&from=&to=&limit=`: open alerts first (newest raised
   * first), then resolved ones (newest resolved first), only those of the caller's clusters (all for department
   * and admin). `state`: `active`, `acknowledged`, `resolved`, `open` (default: active + acknowledged) or `all`;
   * `from`/`to` bound the raise time (ISO 8601, Vietnam time without an offset). @throws 400 on an unknown key or a
   * bad value; 401 anonymous; 403 for a `cluster` outside the caller's clusters (as the alerts export: an empty list
   * would read as "no alerts there").
   */
  @Get('alerts')
  @Access(SIGNED_IN)
  list(@Req() request: Request, @Query() query: unknown): AlertDto[] {
    const q = parseQuery(alertsQuery, query);
    if (q.cluster !== undefined) this.scope.assertCluster(request.user, q.cluster);
    if (q.from !== undefined && q.to !== undefined && !(q.from < q.to)) {
      throw new ApiError(ApiErrorCode.BadRequest, '`from` must be before `to`');
    }
    const limit = q.limit;
    return this.alerts
      .list({ ...q, limit: Number.MAX_SAFE_INTEGER })
      .filter((a) => this.scope.inScope(request.user, a.cluster))
      .slice(0, limit);
  }

  /** `GET /api/alerts/{id}` (id URL-encoded). @throws 404 unknown, 403 outside the caller's clusters. */
  @Get('alerts/:id')
  @Access(SIGNED_IN)
  one(@Req() request: Request, @Param('id') id: string): AlertDto {
    return this.inScope(request, id);
  }

  /**
   * `POST /api/alerts/{id}/acknowledge` `{comment?}` (`acknowledgeAlertBody`, libs/contracts): active → acknowledged
   * by the signed-in person, within their clusters; stops the escalation. Audited; rate-limited per person
   * ({@link AlertWriteThrottlerGuard}). @throws 404 unknown, 403 outside scope, 409 `conflict` resolved or already
   * acknowledged, 409 `too_many_comments` with a comment on an alert holding MAX_COMMENTS_PER_ALERT, 400 bad body,
   * 429 `too_many_requests`.
   */
  @Post('alerts/:id/acknowledge')
  @Access(ACTS('alert.acknowledge'))
  @UseGuards(AlertWriteThrottlerGuard)
  @HttpCode(200)
  acknowledge(@Req() request: Request, @Param('id') id: string, @Body() body: unknown): AlertDto {
    this.inScope(request, id);
    const { comment } = parseBody(acknowledgeAlertBody, body);
    return this.alerts.acknowledge(id, actingUser(request), comment);
  }

  /**
   * `POST /api/alerts/acknowledge` `{ids, comment?}` (`acknowledgeAlertsBody`, libs/contracts: 1–MAX_BULK_ACKNOWLEDGE
   * distinct ids): acknowledges several alerts at once, each as the single route does, by the signed-in person.
   * Every id must exist and be within the caller's clusters, or nothing is acknowledged. Alerts already
   * acknowledged or resolved are reported in `skipped`, not an error. One audit entry (`alert.acknowledge-many`)
   * with the ids; rate-limited per person like the single route. @throws 400 bad body, 404 an unknown id, 403 an
   * id outside scope, 429 `too_many_requests`.
   */
  @Post('alerts/acknowledge')
  @Access(ACTS('alert.acknowledge-many'))
  @UseGuards(AlertWriteThrottlerGuard)
  @HttpCode(200)
  acknowledgeMany(@Req() request: Request, @Body() body: unknown): AcknowledgeAlertsResultDto {
    const { ids, comment } = parseBody(acknowledgeAlertsBody, body);
    noteAudit(request, { target: { alerts: ids.join(' ') } });
    for (const id of ids) this.inScope(request, id);
    return this.alerts.acknowledgeMany(ids, actingUser(request), comment);
  }

  /**
   * `POST /api/alerts/{id}/comments` `{text}` (`commentAlertBody`, libs/contracts: 1–MAX_COMMENT_LENGTH characters,
   * no control characters), within the caller's clusters. Audited; rate-limited per person
   * ({@link AlertWriteThrottlerGuard}). @throws 404, 403, 400 bad text, 409 `too_many_comments`
   * (MAX_COMMENTS_PER_ALERT reached), 429 `too_many_requests`.
   */
  @Post('alerts/:id/comments')
  @Access(ACTS('alert.comment'))
  @UseGuards(AlertWriteThrottlerGuard)
  @HttpCode(201)
  comment(@Req() request: Request, @Param('id') id: string, @Body() body: unknown): AlertDto {
    this.inScope(request, id);
    const { text } = parseBody(commentAlertBody, body);
    return this.alerts.comment(id, actingUser(request), text);
  }

  private inScope(request: Request, id: string): AlertDto {
    const alert = this.alerts.get(alertId(id));
    if (!alert) throw new ApiError(ApiErrorCode.NotFound, `no alert "${id}"`);
    this.scope.assertCluster(request.user, alert.cluster);
    return alert;
  }
}

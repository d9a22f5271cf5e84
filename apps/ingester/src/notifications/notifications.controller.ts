import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { notificationsQuery, type DeliveryRecord } from '@langxanh/contracts';
import { Access, noteAudit, SIGNED_IN } from '../auth/access';
import { ApiError, ApiErrorCode } from '../common/errors';
import { ScopeService } from '../auth/scope.service';
import { parseQuery } from '../common/query';
import { NotificationsService } from './notifications.service';

@Controller('api')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly scope: ScopeService,
  ) {}

  /** `GET /api/notifications?alert=`: recent delivery outcomes in the caller's clusters, newest first. */
  @Get('notifications')
  @Access(SIGNED_IN)
  notificationList(@Req() request: Request, @Query() query: unknown): DeliveryRecord[] {
    return this.notifications
      .list(parseQuery(notificationsQuery, query).alert)
      .filter((r) => this.scope.inScope(request.user, r.cluster));
  }

  /**
   * `POST /api/notifications/{id}/retry` (id: `{notification key}|{channel}`, URL-encoded): delivers a failed
   * notification again (202 with the failed outcome it replaces; the new one is listed when the delivery ends).
   * Department and administrators, within their clusters; audited.
   * @throws 404 unknown outcome or alert (also outside the caller's clusters), 409 not failed or channel off.
   */
  @Post('notifications/:id/retry')
  @HttpCode(202)
  @Access({ roles: ['department', 'admin'], audit: 'notification.retry' })
  retry(@Req() request: Request, @Param('id') id: string): DeliveryRecord {
    if (id.length === 0 || id.length > 400) throw new ApiError(ApiErrorCode.NotFound, 'no such notification outcome');
    const record = this.notifications.get(id);
    if (!record || !this.scope.inScope(request.user, record.cluster)) {
      throw new ApiError(ApiErrorCode.NotFound, `no notification outcome "${id}"`);
    }
    noteAudit(request, { target: { alert: record.alertId, channel: record.channel, stage: record.stage } });
    return this.notifications.retry(id);
  }
}

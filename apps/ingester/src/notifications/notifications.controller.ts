import { Controller, Get, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { DeliveryRecord } from '@langxanh/contracts';
import { Access, SIGNED_IN } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { parseQuery } from '../common/query';
import { NotificationsService } from './notifications.service';

export const notificationsQuery = z.strictObject({ alert: z.string().min(1).max(300).optional() });

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
}

import { Controller, Get, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { AlertDto } from '@langxanh/contracts';
import { AlertsService } from '../alerts/alerts.service';
import { Access, SIGNED_IN } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { parseQuery } from './query';

const alertsQuery = z.strictObject({ state: z.enum(['active', 'all']).default('active') });

@Controller('api')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly scope: ScopeService,
  ) {}

  /**
   * `GET /api/alerts?state=active|all` (default active): active alerts first, then resolved, newest first; only
   * the alerts of the caller's clusters (all for department and admin). Not anonymous.
   */
  @Get('alerts')
  @Access(SIGNED_IN)
  list(@Req() request: Request, @Query() query: unknown): AlertDto[] {
    const state = parseQuery(alertsQuery, query).state;
    return this.alerts.list(state).filter((a) => this.scope.inScope(request.user, a.cluster));
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import type { AlertDto } from '@langxanh/contracts';
import { AlertsService } from '../alerts/alerts.service';
import { parseQuery } from './query';

const alertsQuery = z.strictObject({ state: z.enum(['active', 'all']).default('active') });

@Controller('api')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** `GET /api/alerts?state=active|all` (default active): active alerts first, then resolved, newest first. */
  @Get('alerts')
  list(@Query() query: unknown): AlertDto[] {
    return this.alerts.list(parseQuery(alertsQuery, query).state);
  }
}

import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { HealthDto, LivenessDto } from '@langxanh/contracts';
import { Access, PUBLIC } from '../auth/access';
import { HealthService } from './health.service';

/** The whole {@link HealthDto} for a signed-in caller; {@link LivenessDto} for anonymous (probes, the public). */
const view = (request: Request, body: HealthDto): HealthDto | LivenessDto =>
  request.user
    ? body
    : {
        status: body.status,
        broker: { connected: body.broker.connected },
        database: { reachable: body.database.reachable },
      };

@Controller('api')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  /**
   * `GET /api/health`: 200 with {@link HealthDto} when the broker is connected, InfluxDB reachable and taking writes
   * and the spool below its bound; 503 (same body) otherwise. Anonymous callers get {@link LivenessDto}.
   */
  @Get('health')
  @Access(PUBLIC)
  async health(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<HealthDto | LivenessDto> {
    const body = await this.service.snapshot();
    response.status(HealthService.healthy(body) ? 200 : 503);
    return view(request, body);
  }

  /** `GET /api/health/live`: 200 while the process answers (liveness). Anonymous callers get {@link LivenessDto}. */
  @Get('health/live')
  @Access(PUBLIC)
  async live(@Req() request: Request): Promise<HealthDto | LivenessDto> {
    return view(request, await this.service.snapshot());
  }

  /**
   * `GET /api/health/ready`: 200 when readings can be taken in — broker connected and spool accepting — even while
   * InfluxDB is down (the spool holds them); 503 otherwise. Anonymous callers get {@link LivenessDto}.
   */
  @Get('health/ready')
  @Access(PUBLIC)
  async ready(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<HealthDto | LivenessDto> {
    const body = await this.service.snapshot();
    response.status(HealthService.ready(body) ? 200 : 503);
    return view(request, body);
  }

  /** `GET /api/metrics`: Prometheus text exposition; administrators, or an API token with the `metrics` scope. */
  @Get('metrics')
  @Access({ roles: ['admin'], token: 'metrics' })
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    return this.service.metricsText();
  }
}

import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { HealthDto, LivenessDto } from '@langxanh/contracts';
import { Access, PUBLIC } from '../auth/access';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';
import { StorageAdapter } from '../storage/storage.adapter';

const startedAt = Date.now();

@Controller('api')
export class HealthController {
  constructor(
    private readonly mqtt: MqttAdapter,
    private readonly storage: StorageAdapter,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * `GET /api/health`: 200 when broker and database are reachable, 503 otherwise; the body is the whole
   * {@link HealthDto} for a signed-in caller, {@link LivenessDto} (`{status}` only) for anonymous.
   */
  @Get('health')
  @Access(PUBLIC)
  async health(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<HealthDto | LivenessDto> {
    const reachable = await this.storage.storage.ping();
    const connected = this.mqtt.connected;
    this.metrics.brokerConnected.set(connected ? 1 : 0);
    const body: HealthDto = {
      status: reachable && connected ? 'ok' : 'degraded',
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      broker: { connected, url: this.mqtt.url },
      database: {
        reachable,
        api: this.storage.storage.api,
        ...(this.storage.storage.version ? { version: this.storage.storage.version } : {}),
        pendingPoints: this.storage.storage.pendingLines(),
      },
      counters: {
        messages: await this.metrics.total(this.metrics.messages),
        readingsAccepted: await this.metrics.total(this.metrics.readingsAccepted),
        rejections: await this.metrics.rejectionsByReason(),
        pointsWritten: await this.metrics.total(this.metrics.pointsWritten),
        writeFailures: await this.metrics.total(this.metrics.writeFailures),
        pointsDropped: await this.metrics.total(this.metrics.pointsDropped),
      },
    };
    response.status(body.status === 'ok' ? 200 : 503);
    return request.user ? body : { status: body.status };
  }

  /** `GET /api/metrics`: Prometheus text exposition; administrators, or an API token with the `metrics` scope. */
  @Get('metrics')
  @Access({ roles: ['admin'], token: 'metrics' })
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    this.metrics.brokerConnected.set(this.mqtt.connected ? 1 : 0);
    return this.metrics.registry.metrics();
  }
}

import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request, Response } from 'express';
import type { HealthDto, LivenessDto } from '@langxanh/contracts';
import { Access, PUBLIC } from '../auth/access';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';
import { NotificationsService } from '../notifications/notifications.service';
import { StorageAdapter } from '../storage/storage.adapter';

const startedAt = Date.now();

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
  constructor(
    private readonly mqtt: MqttAdapter,
    private readonly storage: StorageAdapter,
    private readonly metrics: MetricsService,
    private readonly config: ConfigService<Env, true>,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * `GET /api/health`: 200 with {@link HealthDto} when the broker is connected, InfluxDB reachable and taking writes
   * and the spool below its bound; 503 (same body) otherwise. Anonymous callers get {@link LivenessDto}.
   */
  @Get('health')
  @Access(PUBLIC)
  async health(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<HealthDto | LivenessDto> {
    const body = await this.snapshot();
    const writing = body.database.reachable && body.database.writing !== false;
    response.status(body.broker.connected && writing && !body.spool?.full ? 200 : 503);
    return view(request, body);
  }

  /** `GET /api/health/live`: 200 while the process answers (liveness). Anonymous callers get {@link LivenessDto}. */
  @Get('health/live')
  @Access(PUBLIC)
  async live(@Req() request: Request): Promise<HealthDto | LivenessDto> {
    return view(request, await this.snapshot());
  }

  /**
   * `GET /api/health/ready`: 200 when readings can be taken in — broker connected and spool accepting — even while
   * InfluxDB is down (the spool holds them); 503 otherwise. Anonymous callers get {@link LivenessDto}.
   */
  @Get('health/ready')
  @Access(PUBLIC)
  async ready(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<HealthDto | LivenessDto> {
    const body = await this.snapshot();
    response.status(body.broker.connected && !body.spool?.full ? 200 : 503);
    return view(request, body);
  }

  /** `GET /api/metrics`: Prometheus text exposition; administrators, or an API token with the `metrics` scope. */
  @Get('metrics')
  @Access({ roles: ['admin'], token: 'metrics' })
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    this.metrics.brokerConnected.set(this.mqtt.connected ? 1 : 0);
    this.storage.refreshGauges();
    return this.metrics.registry.metrics();
  }

  private async snapshot(): Promise<HealthDto> {
    const reachable = await this.storage.storage.ping();
    const now = Date.now();
    const spool = this.storage.refreshGauges(now);
    const database = this.storage.databaseState();
    const labelled = async (counter: MetricsService['normalisations']) =>
      Object.fromEntries(
        (await counter.get()).values.filter((v) => v.value > 0).map((v) => [String(Object.values(v.labels)[0]), v.value]),
      );
    const byChannel: Record<string, Record<string, number>> = {};
    for (const v of (await this.metrics.notifications.get()).values) {
      const channel = String(v.labels.channel);
      (byChannel[channel] ??= {})[String(v.labels.outcome)] = v.value;
    }
    return {
      notifications: { byChannel, retrying: this.notifications.retrying() },
      status: reachable && database.writing && this.mqtt.connected && !spool.full ? 'ok' : 'degraded',
      uptimeS: Math.round((now - startedAt) / 1000),
      broker: this.mqtt.broker(),
      database: {
        reachable,
        ...database,
        api: this.storage.storage.api,
        ...(this.storage.storage.version ? { version: this.storage.storage.version } : {}),
      },
      spool: {
        pendingLines: spool.pendingLines,
        pendingBytes: spool.pendingBytes,
        maxBytes: spool.maxBytes,
        oldestAgeS: spool.oldestPendingAt === undefined ? 0 : Math.round((now - spool.oldestPendingAt) / 1000),
        full: spool.full,
        policy: this.config.get('SPOOL_FULL_POLICY', { infer: true }),
      },
      counters: {
        messages: await this.metrics.total(this.metrics.messages),
        readingsAccepted: await this.metrics.total(this.metrics.readingsAccepted),
        rejections: await this.metrics.rejectionsByReason(),
        normalisations: await labelled(this.metrics.normalisations),
        retainedReplays: await this.metrics.total(this.metrics.retainedReplays),
        deadLetters: await this.metrics.total(this.metrics.deadLetters),
        spooled: await this.metrics.total(this.metrics.spooled),
        pointsWritten: await this.metrics.total(this.metrics.pointsWritten),
        writeFailures: await this.metrics.total(this.metrics.writeFailures),
        pointsDropped: await this.metrics.total(this.metrics.pointsDropped),
      },
    };
  }
}

import { Injectable } from '@nestjs/common';
import type { HealthDto } from '@langxanh/contracts';
import { ClusterService } from '../cluster/cluster.service';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';
import { NotificationsService } from '../notifications/notifications.service';
import { StorageHealth } from '../storage/storage-health';
import { StorageStartup } from '../storage/storage-startup';

const startedAt = Date.now();

/** The ingester's health: broker, database, spool, notifications and counters; the metrics text. */
@Injectable()
export class HealthService {
  constructor(
    private readonly mqtt: MqttAdapter,
    private readonly storage: StorageHealth,
    private readonly metrics: MetricsService,
    private readonly notifications: NotificationsService,
    private readonly cluster: ClusterService,
    private readonly startup: StorageStartup,
  ) {}

  /** Whether readings are taken in and written: broker connected, InfluxDB reachable and writing, spool not full. */
  static healthy(body: HealthDto): boolean {
    const writing = body.database.reachable && body.database.writing !== false;
    return body.broker.connected && body.broker.evaluationConnected !== false && writing && !body.spool?.full;
  }

  /**
   * Whether readings can be taken in — broker connected and spool accepting — even while InfluxDB is down, and while
   * the averaging windows are still warming up (`averages`, issue 19: warm-up never blocks readiness).
   */
  static ready(body: HealthDto): boolean {
    // Several nodes: also the evaluation session, without which this node's alert state misses readings.
    return body.broker.connected && body.broker.evaluationConnected !== false && !body.spool?.full;
  }

  /** Prometheus text exposition, gauges refreshed. */
  metricsText(): Promise<string> {
    this.metrics.brokerConnected.set(this.mqtt.connected ? 1 : 0);
    this.storage.refreshGauges();
    this.refreshAverages();
    return this.metrics.registry.metrics();
  }

  /** The warm-up gauges from StorageStartup.averages; returns what health shows. */
  private refreshAverages(): HealthDto['averages'] {
    const averages = this.startup.averages.snapshot;
    this.metrics.averagesWarming.set(averages.state === 'warming' ? 1 : 0);
    this.metrics.averagesWarmUpStations.set({ count: 'warmed' }, averages.stations.warmed);
    this.metrics.averagesWarmUpStations.set({ count: 'total' }, averages.stations.total);
    this.metrics.averagesWarmUpStations.set({ count: 'failed' }, averages.failed);
    return averages;
  }

  async snapshot(): Promise<HealthDto> {
    const reachable = await this.storage.ping();
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
    const cluster = this.cluster.health();
    const broker = this.mqtt.broker();
    return {
      ...(cluster ? { cluster } : {}),
      notifications: { byChannel, retrying: this.notifications.retrying() },
      averages: this.refreshAverages(),
      status: reachable && database.writing && this.mqtt.connected && broker.evaluationConnected !== false && !spool.full ? 'ok' : 'degraded',
      uptimeS: Math.round((now - startedAt) / 1000),
      broker,
      database: {
        reachable,
        ...database,
        api: this.storage.api,
        ...(this.storage.version ? { version: this.storage.version } : {}),
      },
      spool: {
        pendingLines: spool.pendingLines,
        pendingBytes: spool.pendingBytes,
        maxBytes: spool.maxBytes,
        oldestAgeS: spool.oldestPendingAt === undefined ? 0 : Math.round((now - spool.oldestPendingAt) / 1000),
        full: spool.full,
        policy: this.storage.policy,
      },
      counters: {
        messages: await this.metrics.total(this.metrics.messages),
        readingsAccepted: await this.metrics.total(this.metrics.readingsAccepted),
        rejections: await this.metrics.rejectionsByReason(),
        normalisations: await labelled(this.metrics.normalisations),
        retainedReplays: await this.metrics.total(this.metrics.retainedReplays),
        duplicateReadings: await this.metrics.total(this.metrics.duplicateReadings),
        deadLetters: await this.metrics.total(this.metrics.deadLetters),
        spooled: await this.metrics.total(this.metrics.spooled),
        pointsWritten: await this.metrics.total(this.metrics.pointsWritten),
        writeFailures: await this.metrics.total(this.metrics.writeFailures),
        pointsDropped: await this.metrics.total(this.metrics.pointsDropped),
      },
    };
  }
}

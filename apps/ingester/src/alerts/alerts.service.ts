import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { AlertDto, Reading } from '@langxanh/contracts';
import { ThresholdAlerting, type AlertTransition } from '@langxanh/alerting';
import { DomainEventBus } from '../common/domain-events';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import { StorageAdapter } from '../storage/storage.adapter';

/** How many alerts (active and resolved) are restored from storage and kept for `GET /api/alerts?state=all`. */
const HISTORY_SIZE = 1000;

/**
 * Applies the threshold rules of each station's standard to every accepted reading ({@link ThresholdAlerting}),
 * stores every alert change in InfluxDB (measurement `alert`, flushed at once) and announces it on the bus.
 * At start-up the alert history is read back, so active alerts survive a restart without being raised again.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger(AlertsService.name);
  private readonly alerting = new ThresholdAlerting();
  private readonly history = new Map<string, AlertDto>();

  constructor(
    private readonly registry: RegistryService,
    private readonly storage: StorageAdapter,
    private readonly metrics: MetricsService,
    private readonly bus: DomainEventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    const now = Date.now();
    // The newest state of every station and rule, however old: the open alerts to carry on.
    const latest = await this.storage.storage.latestAlertStates();
    const stored = await this.storage.storage.alertHistory(HISTORY_SIZE);
    // alertHistory is newest first: keep the newest state of each alert.
    for (const alert of [...stored].reverse()) this.remember(alert);
    const open = latest.filter((a) => a.state === 'active');
    for (const alert of open) this.remember(alert);
    this.alerting.restore(open);
    this.logger.log(`restored ${this.history.size} alerts from storage, ${open.length} active`);
    // Lets the station states count them (no client is connected yet).
    for (const alert of open) this.bus.emit('alert.changed', { change: 'updated', alert });
    await this.warmUpAverages(now);
    this.bus.on('reading.accepted', (reading) => this.onReading(reading));
  }

  /**
   * Reads the last 24 h of per-minute means of every parameter with an averaged limit, so that 1-h, 8-h and 24-h
   * limits keep working right after a restart. Values stored with status 01/02 are included (the stored minute
   * means cannot tell them apart); a failure only means the averages start empty.
   */
  private async warmUpAverages(now: number): Promise<void> {
    let series = 0;
    for (const { station } of this.registry.stations.all()) {
      const parameters = new Set(
        this.registry
          .rulesFor(station.id, now)
          .filter((r) => r.averagingPeriod !== 'instant')
          .map((r) => r.parameter),
      );
      for (const parameter of parameters) {
        try {
          const buckets = await this.storage.storage.readingBuckets({
            kind: station.kind,
            station: station.id,
            parameter,
            from: now - 24 * 3_600_000,
            to: now,
            everyS: 60,
          });
          const minutes = buckets.flatMap((b) =>
            b.mean === null || b.count === 0 ? [] : [{ time: Date.parse(b.time), mean: b.mean, count: b.count }],
          );
          this.alerting.warmUp(station.id, parameter, minutes);
          if (minutes.length > 0) series += 1;
        } catch (error) {
          this.logger.warn(`averages of ${station.id} ${parameter} start empty: ${(error as Error).message}`);
        }
      }
    }
    this.logger.log(`averaging windows warmed up from storage for ${series} station parameters`);
  }

  /** Active alerts first (newest raised first), then resolved ones by resolution time, newest first. */
  list(state: 'active' | 'all'): AlertDto[] {
    const all = [...this.history.values()];
    const active = all.filter((a) => a.state === 'active').sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    if (state === 'active') return active;
    const resolved = all
      .filter((a) => a.state === 'resolved')
      .sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
    return [...active, ...resolved];
  }

  activeCount(stationId?: string): number {
    return this.alerting.openAlerts().filter((a) => stationId === undefined || a.station === stationId).length;
  }

  private onReading(reading: Reading): void {
    const transitions = this.alerting.evaluate(reading, this.registry.rulesFor(reading.station, reading.time));
    for (const transition of transitions) this.publish(transition);
  }

  private publish(transition: AlertTransition): void {
    const { alert, change } = transition;
    this.remember(alert);
    this.metrics.alertTransitions.inc({ change });
    this.storage.writeAlert(alert);
    if (change !== 'updated') {
      this.logger.log(
        `alert ${change}: ${alert.station} ${alert.parameter} ${alert.lastValue} ${alert.unit} (${alert.source.document} ${alert.source.clause})`,
      );
    }
    this.bus.emit('alert.changed', transition);
  }

  private remember(alert: AlertDto): void {
    this.history.delete(alert.id);
    this.history.set(alert.id, alert);
    if (this.history.size > HISTORY_SIZE) {
      for (const [id, old] of this.history) {
        if (old.state === 'resolved') {
          this.history.delete(id);
          break;
        }
      }
    }
  }
}

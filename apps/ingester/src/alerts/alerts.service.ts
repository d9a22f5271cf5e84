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
    const stored = await this.storage.storage.alertHistory(HISTORY_SIZE);
    // alertHistory is newest first: keep the newest state of each alert.
    for (const alert of [...stored].reverse()) this.remember(alert);
    this.alerting.restore([...this.history.values()]);
    const active = this.alerting.openAlerts();
    this.logger.log(`restored ${this.history.size} alerts from storage, ${active.length} active`);
    for (const alert of active) this.bus.emit('alert.changed', { change: 'updated', alert });
    this.bus.on('reading.accepted', (reading) => this.onReading(reading));
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
    this.storage.storage.writeAlert(alert);
    this.storage.storage.flush().catch((error: Error) => {
      this.logger.warn(`alert ${alert.id} not yet stored (the write is retried): ${error.message}`);
    });
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

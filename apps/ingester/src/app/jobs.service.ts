import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AlertsService } from '../alerts/alerts.service';
import type { Env } from '../config/env';
import { StationStateService } from '../stations/station-state.service';
import { Tt10IntakeService } from '../tt10/tt10-intake.service';

/**
 * Every scheduled job of the ingester, in one place (`@nestjs/schedule`'s registry; intervals from the config):
 * the deadman check (`station-silence`), the escalation of unacknowledged critical alerts (`alert-escalation`) and,
 * with TT10_FTP_DIR set, the look at the TT 10 FTP folders (`tt10-intake`).
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly checkIntervalMs: number;
  private readonly escalateAfterMs: number;
  private readonly tt10ScanMs: number;

  constructor(
    private readonly stations: StationStateService,
    private readonly alerts: AlertsService,
    private readonly scheduler: SchedulerRegistry,
    private readonly tt10: Tt10IntakeService,
    config: ConfigService<Env, true>,
  ) {
    this.tt10ScanMs = config.get('TT10_SCAN_INTERVAL_MS', { infer: true });
    this.checkIntervalMs = config.get('ALERT_CHECK_INTERVAL_MS', { infer: true });
    this.escalateAfterMs = config.get('ALERT_ESCALATE_AFTER_S', { infer: true }) * 1000;
  }

  onApplicationBootstrap(): void {
    this.every('station-silence', this.checkIntervalMs, () => this.checkSilence());
    this.every('alert-escalation', this.checkIntervalMs, () => this.escalate());
    // Asynchronous and never throwing; a look still under way when the next is due is not started twice.
    if (this.tt10.enabled) this.every('tt10-intake', this.tt10ScanMs, () => void this.tt10.scan());
  }

  onApplicationShutdown(): void {
    for (const name of this.scheduler.getIntervals()) this.scheduler.deleteInterval(name);
  }

  /**
   * Deadman: the station state decides which stations are offline (and marks them), then the alerts raise (or
   * resolve) their `offline` alert from those verdicts, without waiting for a message.
   */
  checkSilence(now = Date.now()): void {
    this.alerts.checkSilence(this.stations.checkSilence(now), now);
  }

  /** Escalates critical alerts nobody acknowledged within ALERT_ESCALATE_AFTER_S. */
  escalate(now = Date.now()): void {
    this.alerts.escalateDue(now, this.escalateAfterMs);
  }

  private every(name: string, ms: number, job: () => void): void {
    const timer = setInterval(() => {
      try {
        job();
      } catch (error) {
        this.logger.error(`job ${name} failed: ${(error as Error).stack ?? String(error)}`);
      }
    }, ms);
    timer.unref();
    this.scheduler.addInterval(name, timer);
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type {
  AlertDto,
  AlertEventDto,
  AlertNotification,
  DeliveryRecord,
  NotificationStage,
  Recipient,
} from '@langxanh/contracts';
import { redactUrlsIn } from '@langxanh/contracts';
import { AlertsService } from '../alerts/alerts.service';
import { ApiError, ApiErrorCode } from '../common/errors';
import { SilencesService } from '../alerts/silences.service';
import { ClusterService } from '../cluster/cluster.service';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import { AlertDocumentsRepository } from '../storage/alert-documents.repository';
import { StorageStartup } from '../storage/storage-startup';
import { NOTIFICATION_CHANNELS, summarise, type NotificationChannel } from './notification';

/** Delivery records older than this are not loaded at start-up (their alerts are long resolved). */
const REMEMBER_MS = 60 * 86_400_000;
/** Delivery records kept in memory for `GET /api/notifications`. */
const RECENT = 500;

/**
 * Sends each alert's notifications once per state change — `raised` (per severity), `escalated`, `acknowledged`,
 * `resolved` — to the people responsible, on every enabled channel (e-mail, webhook, MQTT, Telegram, Zalo; in-app is the socket.io
 * `alert` event every change already gets). Recipients: the station's cluster manager and contacts from the registry;
 * an escalation adds the department. A silence or maintenance window suppresses the notification (recorded as
 * `suppressed`); a failed delivery is retried with doubling back-off, then recorded `failed`, counted
 * (`langxanh_notifications_total`) and logged. Each final outcome is stored in InfluxDB (`alert_notification`) and
 * read back at start-up, so a restart never re-sends; open alerts whose notification has no record yet (e.g. the
 * process stopped before it went out) are sent at start-up.
 */
@Injectable()
export class NotificationsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly done = new Map<string, DeliveryRecord>();
  private readonly inFlight = new Set<string>();
  private readonly recent: DeliveryRecord[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;
  private stopping = false;

  constructor(
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: readonly NotificationChannel[],
    private readonly alerts: AlertsService,
    private readonly silences: SilencesService,
    private readonly registry: RegistryService,
    private readonly documents: AlertDocumentsRepository,
    private readonly metrics: MetricsService,
    config: ConfigService<Env, true>,
    private readonly startup: StorageStartup,
    private readonly cluster: ClusterService,
  ) {
    this.maxAttempts = config.get('NOTIFY_MAX_ATTEMPTS', { infer: true });
    this.retryBaseMs = config.get('NOTIFY_RETRY_BASE_MS', { infer: true });
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  /** An alert changed (app/event-wiring.ts): sends what it owes; changes before the stored outcomes are loaded wait for them. */
  onAlertChanged(event: AlertEventDto): void {
    void this.ready.then(() => this.consider(event));
  }

  /**
   * Loads the stored outcomes (StorageModule initialises before this module). When InfluxDB is away at start-up,
   * notifications are sent meanwhile without them (a restart may then re-send one) and they are loaded once it
   * answers.
   */
  async onModuleInit(): Promise<void> {
    if (!(await this.startup.restore('notification outcomes', () => this.loadRecords()))) {
      this.logger.warn('notification outcomes not restored yet (InfluxDB away): a notification sent before the restart may be sent again');
    }
    this.markReady();
  }

  /** Sends what open alerts still owe (nothing after a clean restart: every outcome was stored). */
  async onApplicationBootstrap(): Promise<void> {
    await this.ready;
    const enabled = this.channels.filter((c) => c.enabled).map((c) => c.name);
    this.logger.log(`notification channels: in-app${enabled.map((n) => `, ${n}`).join('')}`);
    for (const alert of this.alerts.openAlerts()) this.consider({ change: 'updated', alert });
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.inFlight.size > 0) this.logger.warn(`${this.inFlight.size} notification(s) still being retried at shutdown`);
  }

  /** Recent delivery outcomes, newest first, optionally of one alert. */
  list(alertId?: string): DeliveryRecord[] {
    const all = alertId === undefined ? this.recent : [...this.done.values()].filter((r) => r.alertId === alertId);
    return [...all].sort((a, b) => b.at.localeCompare(a.at));
  }

  /** One delivery outcome by its id (`{notification key}|{channel}`), if known. */
  get(id: string): DeliveryRecord | undefined {
    return this.done.get(id);
  }

  /**
   * Delivers a `failed` notification again on its channel, now: the alert as it stands now, up to
   * NOTIFY_MAX_ATTEMPTS attempts with the same back-off as the first time; a silence in force now suppresses it. The
   * new outcome replaces the failed one (`GET /api/notifications`) when the delivery ends.
   * @throws ApiError 404 (no such outcome, or its alert is no longer known), 409 (not `failed`, or its channel is off).
   */
  retry(id: string): DeliveryRecord {
    const record = this.done.get(id);
    if (!record) throw new ApiError(ApiErrorCode.NotFound, `no notification outcome "${id}"`);
    if (record.outcome !== 'failed') {
      throw new ApiError(ApiErrorCode.Conflict, `notification ${id} is ${record.outcome}: only a failed one is retried`);
    }
    const channel = this.channels.find((c) => c.name === record.channel);
    if (!channel?.enabled) throw new ApiError(ApiErrorCode.Conflict, `the ${record.channel} channel is off`);
    const alert = this.alerts.get(record.alertId);
    if (!alert) throw new ApiError(ApiErrorCode.NotFound, `alert ${record.alertId} is no longer known`);
    this.done.delete(id);
    this.deliver(channel, record.stage, record.key, alert);
    return record;
  }

  /** Notifications being retried now. */
  retrying(): number {
    return this.inFlight.size;
  }

  private async loadRecords(): Promise<void> {
    try {
      await this.documents.drained(10_000);
      const stored = await this.documents.latest<DeliveryRecord>('alert_notification', Date.now() - REMEMBER_MS);
      for (const record of stored) if (!this.done.has(record.id)) this.done.set(record.id, record);
      this.logger.log(`${stored.length} notification outcomes restored`);
    } catch (error) {
      this.logger.error(`notification outcomes not restored (a restart may re-send): ${(error as Error).message}`);
    }
  }

  /** The stages an alert change owes: `raised` at each severity, `escalated`, `acknowledged`, `resolved`. */
  private stagesOf(event: AlertEventDto): { stage: NotificationStage; key: string }[] {
    const { alert, change } = event;
    switch (change) {
      case 'resolved':
        return [{ stage: 'resolved', key: `${alert.id}|resolved` }];
      case 'acknowledged':
        return [{ stage: 'acknowledged', key: `${alert.id}|acknowledged` }];
      case 'commented':
        return [];
      case 'raised':
      case 'updated':
        return [
          { stage: 'raised', key: `${alert.id}|raised:${alert.severity}` },
          ...(alert.escalatedAt ? [{ stage: 'escalated' as const, key: `${alert.id}|escalated` }] : []),
        ];
    }
  }

  private recipients(alert: AlertDto, stage: NotificationStage): Recipient[] {
    const cluster = this.registry.get(alert.station)?.cluster;
    const department = this.registry.registry.department;
    return [
      ...(cluster ? [{ ...cluster.manager, role: 'manager' as const }] : []),
      ...(cluster?.contacts ?? []).map((c) => ({ ...c, role: 'contact' as const })),
      ...(stage === 'escalated' && department ? [{ ...department, role: 'department' as const }] : []),
    ];
  }

  private consider(event: AlertEventDto): void {
    if (this.stopping) return;
    // Events are typed, but the bus is in-process and open to tests: an alert without its limit source is not one
    // the engine produced, and has nothing to notify.
    if ((event.alert as Partial<AlertDto>).source === undefined) return;
    for (const { stage, key } of this.stagesOf(event)) {
      for (const channel of this.channels) {
        if (!channel.enabled) continue;
        try {
          this.deliver(channel, stage, key, event.alert);
        } catch (error) {
          // A bus listener must not throw (it would stop the other listeners): a malformed alert is logged.
          this.logger.error(`${channel.name} notification ${key} not prepared: ${(error as Error).message}`);
        }
      }
    }
  }

  private deliver(channel: NotificationChannel, stage: NotificationStage, key: string, alert: AlertDto): void {
    const id = `${key}|${channel.name}`;
    if (this.done.has(id) || this.inFlight.has(id)) return;
    const now = Date.now();
    const registered = this.registry.get(alert.station);
    const notification: AlertNotification = {
      version: 1,
      key,
      stage,
      createdAt: new Date(now).toISOString(),
      alert,
      cluster: { id: alert.cluster, name: registered?.cluster.name ?? alert.cluster },
      station: { id: alert.station, name: registered?.station.name ?? alert.station, kind: alert.kind },
      recipients: this.recipients(alert, stage),
      summary: summarise(stage, alert, registered?.station.name ?? alert.station, registered?.cluster.name ?? alert.cluster),
    };
    const addresses = channel.addresses?.(notification);
    // Nobody of this cluster (and, escalated, the department) uses this channel: nothing to send or suppress.
    if (addresses !== undefined && addresses.length === 0) return;
    const base = {
      id,
      key,
      channel: channel.name,
      alertId: alert.id,
      cluster: alert.cluster,
      station: alert.station,
      stage,
      recipients: addresses ? [...addresses] : notification.recipients.map((r) => r.email),
    };
    const silence = this.silences.covering(alert, now);
    if (silence) {
      this.record({ ...base, outcome: 'suppressed', attempts: 0, silence: silence.id, at: new Date(now).toISOString() });
      return;
    }
    this.inFlight.add(id);
    const attempt = (n: number): void => {
      channel.send(notification).then(
        () => {
          this.inFlight.delete(id);
          this.record({ ...base, outcome: 'sent', attempts: n, at: new Date().toISOString() });
        },
        (failure: Error & { retriable?: boolean; retryAfterMs?: number }) => {
          // a channel's error may quote its endpoint (webhook URL, SMTP server): shown in logs and GET /api/notifications
          const error = { message: redactUrlsIn(failure.message) };
          // A failure that retrying cannot mend (chat.ts DeliveryError: a Telegram chat not found, a blocked bot)
          // is given up at once; a provider's retry-after hint lengthens the wait.
          if (failure.retriable !== false && n < this.maxAttempts && !this.stopping) {
            const wait = Math.max(this.retryBaseMs * 2 ** (n - 1), failure.retryAfterMs ?? 0);
            this.metrics.notifications.inc({ channel: channel.name, outcome: 'retried' });
            this.logger.warn(`${channel.name} notification ${key} failed (attempt ${n}/${this.maxAttempts}, retry in ${wait} ms): ${error.message}`);
            const timer = setTimeout(() => {
              this.timers.delete(timer);
              attempt(n + 1);
            }, wait);
            timer.unref();
            this.timers.add(timer);
            return;
          }
          this.inFlight.delete(id);
          if (this.stopping) return;
          this.logger.error(`${channel.name} notification ${key} given up after ${n} attempts: ${error.message}`);
          this.record({ ...base, outcome: 'failed', attempts: n, error: error.message, at: new Date().toISOString() });
        },
      );
    };
    if (!this.cluster.enabled) {
      attempt(1);
      return;
    }
    // Several nodes: one sends it (the one whose alert announcement this is, or this node again after a restart
    // that cut it short); another node that finds it claimed leaves it (the record is the sender's).
    void this.cluster.claimOrResume(`notify:${id}`, alert.station).then((mine) => {
      if (mine) attempt(1);
      else this.inFlight.delete(id);
    });
  }

  private record(record: DeliveryRecord): void {
    this.done.set(record.id, record);
    // a retried notification's new outcome replaces its failed one in the list
    const earlier = this.recent.findIndex((r) => r.id === record.id);
    if (earlier >= 0) this.recent.splice(earlier, 1);
    this.recent.push(record);
    if (this.recent.length > RECENT) this.recent.shift();
    this.metrics.notifications.inc({ channel: record.channel, outcome: record.outcome });
    try {
      this.documents.append('alert_notification', { cluster: record.cluster, station: record.station, channel: record.channel }, record.id, record);
    } catch (error) {
      // The disk failed (or the spool closed at shutdown): known in memory only; a restart may re-send this one.
      this.logger.error(`notification record ${record.id} not stored: ${(error as Error).message}`);
    }
  }
}

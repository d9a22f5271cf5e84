import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { backOff } from 'exponential-backoff';
import {
  STATION_KINDS,
  type AcknowledgeAlertsResultDto,
  type AlertDto,
  type AlertEventDto,
  type AlertSeverity,
  type AlertState,
  type AlertType,
  type Reading,
  type StationKind,
} from '@langxanh/contracts';
import {
  AlertLifecycleError,
  ThresholdAlerting,
  WARM_UP_SPAN_MS,
  acknowledgeAlert,
  byMeasurementTime,
  commentAlert,
  warmUpMinutesFrom,
  type AlertTransition,
  type BrokerDropState,
  type IngestAlertSettings,
  type IngestLinkState,
  type SilenceVerdict,
} from '@langxanh/alerting';
import { ConfigService } from '@nestjs/config';
import type { Env } from '../config/env';
import { ClusterService, type AnnounceOptions } from '../cluster/cluster.service';
import { DomainEventBus, type RegistryChangedEvent } from '../common/domain-events';
import { ApiError, ApiErrorCode } from '../common/errors';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import { AlertsRepository } from '../storage/alerts.repository';
import { ReadingsRepository, type HourBucket, type MinuteBucket } from '../storage/readings.repository';
import { StorageStartup } from '../storage/storage-startup';

/**
 * Stations per warm-up request ({@link AlertsService} start-up). Measured on influxd 1.6.7 (2 cores, shared): 24 h of
 * 1-min data of 7 parameters costs ≈ 55-80 ms per station with data (100 such stations: 5.6-7.9 s in one request;
 * 25: ≈ 1.3 s), so a request stays well inside the 10 s request timeout (one request for the whole kind timed out
 * with 300 stations of data); a request for 25 stations without data ≈ 2 ms. Each request names its stations (a
 * 25-term `OR` on the `station` tag).
 */
const WARM_UP_STATIONS_PER_REQUEST = 25;

/**
 * The warm-up of the averaging windows is retried (stations whose stored history could not be read) until this long
 * after start-up: the longest averaging window (24 h, QCVN 05:2023 Bảng 1 24-h means; ../shared/docs/domain.md), after
 * which live values alone fill every window and a stored value could no longer count. Bounded also in attempts.
 */
const WARM_UP_GIVE_UP_MS = 24 * 3_600_000;
/** Some stations' stored history could not be read in a warm-up attempt (retried). */
class WarmUpIncomplete extends Error {}

/** At most this many warm-up attempts (with INFLUX_RETRY_MAX_MS = 30 s between the later ones: > 24 h). */
const WARM_UP_MAX_ATTEMPTS = 3_000;

/**
 * `ingester/broker-drops` resolves once the broker's drop counter has not grown for this long: three times the
 * 5-min load average Mosquitto also publishes ($SYS/broker/load/publish/dropped/5min), so a slow trickle of drops
 * stays one alert (project choice, docs/alert-rules.md).
 */
const BROKER_DROPS_QUIET_MS = 15 * 60_000;

/**
 * The identity of one announced change of an alert, the same on every node that computes it (the alert id is
 * station, rule and measurement time; libs/alerting): `raised` and `resolved` once per alert, `updated` once per
 * severity, newest value time and peak, an escalation once, an acknowledgement once, a comment per comment count.
 */
export function announcementKey(change: AlertEventDto['change'], alert: AlertDto): string {
  const base = `alert:${alert.id}|${change}`;
  switch (change) {
    case 'raised':
    case 'resolved':
    case 'acknowledged':
      return base;
    case 'commented':
      return `${base}|${alert.comments?.length ?? 0}`;
    case 'updated':
      return `${base}|${alert.severity}|${alert.lastValueAt}|${alert.peakValue}|${alert.escalatedAt ? 'escalated' : ''}`;
  }
}

/** How many alerts (open and resolved) are restored from storage and kept for `GET /api/alerts`. */
const HISTORY_SIZE = 1000;

/** Filters of `GET /api/alerts`; `from`/`to` (epoch ms) bound `raisedAt`, `to` exclusive. */
export interface AlertFilter {
  readonly state?: AlertState | 'open' | 'all';
  readonly cluster?: string;
  readonly station?: string;
  readonly severity?: AlertSeverity;
  readonly type?: AlertType;
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number;
}

/**
 * Applies the threshold rules of each station's standard to every accepted reading ({@link ThresholdAlerting}),
 * runs the deadman check, and carries alerts through their lifecycle (active → acknowledged → resolved, comments,
 * escalation mark). Every new version of an alert is stored in InfluxDB (measurement `alert`, flushed at once) and
 * announced on the bus (`alert.changed`: socket.io, notifications, station states). At start-up the newest stored
 * state of every station and rule is read back, so open alerts survive a restart without being raised again.
 * Listens (app/event-wiring.ts): {@link onReading}.
 */
@Injectable()
export class AlertsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AlertsService.name);
  private readonly alerting = new ThresholdAlerting();
  private readonly history = new Map<string, AlertDto>();
  /**
   * Until the averaging windows are warmed up (in the background after start-up, or late when InfluxDB was away):
   * per station, the oldest reading time evaluated live, whose minutes the warm-up leaves out (they would count
   * twice). Undefined once the warm-up ended.
   */
  private liveSince?: Map<string, number> = new Map();
  /** When this process raised each open alert (processing time): escalation counts from here, not from a late reading's time. */
  private readonly raisedHere = new Map<string, number>();
  /** Shutdown began: the background warm-up stops retrying. */
  private stopped = false;
  /** The background warm-up of the averaging windows, once started (tests and shutdown may await it). */
  warming?: Promise<void>;
  /** Readings announced together (one turn's flush: a burst, a backlog), evaluated oldest first once it ends. */
  private pending: Reading[] = [];
  /** The other list of the pair `pending` swaps with (no list built per turn). */
  private settling: Reading[] = [];

  constructor(
    private readonly registry: RegistryService,
    private readonly alertStates: AlertsRepository,
    private readonly readings: ReadingsRepository,
    private readonly metrics: MetricsService,
    private readonly bus: DomainEventBus,
    config: ConfigService<Env, true>,
    private readonly startup: StorageStartup,
    private readonly cluster: ClusterService,
  ) {
    // Several nodes: a user's acknowledgement or comment on another node applies here too (escalation reads it).
    cluster.onBroadcast<AlertDto>('alert-version', (alert) => this.adopt(alert));
    this.ingestSettings = {
      linkDownAfterMs: config.get('INGEST_LINK_ALERT_AFTER_S', { infer: true }) * 1000,
      dropsQuietMs: BROKER_DROPS_QUIET_MS,
    };
    this.retryMinMs = config.get('INFLUX_RETRY_MIN_MS', { infer: true });
    this.retryMaxMs = config.get('INFLUX_RETRY_MAX_MS', { infer: true });
  }

  /** Back-off of the warm-up's retries: INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS (as InfluxDB's reconnection). */
  private readonly retryMinMs: number;
  private readonly retryMaxMs: number;

  private readonly ingestSettings: IngestAlertSettings;

  /**
   * Restores the stored alerts and each station's newest reading time ({@link restore}: two alert queries and one
   * per station kind) — start-up (and so readiness and the MQTT subscription) waits for it, so that an open alert
   * is carried on, never raised twice, before any reading is evaluated. Then the averaging windows are warmed up in
   * the background ({@link warmUpInBackground}): readings are accepted, spooled and evaluated at once, averaged
   * rules as their windows fill, and health says how far it got (`averages`). When InfluxDB does not answer at
   * start-up, both run once it does (alerts are evaluated meanwhile, from empty state).
   */
  async onModuleInit(): Promise<void> {
    const startedAt = Date.now();
    await this.startup.restore('alerts', async () => {
      await this.restore();
      this.warming = this.warmUpInBackground(startedAt);
    });
  }

  /** Shutdown: the background warm-up makes no further attempt. */
  onApplicationShutdown(): void {
    this.stopped = true;
  }

  /**
   * Warms the averaging windows up from the 24 h before `startedAt` ({@link warmUpAverages}), in the background:
   * stations whose history could not be read (InfluxDB away, timeouts) are read again with exponential back-off
   * (INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS, `exponential-backoff`) until none is left, shutdown, or
   * {@link WARM_UP_GIVE_UP_MS} after start-up. Progress goes to StorageStartup.averages (health, metrics). Never
   * throws; live readings keep being evaluated throughout, their minutes left out of what is merged in.
   */
  private async warmUpInBackground(startedAt: number): Promise<void> {
    const progress = this.startup.averages;
    let missing: ReadonlySet<string> | undefined;
    try {
      await backOff(
        async () => {
          if (this.stopped) return;
          const failed = await this.warmUpAverages(startedAt, missing);
          if (failed.size > 0) {
            missing = failed;
            throw new WarmUpIncomplete(`${failed.size} station(s) not warmed up: ${progress.snapshot.lastError ?? 'read failed'}`);
          }
        },
        {
          startingDelay: this.retryMinMs,
          maxDelay: this.retryMaxMs,
          timeMultiple: 2,
          numOfAttempts: WARM_UP_MAX_ATTEMPTS,
          retry: (error: Error, attempt) => {
            // Only unread stations are retried (a defect in the merge would fail the same way again).
            const retry = error instanceof WarmUpIncomplete && !this.stopped && Date.now() - startedAt < WARM_UP_GIVE_UP_MS;
            if (retry) this.logger.warn(`averaging windows: ${error.message}; attempt ${attempt} after back-off`);
            return retry;
          },
        },
      );
    } catch (error) {
      this.logger.warn(`averaging windows left partly cold (given up): ${(error as Error).message}`);
    } finally {
      this.liveSince = undefined;
      progress.finish();
      const { state, stations } = progress.snapshot;
      this.logger.log(`averaging windows warm-up ${state}: ${stations.warmed} of ${stations.total} stations in ${Date.now() - startedAt} ms since start`);
    }
  }

  /**
   * Reads back the stored alerts (open ones carry on) and the newest stored reading time of every station. Run late
   * (InfluxDB was away at start-up), it keeps what this process decided meanwhile: a stored alert is not restored
   * over an open alert of the same station and rule, nor over a newer version of itself.
   */
  private async restore(): Promise<void> {
    // Alert states still in the spool from before the restart must reach InfluxDB before they are read back.
    if (!(await this.alertStates.drained(10_000))) this.logger.warn('spool not drained in 10 s: the newest alert states may be missing');
    // The newest state of every station and rule, however old: the open alerts to carry on.
    const latest = await this.alertStates.latestStates();
    const stored = await this.alertStates.history(HISTORY_SIZE);
    // Versions this process made since start-up (only when run late) are newer than anything stored.
    const decidedHere = new Set(this.history.keys());
    const openHere = new Set(this.alerting.openAlerts().map((a) => `${a.station}|${a.ruleId}`));
    // alertHistory is newest first: keep the newest state of each alert.
    for (const alert of [...stored].reverse()) if (!decidedHere.has(alert.id)) this.remember(alert);
    // The newest version of each alert: from the history when it is there (a comment on an old, resolved alert is
    // the newest point of its station and rule, and must not hide a newer open alert of the same rule).
    const newest = new Map<string, AlertDto>();
    for (const alert of stored) if (!newest.has(alert.id)) newest.set(alert.id, alert);
    for (const alert of latest) if (!newest.has(alert.id)) newest.set(alert.id, alert);
    const open = [...newest.values()].filter(
      (a) => a.state !== 'resolved' && !decidedHere.has(a.id) && !openHere.has(`${a.station}|${a.ruleId}`),
    );
    for (const alert of open) this.remember(alert);
    this.alerting.restore(open);
    this.logger.log(`restored ${this.history.size} alerts from storage, ${open.length} open`);
    // Lets the station states count them and the notifier check what was already sent (no client is connected yet).
    for (const alert of open) this.bus.emit('alert.restored', alert);
    await this.knowNewestReadings();
  }

  /**
   * Tells the engine each station's newest stored measurement time, so that after a restart a days-old reading (a
   * datalogger's old backlog) is beyond the re-evaluation horizon rather than judged as the station's newest
   * (libs/alerting `knowNewest`). A failed read only means the horizon starts from the first reading heard.
   */
  private async knowNewestReadings(): Promise<void> {
    for (const kind of STATION_KINDS) {
      try {
        for (const [station, time] of await this.readings.newestTimes(kind)) this.alerting.knowNewest(station, time);
      } catch (error) {
        this.logger.warn(`newest ${kind} reading times not read (the re-evaluation horizon starts from the first reading heard): ${(error as Error).message}`);
      }
    }
  }

  /**
   * Reads the stored aggregates of every parameter with an averaged limit, so that 1-h, 8-h, 24-h and calendar-day
   * limits keep working right after a restart: per-hour buckets (mean, count, minutes holding a value) for
   * [now − {@link WARM_UP_SPAN_MS} (31 h), start of the previous clock hour) and per-minute buckets from there to now
   * ({@link warmUpMinutesFrom}: the current and previous clock hour, so the live 1-h window is exact at once) —
   * O(hours) per station parameter instead of 1 440 minutes. Per station kind, {@link ReadingsRepository.hourBuckets}
   * and {@link ReadingsRepository.minuteBuckets} read the union of the kind's averaged parameters for
   * {@link WARM_UP_STATIONS_PER_REQUEST} stations per request (two requests per chunk); each station is then warmed
   * with the parameters its own rules average. Values stored with status 01/02 are included (stored aggregates
   * cannot tell them apart); buckets from the station's first reading evaluated live on are left out, and the
   * engine skips stored minutes/hours that live values already fill (libs/alerting `warmUp`). A failed request only
   * means its stations' averages start empty (one warning per kind). `only`: the stations still to warm (a retry);
   * progress → StorageStartup.averages.
   * @returns the stations whose request failed (to retry).
   */
  private async warmUpAverages(now: number, only?: ReadonlySet<string>): Promise<Set<string>> {
    const failedStations = new Set<string>();
    // Kind → station → the parameters its rules average.
    const byKind = new Map<StationKind, Map<string, Set<string>>>();
    for (const { station } of this.registry.stations.active()) {
      if (only && !only.has(station.id)) continue;
      const parameters = new Set(
        this.registry
          .rulesFor(station.id, now)
          .filter((r) => r.averagingPeriod !== 'instant' && r.measure !== 'risePerMinute')
          .map((r) => r.parameter),
      );
      if (parameters.size === 0) continue;
      const stations = byKind.get(station.kind) ?? new Map<string, Set<string>>();
      byKind.set(station.kind, stations);
      stations.set(station.id, parameters);
    }
    const minutesFrom = warmUpMinutesFrom(now);
    let series = 0;
    this.startup.averages.attempt(only ? undefined : [...byKind.values()].reduce((n, stations) => n + stations.size, 0));
    for (const [kind, stations] of byKind) {
      const parameters = new Set<string>();
      for (const own of stations.values()) for (const parameter of own) parameters.add(parameter);
      const ids = [...stations.keys()];
      let failed = 0;
      let firstError = '';
      for (let i = 0; i < ids.length; i += WARM_UP_STATIONS_PER_REQUEST) {
        const chunk = ids.slice(i, i + WARM_UP_STATIONS_PER_REQUEST);
        const query = { kind, stations: chunk, parameters: [...parameters] };
        let hours: Map<string, Map<string, HourBucket[]>>;
        let minutes: Map<string, Map<string, MinuteBucket[]>>;
        try {
          hours = await this.readings.hourBuckets({ ...query, from: now - WARM_UP_SPAN_MS, to: minutesFrom });
          minutes = await this.readings.minuteBuckets({ ...query, from: minutesFrom, to: now });
        } catch (error) {
          failed += chunk.length;
          firstError ||= (error as Error).message;
          for (const station of chunk) failedStations.add(station);
          this.startup.averages.progress(0, chunk.length, (error as Error).message);
          continue;
        }
        for (const station of chunk) {
          // Run late: the buckets from the station's oldest reading evaluated live on are in its windows already.
          const live = this.liveSince?.get(station);
          const cut = live === undefined ? Number.POSITIVE_INFINITY : Math.floor(live / 60_000) * 60_000;
          for (const parameter of stations.get(station) ?? []) {
            const stored = {
              hours: (hours.get(station)?.get(parameter) ?? []).filter((h) => h.time < cut),
              minutes: (minutes.get(station)?.get(parameter) ?? []).filter((m) => m.time < cut),
            };
            this.alerting.warmUp(station, parameter, stored);
            if (stored.hours.length + stored.minutes.length > 0) series += 1;
          }
        }
        this.startup.averages.progress(chunk.length);
      }
      if (failed > 0) this.logger.warn(`averages of ${failed} of the ${ids.length} ${kind} stations start empty: ${firstError}`);
    }
    this.logger.log(`averaging windows warmed up from storage for ${series} station parameters`);
    return failedStations;
  }

  /**
   * Alerts matching `filter` (default: open ones), open first (newest raised first), then resolved ones by
   * resolution time, newest first; at most `limit` (default 500).
   */
  list(filter: AlertFilter = {}): AlertDto[] {
    this.settle();
    const state = filter.state ?? 'open';
    const matches = (a: AlertDto) =>
      (state === 'all' || (state === 'open' ? a.state !== 'resolved' : a.state === state)) &&
      (filter.cluster === undefined || a.cluster === filter.cluster) &&
      (filter.station === undefined || a.station === filter.station) &&
      (filter.severity === undefined || a.severity === filter.severity) &&
      (filter.type === undefined || (a.type ?? 'threshold') === filter.type) &&
      (filter.from === undefined || Date.parse(a.raisedAt) >= filter.from) &&
      (filter.to === undefined || Date.parse(a.raisedAt) < filter.to);
    const all = [...this.history.values()].filter(matches);
    const open = all.filter((a) => a.state !== 'resolved').sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
    const resolved = all
      .filter((a) => a.state === 'resolved')
      .sort((a, b) => (b.resolvedAt ?? '').localeCompare(a.resolvedAt ?? ''));
    return [...open, ...resolved].slice(0, filter.limit ?? 500);
  }

  /** One alert by id (open or in the kept history). */
  get(id: string): AlertDto | undefined {
    this.settle();
    return this.alerting.openAlert(id) ?? this.history.get(id);
  }

  activeCount(stationId?: string): number {
    this.settle();
    return this.alerting.openAlerts().filter((a) => stationId === undefined || a.station === stationId).length;
  }

  /** Open alerts now (for escalation and notifications). */
  openAlerts(): AlertDto[] {
    this.settle();
    return this.alerting.openAlerts();
  }

  /**
   * Acknowledges an open alert as `by` (username) with an optional comment.
   * @throws ApiError `not_found` for an unknown id, `conflict` when resolved or already acknowledged,
   *   `too_many_comments` with a comment on an alert holding MAX_COMMENTS_PER_ALERT.
   */
  acknowledge(id: string, by: string, comment?: string): AlertDto {
    const alert = this.find(id);
    const next = this.lifecycle(() => acknowledgeAlert(alert, by, Date.now(), comment));
    this.store(next, 'acknowledged', { immediate: true });
    this.logger.log(`alert acknowledged by ${by}: ${next.station} ${next.ruleId}`);
    return next;
  }

  /**
   * Acknowledges several alerts as `by` with one optional comment (the caller checked every id exists and is in
   * scope): each as {@link acknowledge}; one already acknowledged or resolved (e.g. by a colleague meanwhile), or
   * whose comment would exceed its limit, is left as it is and reported, so one stale row does not undo the rest.
   * @throws ApiError `not_found` for an unknown id (before acknowledging any).
   */
  acknowledgeMany(ids: readonly string[], by: string, comment?: string): AcknowledgeAlertsResultDto {
    for (const id of ids) this.find(id);
    const acknowledged: AlertDto[] = [];
    const skipped: { id: string; reason: 'conflict' | 'too_many_comments' }[] = [];
    for (const id of ids) {
      try {
        acknowledged.push(this.acknowledge(id, by, comment));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.code === ApiErrorCode.Conflict) skipped.push({ id, reason: 'conflict' });
        else if (error.code === ApiErrorCode.TooManyComments) skipped.push({ id, reason: 'too_many_comments' });
        else throw error;
      }
    }
    return { acknowledged, skipped };
  }

  /**
   * Adds a comment by `by`; allowed on open and resolved alerts.
   * @throws ApiError `not_found`, `bad_request` (empty), `too_many_comments` (MAX_COMMENTS_PER_ALERT reached).
   */
  comment(id: string, by: string, text: string): AlertDto {
    const alert = this.find(id);
    const next = this.lifecycle(() => commentAlert(alert, by, Date.now(), text));
    this.store(next, 'commented', { immediate: true });
    return next;
  }

  /**
   * Marks every critical alert still `active` (nobody acknowledged it) `afterMs` after it was raised as escalated
   * (once per alert); the `updated` change it announces makes the notifier escalate to the department. "Raised" is
   * when this process raised it (so an alert from a datalogger's late buffer is not escalated at once), or its
   * `raisedAt` for alerts restored from storage.
   * @returns the alerts escalated now.
   */
  escalateDue(now: number, afterMs: number): AlertDto[] {
    this.settle();
    const since = (a: AlertDto) => this.raisedHere.get(a.id) ?? Date.parse(a.raisedAt);
    const due = this.alerting
      .openAlerts()
      .filter((a) => a.severity === 'critical' && a.state === 'active' && !a.escalatedAt && now - since(a) >= afterMs);
    return due.map((alert) => {
      const next: AlertDto = { ...alert, escalatedAt: new Date(now).toISOString() };
      this.store(next, 'updated');
      this.logger.warn(`alert escalated (not acknowledged for ${Math.round(afterMs / 60_000)} min): ${next.station} ${next.ruleId}`);
      return next;
    });
  }

  /**
   * The deadman rule at `now` (scheduled): raises or resolves `offline` alerts from the station state's silence
   * verdicts (`StationStateService.checkSilence`), which alone decide whether a station is offline.
   */
  checkSilence(verdicts: readonly SilenceVerdict[], now: number): void {
    this.settle();
    for (const transition of this.alerting.checkSilence(verdicts, now)) this.publish(transition);
  }

  /**
   * A registry version took effect: the open alerts (threshold, device fault, offline) of each station it retires
   * are resolved at the retirement's time (`retired.at`), since no reading will resolve them any more
   * (docs/registry.md, "Retiring a station"). The alert contract has no resolution reason, so the reason is logged;
   * the `resolved` changes are stored, announced and notified as any other.
   */
  onRegistryChange(event: RegistryChangedEvent): void {
    this.settle();
    const before = new Map(event.before.clusters.flatMap((c) => c.stations.map((s) => [s.id, s.retired] as const)));
    for (const station of event.after.clusters.flatMap((c) => c.stations)) {
      if (!station.retired || before.get(station.id)) continue;
      const at = Date.parse(station.retired.at);
      const transitions = this.alerting.resolveStation(station.id, Number.isFinite(at) ? at : Date.now());
      if (transitions.length === 0) continue;
      this.logger.log(
        `station ${station.id} retired at ${station.retired.at}${station.retired.reason ? ` (${station.retired.reason})` : ''}: ` +
          `resolving its ${transitions.length} open alert(s)`,
      );
      for (const transition of transitions) this.publish(transition);
    }
  }

  /**
   * The ingester's own intake alerts at `now` (scheduled): `ingester/link-down` (broker link down longer than
   * INGEST_LINK_ALERT_AFTER_S) and `ingester/broker-drops` (the broker's drop counter grew), libs/alerting
   * ingest-link.ts.
   */
  checkIngest(link: IngestLinkState, drops: BrokerDropState, now: number): void {
    for (const transition of this.alerting.checkIngest(link, drops, now, this.ingestSettings)) this.publish(transition);
  }

  private find(id: string): AlertDto {
    const alert = this.get(id);
    if (!alert) throw new ApiError(ApiErrorCode.NotFound, `no alert "${id}"`);
    return alert;
  }

  private lifecycle(action: () => AlertDto): AlertDto {
    try {
      return action();
    } catch (error) {
      if (error instanceof AlertLifecycleError) {
        const code =
          error.code === 'empty_text'
            ? ApiErrorCode.BadRequest
            : error.code === 'too_many_comments'
              ? ApiErrorCode.TooManyComments
              : ApiErrorCode.Conflict;
        throw new ApiError(code, error.message);
      }
      throw error;
    }
  }

  /** A new version of an alert decided outside the engine (acknowledged, commented, escalated). */
  private store(alert: AlertDto, change: AlertEventDto['change'], options: AnnounceOptions = {}): void {
    if (alert.state !== 'resolved') this.alerting.replace(alert);
    this.publish({ change, alert }, options);
    if (options.immediate) this.cluster.broadcast('alert-version', alert);
  }

  /** A version another node's user decided (acknowledged, commented): replaces this node's copy, when it knows the alert. */
  private adopt(alert: AlertDto): void {
    if (typeof alert?.id !== 'string' || !this.history.has(alert.id)) return;
    this.settle();
    if (alert.state !== 'resolved') this.alerting.replace(alert);
    this.remember(alert);
    this.bus.emit('alert.restored', alert);
  }

  /**
   * An accepted reading: applies the threshold rules in force for its station. The readings announced in one go
   * (the spool flush of one event-loop turn) are evaluated together right after it (a microtask), sorted by
   * measurement time, so a burst or a backlog is evaluated oldest first; one that arrives later than newer readings
   * of its station is evaluated in its place by the engine (libs/alerting, re-evaluation horizon).
   */
  onReading(reading: Reading): void {
    if (this.liveSince) {
      const since = this.liveSince.get(reading.station);
      if (since === undefined || reading.time < since) this.liveSince.set(reading.station, reading.time);
    }
    if (this.pending.push(reading) === 1) queueMicrotask(() => this.settle());
  }

  /** Evaluates the readings still pending (also before any read of the alerts, so a caller sees its readings'). */
  private settle(): void {
    if (this.pending.length === 0) return;
    // Swapped first: a listener reading the alerts during this evaluation must not evaluate these readings again.
    const readings = this.pending.sort(byMeasurementTime);
    this.pending = this.settling;
    this.settling = readings;
    const late = this.alerting.lateReadings();
    for (const reading of readings) {
      try {
        const transitions = this.alerting.evaluate(reading, this.registry.rulesFor(reading.station, reading.time));
        for (const transition of transitions) this.publish(transition);
      } catch (error) {
        // The reading is stored; one failure must not stop the others' evaluation.
        this.logger.error(`alert evaluation of a ${reading.station} reading failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
    readings.length = 0;
    const now = this.alerting.lateReadings();
    if (now.reevaluated > late.reevaluated) this.metrics.lateValues.inc({ outcome: 'reevaluated' }, now.reevaluated - late.reevaluated);
    if (now.beyondHorizon > late.beyondHorizon) this.metrics.lateValues.inc({ outcome: 'beyond_horizon' }, now.beyondHorizon - late.beyondHorizon);
  }

  /**
   * A new version of an alert: kept here at once; stored (AlertsRepository), logged and announced (`alert.changed`:
   * station state, notifications, socket.io) once across the nodes ({@link ClusterService.announce}; at once on a
   * single node). With several nodes every node computes the same change, so the others only update their station
   * state (`alert.restored`).
   */
  private publish(event: AlertTransition | AlertEventDto, options: AnnounceOptions = {}): void {
    const { alert, change } = event;
    if (change === 'raised') this.raisedHere.set(alert.id, Date.now());
    // A severity rise re-opens the wait for an acknowledgement.
    if (change === 'updated' && alert.state === 'active' && !alert.escalatedAt && this.raisedHere.has(alert.id)) {
      const previous = this.history.get(alert.id);
      if (previous && previous.severity !== alert.severity) this.raisedHere.set(alert.id, Date.now());
    }
    if (change === 'resolved') this.raisedHere.delete(alert.id);
    this.remember(alert);
    if (this.cluster.enabled) this.bus.emit('alert.restored', alert);
    this.cluster.announce(
      announcementKey(change, alert),
      alert.station,
      () => {
        this.metrics.alertTransitions.inc({ change });
        this.alertStates.append(alert);
        if (change === 'raised' || change === 'resolved') {
          this.logger.log(
            `alert ${change}: ${alert.station} ${alert.parameter} ${alert.lastValue} ${alert.unit} [${alert.severity}] (${alert.source.document} ${alert.source.clause})`,
          );
        }
        this.bus.emit('alert.changed', { change, alert });
      },
      // The deadman's offline alerts are named after each node's check time: its owner announces them. The
      // ingester's own alerts (link down, broker drops) are each node's own facts: each announces its own.
      alert.type === 'offline' ? { ...options, ownerOnly: true } : alert.type === 'system' ? { ...options, immediate: true } : options,
    );
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

import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { REJECTION_REASONS, type NormalisationRule } from '@langxanh/contracts';

/**
 * Prometheus metrics of the ingester (served at `GET /api/metrics`), also summarised in `GET /api/health`.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  /**
   * Counts by label value not yet added to `messages` and `normalisations`: plain numbers on the per-message path
   * (a labelled `inc` hashes and validates its labels on every call), added when the counter is read (`collect`).
   */
  private readonly uncountedMessages = new Map<string, number>();
  private readonly uncountedNormalisations = new Map<string, number>();
  readonly messages = new Counter({
    name: 'langxanh_mqtt_messages_total',
    help: 'MQTT messages received, by channel',
    labelNames: ['channel'] as const,
    registers: [this.registry],
    collect: () => addUncounted(this.uncountedMessages, (channel, n) => this.messages.inc({ channel }, n)),
  });
  readonly readingsAccepted = new Counter({
    name: 'langxanh_readings_accepted_total',
    help: 'Readings accepted and handed to storage',
    registers: [this.registry],
  });
  readonly rejections = new Counter({
    name: 'langxanh_rejections_total',
    help: 'Rejected messages or values, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly normalisations = new Counter({
    name: 'langxanh_normalisations_total',
    help: 'Values or messages accepted after a normalisation, by contract rule',
    labelNames: ['rule'] as const,
    registers: [this.registry],
    collect: () => addUncounted(this.uncountedNormalisations, (rule, n) => this.normalisations.inc({ rule }, n)),
  });
  readonly retainedReplays = new Counter({
    name: 'langxanh_retained_replays_total',
    help: 'Retained readings replayed by the broker on subscribe and recognised by their time (not stored again)',
    registers: [this.registry],
  });
  readonly tt10Files = new Counter({
    name: 'langxanh_tt10_files_total',
    help: 'TT 10 files taken from the FTP folders, by outcome: processed, rejected (moved to rejected/ with a reason), duplicate (same content already processed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly duplicateReadings = new Counter({
    name: 'langxanh_duplicate_readings_total',
    help: 'Readings that repeat exactly the values a station already gave at that millisecond (an idempotent redelivery: not stored or announced again)',
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'langxanh_dead_letters_total',
    help: 'Rejected messages published to the dead-letter topic',
    registers: [this.registry],
  });
  readonly spooled = new Counter({
    name: 'langxanh_spooled_lines_total',
    help: 'Lines (readings and alert states) appended to the on-disk spool',
    registers: [this.registry],
  });
  readonly spoolDepthLines = new Gauge({
    name: 'langxanh_spool_depth_lines',
    help: 'Lines in the spool not yet written to InfluxDB',
    registers: [this.registry],
  });
  readonly spoolDepthBytes = new Gauge({
    name: 'langxanh_spool_depth_bytes',
    help: 'Bytes in the spool not yet written to InfluxDB',
    registers: [this.registry],
  });
  readonly spoolAgeSeconds = new Gauge({
    name: 'langxanh_spool_age_seconds',
    help: 'Age of the oldest line not yet written to InfluxDB (0 when none)',
    registers: [this.registry],
  });
  readonly spoolFull = new Gauge({
    name: 'langxanh_spool_full',
    help: '1 while the spool is at its bound (SPOOL_FULL_POLICY applies)',
    registers: [this.registry],
  });
  readonly averagesWarmUpStations = new Gauge({
    name: 'langxanh_averages_warmup_stations',
    help: 'Averaging windows warm-up from storage: stations warmed, failed (last attempt) and in total (health: averages)',
    labelNames: ['count'] as const,
    registers: [this.registry],
  });
  readonly averagesWarming = new Gauge({
    name: 'langxanh_averages_warming',
    help: '1 while the averaging windows are still being warmed up from storage in the background, else 0',
    registers: [this.registry],
  });
  readonly spoolDropped = new Counter({
    name: 'langxanh_spool_dropped_lines_total',
    help: 'Lines deleted unwritten from a full spool under SPOOL_FULL_POLICY=drop-oldest (expected to stay 0)',
    registers: [this.registry],
  });
  readonly pointsWritten = new Counter({
    name: 'langxanh_points_written_total',
    help: 'Points confirmed written to InfluxDB',
    registers: [this.registry],
  });
  readonly writeFailures = new Counter({
    name: 'langxanh_write_failures_total',
    help: 'Failed InfluxDB write requests (retried from the spool)',
    registers: [this.registry],
  });
  readonly writeLatency = new Histogram({
    name: 'langxanh_write_duration_seconds',
    help: 'Duration of successful InfluxDB write requests',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly pointsDropped = new Counter({
    name: 'langxanh_points_dropped_total',
    help: 'Points that will never reach InfluxDB: refused by it (HTTP 4xx, kept in the quarantine folder; of a partial write only the refused lines) or dropped from a full spool (expected to stay 0)',
    registers: [this.registry],
  });
  readonly quarantinedLines = new Counter({
    name: 'langxanh_quarantined_lines_total',
    help: 'Spool lines set aside in {SPOOL_DIR}/quarantine/ instead of written: refused for good by InfluxDB (HTTP 4xx) or longer than a write batch (oversize)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly unacknowledged = new Counter({
    name: 'langxanh_unacknowledged_messages_total',
    help: 'Messages not acknowledged to the broker because they could not be made durable (the broker redelivers them)',
    registers: [this.registry],
  });
  readonly brokerReconnects = new Counter({
    name: 'langxanh_broker_reconnects_total',
    help: 'Reconnection attempts to the MQTT broker',
    registers: [this.registry],
  });
  readonly lateValues = new Counter({
    name: 'langxanh_alert_late_values_total',
    help: 'Values older than the newest evaluated one of their station and parameter: re-evaluated in their place (reevaluated) or, older than the re-evaluation horizon, only stored and averaged (beyond_horizon)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly alertTransitions = new Counter({
    name: 'langxanh_alert_transitions_total',
    help: 'Alert changes, by kind of change',
    labelNames: ['change'] as const,
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'langxanh_notifications_total',
    help: 'Alert notifications by channel and outcome (sent, failed after every retry, suppressed by a silence, retried)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly sessionTakeovers = new Counter({
    name: 'langxanh_broker_session_takeovers_total',
    help: 'MQTT session take-overs detected: another client connected with the ingester client id',
    registers: [this.registry],
  });
  readonly brokerDropped = new Gauge({
    name: 'langxanh_broker_dropped_messages',
    help: "The broker's own count of dropped messages since it started ($SYS/broker/publish/messages/dropped, any client)",
    registers: [this.registry],
  });
  readonly brokerDroppedObserved = new Counter({
    name: 'langxanh_broker_dropped_messages_observed_total',
    help: "Growth of the broker's dropped-message counter seen by this ingester (broker restarts added up)",
    registers: [this.registry],
  });
  readonly brokerConnected = new Gauge({
    name: 'langxanh_broker_connected',
    help: '1 when connected to the MQTT broker',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const reason of REJECTION_REASONS) this.rejections.inc({ reason }, 0);
  }

  /** Current value of a counter without labels, or a map label → value. */
  /** Counts one received message of `channel` in `langxanh_mqtt_messages_total` (as `messages.inc({channel})`). */
  countMessage(channel: 'reading' | 'status' | 'unknown'): void {
    this.uncountedMessages.set(channel, (this.uncountedMessages.get(channel) ?? 0) + 1);
  }

  /** Counts one normalisation by `rule` in `langxanh_normalisations_total` (as `normalisations.inc({rule})`). */
  countNormalisation(rule: NormalisationRule): void {
    this.uncountedNormalisations.set(rule, (this.uncountedNormalisations.get(rule) ?? 0) + 1);
  }

  async total(counter: Counter): Promise<number> {
    const { values } = await counter.get();
    return values.reduce((sum, v) => sum + v.value, 0);
  }

  async rejectionsByReason(): Promise<Record<string, number>> {
    const { values } = await this.rejections.get();
    return Object.fromEntries(values.filter((v) => v.value > 0).map((v) => [String(v.labels.reason), v.value]));
  }
}

/** Hands each pending count of `counts` to `add` and clears them. */
function addUncounted(counts: Map<string, number>, add: (label: string, count: number) => void): void {
  for (const [label, count] of counts) add(label, count);
  counts.clear();
}

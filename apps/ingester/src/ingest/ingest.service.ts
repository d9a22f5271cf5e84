import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  STATION_KINDS,
  buildDeadLetter,
  deadLetterTopic,
  parseTopic,
  validateReading,
  type Reading,
  type Rejection,
} from '@langxanh/contracts';
import { DomainEventBus } from '../common/domain-events';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';
import { RegistryService } from '../registry/registry.service';
import { StationStateService } from '../stations/station-state.service';
import { SpoolFullError, StorageAdapter } from '../storage/storage.adapter';

/**
 * The ingest stage: every MQTT message is validated against the contract; an accepted reading is appended to the
 * spool (the durability point: the message is acknowledged to the broker only when this returned) and announced on
 * the domain bus; every rejection is counted by reason, logged (sampled) and published with its original payload to
 * the dead-letter topic; every normalisation is counted by rule. The process never stops on bad input.
 *
 * Retained readings (replayed by the broker on every subscribe) whose time is not newer than the newest reading
 * already seen from that station are recognised and skipped: no second point, no alert, no change of last-seen.
 */
@Injectable()
export class IngestService implements OnModuleInit {
  private readonly logger = new Logger(IngestService.name);
  private readonly maxBytes: number;
  private readonly deadLetterPrefix: string;
  /** Rejection log lines are sampled: the first per reason, then one per 1 000. */
  private readonly rejectionLogCount = new Map<string, number>();
  /** Newest reading time seen per station (epoch ms), restored from InfluxDB at start-up. */
  private readonly newestSeen = new Map<string, number>();
  /** Readings queued in the spool's write buffer (see {@link flush}), announced once they are durable. */
  private queued: Reading[] = [];

  constructor(
    private readonly mqtt: MqttAdapter,
    private readonly registry: RegistryService,
    private readonly storage: StorageAdapter,
    private readonly stations: StationStateService,
    private readonly metrics: MetricsService,
    private readonly bus: DomainEventBus,
    config: ConfigService<Env, true>,
  ) {
    this.maxBytes = config.get('MAX_PAYLOAD_BYTES', { infer: true });
    this.deadLetterPrefix = config.get('DEAD_LETTER_TOPIC_PREFIX', { infer: true });
  }

  async onModuleInit(): Promise<void> {
    this.mqtt.onMessage(
      (topic, payload, retained, held) => this.handle(topic, payload, Date.now(), retained, held),
      () => this.flush(),
    );
    for (const kind of STATION_KINDS) {
      try {
        for (const [station, { time }] of await this.storage.storage.latestByStation(kind)) {
          this.newestSeen.set(station, time);
        }
      } catch (error) {
        this.logger.warn(`could not read the newest ${kind} reading times (retained replays may be stored again, harmlessly): ${(error as Error).message}`);
      }
    }
  }

  /**
   * Handles one message. Public for tests; `now` is the arrival time (epoch ms).
   * Returns when the message may be acknowledged; a promise while the spool is full (SPOOL_FULL_POLICY=block).
   * With `deferred` (the MQTT adapter holds the acknowledgement until it calls {@link flush}), an accepted reading
   * is only queued for the spool: the message may be acknowledged once `flush` returned.
   * @throws Node's fs errors when the spool cannot be written (the message must then not be acknowledged).
   */
  handle(topic: string, payload: Buffer, now: number, retained = false, deferred = false): void | Promise<void> {
    const parts = parseTopic(topic);
    if (!parts) {
      this.metrics.countMessage('unknown');
      this.reject(topic, payload, now, [{ reason: 'bad_topic', detail: 'not langxanh/v1/{cluster}/{kind}/{station}/{reading|status}' }]);
      return;
    }
    this.metrics.countMessage(parts.channel);
    if (parts.channel === 'status') {
      this.handleStatus(topic, parts.station, payload, now);
      return;
    }
    const outcome = validateReading(parts, payload, { stations: this.registry.stations, now, maxBytes: this.maxBytes });
    for (const normalisation of outcome.normalisations) this.metrics.countNormalisation(normalisation.rule);
    if (outcome.rejections.length > 0) this.reject(topic, payload, now, outcome.rejections);
    const reading = outcome.reading;
    if (!reading) return;
    if (retained && reading.time <= (this.newestSeen.get(reading.station) ?? Number.NEGATIVE_INFINITY)) {
      this.metrics.retainedReplays.inc();
      return;
    }
    if (deferred) {
      try {
        this.storage.queueReading(reading);
        this.queued.push(reading);
        return;
      } catch (error) {
        if (!(error instanceof SpoolFullError)) throw error;
        return this.storage.whenWritable().then(() => this.store(reading));
      }
    }
    return this.store(reading);
  }

  /**
   * Appends the readings queued by deferred {@link handle} calls to the spool in one write, then announces them
   * (`reading.accepted`). Their messages may be acknowledged once this returned.
   * @throws Node's fs errors when the spool cannot be written: none of them is stored nor announced, and their
   *   messages must not be acknowledged.
   */
  flush(): void {
    if (this.queued.length === 0) return;
    const readings = this.queued;
    this.queued = [];
    this.storage.flushQueued();
    this.metrics.readingsAccepted.inc(readings.length);
    for (const reading of readings) this.accepted(reading);
  }

  private store(reading: Reading): void | Promise<void> {
    try {
      this.storage.writeReading(reading);
    } catch (error) {
      if (!(error instanceof SpoolFullError)) throw error;
      // SPOOL_FULL_POLICY=block: hold this message (and, through mqtt.js, the ones behind it) until there is room.
      return this.storage.whenWritable().then(() => this.store(reading));
    }
    this.metrics.readingsAccepted.inc();
    this.accepted(reading);
  }

  private accepted(reading: Reading): void {
    const newest = this.newestSeen.get(reading.station);
    if (newest === undefined || reading.time > newest) this.newestSeen.set(reading.station, reading.time);
    try {
      this.bus.emit('reading.accepted', reading);
    } catch (error) {
      // The reading is stored; a failing listener must not stop its acknowledgement.
      this.logger.error(`a reading.accepted listener failed: ${(error as Error).stack ?? String(error)}`);
    }
  }

  private handleStatus(topic: string, station: string, payload: Buffer, now: number): void {
    if (payload.byteLength > this.maxBytes) {
      this.reject(topic, payload, now, [{ reason: 'too_large', detail: `${payload.byteLength} bytes > ${this.maxBytes}` }]);
      return;
    }
    if (!this.registry.get(station)) {
      this.reject(topic, payload, now, [{ reason: 'unknown_station', detail: `station "${station}" is not in the registry` }]);
      return;
    }
    // An empty retained message clears the station's status topic: nothing to record.
    if (payload.byteLength === 0) return;
    const text = payload.toString('utf8').trim();
    if (text === 'online' || text === 'offline') this.stations.onAnnouncement(station, text, now);
    else this.reject(topic, payload, now, [{ reason: 'bad_shape', detail: `status must be online|offline, got ${text.slice(0, 40)}` }]);
  }

  private reject(topic: string, payload: Buffer, now: number, rejections: readonly Rejection[]): void {
    for (const rejection of rejections) {
      this.metrics.rejections.inc({ reason: rejection.reason });
      const seen = (this.rejectionLogCount.get(rejection.reason) ?? 0) + 1;
      this.rejectionLogCount.set(rejection.reason, seen);
      if (seen === 1 || seen % 1000 === 0) {
        this.logger.warn(
          `rejected (${rejection.reason}, #${seen}) on ${topic.slice(0, 200)}${rejection.parameter ? ` [${rejection.parameter}]` : ''}: ${rejection.detail}`,
        );
      }
    }
    this.deadLetter(topic, payload, now, rejections);
  }

  /**
   * Publishes the original message and why it was (partly) rejected to `{DEAD_LETTER_TOPIC_PREFIX}/{first reason}`,
   * QoS 0, as JSON `{topic, receivedAt, reasons: [{reason, parameter?, detail}], payloadBase64, payloadBytes,
   * truncated}`. Fire-and-forget: a dead letter never delays valid readings.
   */
  private deadLetter(topic: string, payload: Buffer, now: number, rejections: readonly Rejection[]): void {
    const first = rejections[0];
    if (!this.deadLetterPrefix || !first) return;
    const body = JSON.stringify(buildDeadLetter(topic, payload, now, rejections));
    this.metrics.deadLetters.inc();
    void this.mqtt.publish(deadLetterTopic(this.deadLetterPrefix, first.reason), body, { qos: 0 });
  }
}

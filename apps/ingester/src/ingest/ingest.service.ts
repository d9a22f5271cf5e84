import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { parseTopic, validateReading, type Rejection } from '@langxanh/contracts';
import { DomainEventBus } from '../common/domain-events';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';
import { RegistryService } from '../registry/registry.service';
import { StationStateService } from '../stations/station-state.service';
import { StorageAdapter } from '../storage/storage.adapter';

/**
 * The ingest stage: every MQTT message is validated against the contract; an accepted reading is handed to
 * storage and announced on the domain bus; every rejection is counted by reason and logged (sampled), and the
 * process never stops on bad input.
 */
@Injectable()
export class IngestService implements OnModuleInit {
  private readonly logger = new Logger(IngestService.name);
  private readonly maxBytes: number;
  /** Rejection log lines are sampled: the first per reason, then one per 1 000. */
  private readonly rejectionLogCount = new Map<string, number>();

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
  }

  onModuleInit(): void {
    this.mqtt.onMessage((topic, payload) => this.handle(topic, payload, Date.now()));
  }

  /** Handles one message. Public for tests; `now` is the arrival time (epoch ms). */
  handle(topic: string, payload: Buffer, now: number): void {
    const parts = parseTopic(topic);
    if (!parts) {
      this.metrics.messages.inc({ channel: 'unknown' });
      this.reject(topic, [{ reason: 'bad_topic', detail: 'not langxanh/v1/{cluster}/{kind}/{station}/{reading|status}' }]);
      return;
    }
    this.metrics.messages.inc({ channel: parts.channel });
    if (parts.channel === 'status') {
      if (payload.byteLength > this.maxBytes) {
        this.reject(topic, [{ reason: 'too_large', detail: `${payload.byteLength} bytes > ${this.maxBytes}` }]);
        return;
      }
      if (!this.registry.get(parts.station)) {
        this.reject(topic, [{ reason: 'unknown_station', detail: `station "${parts.station}" is not in the registry` }]);
        return;
      }
      // An empty retained message clears the station's status topic: nothing to record.
      if (payload.byteLength === 0) return;
      const text = payload.toString('utf8').trim();
      if (text === 'online' || text === 'offline') this.stations.onAnnouncement(parts.station, text, now);
      else this.reject(topic, [{ reason: 'bad_shape', detail: `status must be online|offline, got ${text.slice(0, 40)}` }]);
      return;
    }
    const outcome = validateReading(parts, payload, { stations: this.registry.stations, now, maxBytes: this.maxBytes });
    if (outcome.rejections.length > 0) this.reject(topic, outcome.rejections);
    if (!outcome.reading) return;
    this.storage.storage.writeReading(outcome.reading);
    this.metrics.readingsAccepted.inc();
    this.bus.emit('reading.accepted', outcome.reading);
  }

  private reject(topic: string, rejections: readonly Rejection[]): void {
    for (const rejection of rejections) {
      this.metrics.rejections.inc({ reason: rejection.reason });
      const seen = (this.rejectionLogCount.get(rejection.reason) ?? 0) + 1;
      this.rejectionLogCount.set(rejection.reason, seen);
      if (seen === 1 || seen % 1000 === 0) {
        this.logger.warn(
          `rejected (${rejection.reason}, #${seen}) on ${topic}${rejection.parameter ? ` [${rejection.parameter}]` : ''}: ${rejection.detail}`,
        );
      }
    }
  }
}

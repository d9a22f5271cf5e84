import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Rejection } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';

/** Bytes of the original payload carried in a dead letter (base64); longer payloads are cut and flagged. */
const DEAD_LETTER_PAYLOAD_BYTES = 65_536;

/** Rejected messages, published with their original payload and reasons to the dead-letter topic. */
@Injectable()
export class DeadLetters {
  private readonly prefix: string;

  constructor(
    private readonly mqtt: MqttAdapter,
    private readonly metrics: MetricsService,
    config: ConfigService<Env, true>,
  ) {
    this.prefix = config.get('DEAD_LETTER_TOPIC_PREFIX', { infer: true });
  }

  /**
   * Publishes the original message and why it was (partly) rejected to `{DEAD_LETTER_TOPIC_PREFIX}/{first reason}`,
   * QoS 0, as JSON `{topic, receivedAt, reasons: [{reason, parameter?, detail}], payloadBase64, payloadBytes,
   * truncated}`. Fire-and-forget: a dead letter never delays valid readings.
   */
  publish(topic: string, payload: Buffer, now: number, rejections: readonly Rejection[]): void {
    const first = rejections[0];
    if (!this.prefix || !first) return;
    const truncated = payload.byteLength > DEAD_LETTER_PAYLOAD_BYTES;
    const body = JSON.stringify({
      topic: topic.slice(0, 1024),
      receivedAt: new Date(now).toISOString(),
      reasons: rejections.map((r) => ({ reason: r.reason, ...(r.parameter ? { parameter: r.parameter } : {}), detail: r.detail })),
      payloadBase64: (truncated ? payload.subarray(0, DEAD_LETTER_PAYLOAD_BYTES) : payload).toString('base64'),
      payloadBytes: payload.byteLength,
      truncated,
    });
    this.metrics.deadLetters.inc();
    void this.mqtt.publish(`${this.prefix}/${first.reason}`, body, { qos: 0 });
  }
}

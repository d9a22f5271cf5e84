import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { buildDeadLetter, deadLetterTopic, type Rejection } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { MqttAdapter } from '../mqtt/mqtt.adapter';

/** Rejected messages, published with their original payload and reasons to the dead-letter topic. */
/** Node's base64 of a byte range (the contracts lib, which also runs in browsers, takes it as a parameter). */
const base64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

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
   * QoS 0, as JSON `DeadLetter` (libs/contracts). Fire-and-forget: a dead letter never delays valid readings.
   */
  publish(topic: string, payload: Buffer, now: number, rejections: readonly Rejection[]): void {
    const first = rejections[0];
    if (!this.prefix || !first) return;
    const body = JSON.stringify(buildDeadLetter(topic, payload, now, rejections, base64));
    this.metrics.deadLetters.inc();
    void this.mqtt.publish(deadLetterTopic(this.prefix, first.reason), body, { qos: 0 });
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import mqtt, { type MqttClient } from 'mqtt';
import { READING_SUBSCRIPTION, STATUS_SUBSCRIPTION } from '@langxanh/contracts';
import type { Env } from '../config/env';

/** Receives every message of the ingester's subscriptions: topic, raw payload, retained flag. */
export type MessageHandler = (topic: string, payload: Buffer, retained: boolean) => void;

/**
 * The ingester's MQTT connection (mqtt.js): subscribes at QoS 1 to every station's `…/reading` and `…/status`
 * topic with a fixed client id and a persistent session (`clean: false`), reconnects with mqtt.js's periodic
 * retry and resubscribes on every connect whether or not the broker kept the session.
 */
@Injectable()
export class MqttAdapter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MqttAdapter.name);
  private client?: MqttClient;
  private handler: MessageHandler = () => undefined;
  readonly url: string;

  constructor(private readonly config: ConfigService<Env, true>) {
    this.url = config.get('MQTT_URL', { infer: true });
  }

  /** Sets the single consumer of incoming messages (the ingest service). */
  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connects once every other provider is initialised (alerts restored, storage connected). */
  onApplicationBootstrap(): void {
    const client = mqtt.connect(this.url, {
      clientId: this.config.get('MQTT_CLIENT_ID', { infer: true }),
      clean: false,
      keepalive: 30,
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
      username: this.config.get('MQTT_USERNAME', { infer: true }),
      password: this.config.get('MQTT_PASSWORD', { infer: true }),
      resubscribe: false,
    });
    this.client = client;
    client.on('connect', (connack) => {
      this.logger.log(`connected to ${this.url} (session present: ${connack.sessionPresent})`);
      client.subscribe(
        { [READING_SUBSCRIPTION]: { qos: 1 }, [STATUS_SUBSCRIPTION]: { qos: 1 } },
        (error, granted) => {
          if (error) this.logger.error(`subscribe failed: ${error.message}`);
          else this.logger.log(`subscribed: ${granted?.map((g) => `${g.topic} (QoS ${g.qos})`).join(', ')}`);
        },
      );
    });
    client.on('message', (topic, payload, packet) => {
      try {
        this.handler(topic, payload, packet.retain);
      } catch (error) {
        this.logger.error(`message handler failed on ${topic}: ${(error as Error).stack ?? String(error)}`);
      }
    });
    client.on('reconnect', () => this.logger.warn(`reconnecting to ${this.url}`));
    client.on('offline', () => this.logger.warn('broker connection offline'));
    client.on('error', (error) => this.logger.error(`mqtt error: ${error.message}`));
  }

  /**
   * Publishes `payload` on `topic` (used for the alert topic `langxanh/v1/{cluster}/alerts`); resolves once the
   * broker acknowledged a QoS 1 message. @throws Error when not connected, or after `timeoutMs` without an ack.
   */
  async publish(topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }, timeoutMs = 10_000): Promise<void> {
    const client = this.client;
    if (!client?.connected) throw new Error(`not connected to ${this.url}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no PUBACK for ${topic} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([client.publishAsync(topic, payload, options), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
  }
}

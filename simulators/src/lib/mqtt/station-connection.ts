import { readingTopic, statusTopic, type ReadingPayload, type RegisteredStation } from '@langxanh/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from '../logger';

/** Where and how to connect. */
export interface BrokerOptions {
  /** e.g. `mqtt://127.0.0.1:1883`. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Client ids are `{prefix}-{station}-{pid}`; default `langxanh-sim`. */
  readonly clientIdPrefix?: string;
  /** How long the first connection may take (the client keeps retrying meanwhile), ms. Default 30 000. */
  readonly connectTimeoutMs?: number;
}

/** The retained payloads of the `…/status` topic. */
export const STATUS_ONLINE = 'online';
export const STATUS_OFFLINE = 'offline';

/** Thrown when the broker could not be reached in time. */
export class BrokerConnectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerConnectError';
  }
}

/**
 * One station's MQTT session, as a real datalogger would hold it: its own connection, a last will `offline`
 * (retained, QoS 1) on its status topic, a retained `online` published on every (re)connect, readings at QoS 1,
 * and an explicit retained `offline` before a clean disconnect (a clean DISCONNECT discards the will).
 */
export class StationConnection {
  readonly readingTopic: string;
  readonly statusTopic: string;
  private client?: MqttClient;
  private pendingCount = 0;

  constructor(
    readonly registered: RegisteredStation,
    private readonly broker: BrokerOptions,
    private readonly log?: Logger,
  ) {
    const { cluster, station } = registered;
    this.readingTopic = readingTopic(cluster.id, station.kind, station.id);
    this.statusTopic = statusTopic(cluster.id, station.kind, station.id);
  }

  get stationId(): string {
    return this.registered.station.id;
  }

  /** Publishes awaiting their PUBACK. */
  get pending(): number {
    return this.pendingCount;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Connects; resolves once connected and `online` is queued, rejects with {@link BrokerConnectError} on timeout. */
  async connect(): Promise<void> {
    const timeoutMs = this.broker.connectTimeoutMs ?? 30_000;
    const client = mqtt.connect(this.broker.url, {
      clientId: `${this.broker.clientIdPrefix ?? 'langxanh-sim'}-${this.stationId}-${process.pid.toString(36)}`,
      clean: true,
      keepalive: 30,
      reconnectPeriod: 1_000,
      connectTimeout: Math.min(timeoutMs, 10_000),
      username: this.broker.username,
      password: this.broker.password,
      will: { topic: this.statusTopic, payload: Buffer.from(STATUS_OFFLINE), qos: 1, retain: true },
    });
    this.client = client;
    let lastError: Error | undefined;
    client.on('error', (error) => {
      lastError = error;
    });
    client.on('connect', () => {
      client.publishAsync(this.statusTopic, STATUS_ONLINE, { qos: 1, retain: true }).catch((error: Error) => {
        this.log?.warn(`${this.stationId}: could not publish online status: ${error.message}`);
      });
    });
    client.on('offline', () =>
      this.log?.warn(`${this.stationId}: disconnected from ${this.broker.url}, reconnecting`),
    );

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.removeListener('connect', onConnect);
        client.end(true);
        reject(
          new BrokerConnectError(
            `no connection to ${this.broker.url} within ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`,
          ),
        );
      }, timeoutMs);
      const onConnect = (): void => {
        clearTimeout(timer);
        resolve();
      };
      client.once('connect', onConnect);
    });
  }

  /** Publishes one reading at QoS 1; resolves on PUBACK. */
  async publishReading(payload: ReadingPayload): Promise<void> {
    await this.publish(this.readingTopic, JSON.stringify(payload));
  }

  /** Publishes a payload at QoS 1 on any topic of this session (raw payloads: load tools, malformed-message tests). */
  async publish(topic: string, payload: string): Promise<void> {
    const client = this.requireClient();
    this.pendingCount++;
    try {
      await client.publishAsync(topic, payload, { qos: 1 });
    } finally {
      this.pendingCount--;
    }
  }

  /**
   * Publishes the retained `offline` (if connected, waiting up to `timeoutMs` for it) and disconnects cleanly.
   * If the connection is down, the broker has already published the last will.
   */
  async close(timeoutMs = 5_000): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = undefined;
    if (client.connected) {
      try {
        await withTimeout(
          client.publishAsync(this.statusTopic, STATUS_OFFLINE, { qos: 1, retain: true }),
          timeoutMs,
        );
        await withTimeout(client.endAsync(), timeoutMs);
        return;
      } catch (error) {
        this.log?.warn(`${this.stationId}: clean disconnect failed (${(error as Error).message}); forcing`);
      }
    }
    await client.endAsync(true);
  }

  private requireClient(): MqttClient {
    if (!this.client) throw new Error(`${this.stationId}: not connected`);
    return this.client;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

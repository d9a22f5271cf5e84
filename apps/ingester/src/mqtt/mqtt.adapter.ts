import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Duplex } from 'node:stream';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { READING_SUBSCRIPTION, STATUS_SUBSCRIPTION } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Receives every message of the ingester's subscriptions. Returning (or resolving) means "durable": only then is the
 * message acknowledged (PUBACK) to the broker. Throwing (or rejecting) means it could not be made durable: it is not
 * acknowledged, and the connection is restarted so that the broker delivers it again.
 * `held` true: the acknowledgement is held until the {@link FlushHandler} returned at the end of the event-loop turn,
 * so a synchronous return may leave the message's data to that flush.
 */
export type MessageHandler = (
  topic: string,
  payload: Buffer,
  retained: boolean,
  held: boolean,
) => void | Promise<void>;

/**
 * Called at the end of each event-loop turn in which messages were handled with `held`, before their PUBACKs are
 * sent. Throwing means none of those messages is durable: none is acknowledged, and the connection is restarted.
 */
export type FlushHandler = () => void;

/** Broker connection state for health (`GET /api/health`). */
export interface BrokerState {
  readonly connected: boolean;
  readonly url: string;
  /** ISO 8601 UTC of the last change of `connected`. */
  readonly since: string;
  /** Reconnection attempts since the last successful connection. */
  readonly reconnectAttempts: number;
  readonly lastError?: string;
}

/**
 * The ingester's MQTT connection (mqtt.js), at-least-once from the broker to storage:
 * - QoS 1 subscriptions to every station's `…/reading` and `…/status` topic, a fixed client id and a persistent
 *   session (`clean: false`), resubscribed on every connect whether or not the broker kept the session;
 * - a message is acknowledged only after the {@link MessageHandler} returned — i.e. after the reading is in the
 *   on-disk spool (mqtt.js `handleMessage`, which holds the PUBACK until its callback);
 * - reconnection with exponential back-off (MQTT_RECONNECT_MIN_MS doubling to MQTT_RECONNECT_MAX_MS);
 * - a half-open connection (a frozen broker) is detected by mqtt.js's keep-alive: no PINGRESP within 1.5 × the
 *   keep-alive closes the connection (MQTT_KEEPALIVE_S).
 */
@Injectable()
export class MqttAdapter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MqttAdapter.name);
  private client?: MqttClient;
  private handler: MessageHandler = () => undefined;
  private flush: FlushHandler = () => undefined;
  private state: { connected: boolean; since: number; reconnectAttempts: number; lastError?: string } = {
    connected: false,
    since: Date.now(),
    reconnectAttempts: 0,
  };
  /**
   * The PUBACKs of this event-loop turn, held until its end (packet ids), with the connection they belong to; none
   * outside a turn.
   */
  private turn?: { stream: Duplex; acks: number[] };
  readonly url: string;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
  ) {
    this.url = config.get('MQTT_URL', { infer: true });
  }

  /** Sets the single consumer of incoming messages (the ingest service) and its end-of-turn flush. */
  onMessage(handler: MessageHandler, flush: FlushHandler = () => undefined): void {
    this.handler = handler;
    this.flush = flush;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  broker(): BrokerState {
    return {
      connected: this.connected,
      url: this.url,
      since: new Date(this.state.since).toISOString(),
      reconnectAttempts: this.state.reconnectAttempts,
      ...(this.state.lastError ? { lastError: this.state.lastError } : {}),
    };
  }

  /**
   * Publishes a message of the ingester's own (dead letters, alert notifications). Never throws: a failure is
   * logged and returned as false.
   */
  async publish(
    topic: string,
    payload: string | Buffer,
    options: { qos: 0 | 1; retain?: boolean },
  ): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      await client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain ?? false });
      return true;
    } catch (error) {
      this.logger.warn(`publish to ${topic} failed: ${(error as Error).message}`);
      return false;
    }
  }

  /** Connects once every other provider is initialised (alerts restored, storage connected). */
  onApplicationBootstrap(): void {
    const minDelay = this.config.get('MQTT_RECONNECT_MIN_MS', { infer: true });
    const maxDelay = this.config.get('MQTT_RECONNECT_MAX_MS', { infer: true });
    const client = mqtt.connect(this.url, {
      clientId: this.config.get('MQTT_CLIENT_ID', { infer: true }),
      clean: false,
      keepalive: this.config.get('MQTT_KEEPALIVE_S', { infer: true }),
      reconnectPeriod: minDelay,
      connectTimeout: this.config.get('MQTT_CONNECT_TIMEOUT_MS', { infer: true }),
      username: this.config.get('MQTT_USERNAME', { infer: true }),
      password: this.config.get('MQTT_PASSWORD', { infer: true }),
      resubscribe: false,
      // Our own QoS 0 messages (dead letters) are not queued in memory while offline.
      queueQoSZero: false,
      // mqtt.js calls its `debug` logger about ten times per message (a measurable share of the ingester's CPU under
      // load even when disabled); it is only kept when DEBUG is set, so DEBUG=mqttjs* still shows its output.
      ...(process.env['DEBUG'] ? {} : { log: () => undefined }),
    });
    this.client = client;
    client.handleMessage = (packet, callback) => this.deliver(client, packet, callback);
    this.interceptPubacks(client);
    client.on('connect', (connack) => {
      this.logger.log(
        `connected to ${this.url} (session present: ${connack.sessionPresent}` +
          `${this.state.reconnectAttempts > 0 ? `, after ${this.state.reconnectAttempts} attempts` : ''})`,
      );
      this.setConnected(true);
      this.state.reconnectAttempts = 0;
      client.options.reconnectPeriod = minDelay;
      client.subscribe(
        { [READING_SUBSCRIPTION]: { qos: 1 }, [STATUS_SUBSCRIPTION]: { qos: 1 } },
        (error, granted) => {
          if (error) this.logger.error(`subscribe failed: ${error.message}`);
          else this.logger.log(`subscribed: ${granted?.map((g) => `${g.topic} (QoS ${g.qos})`).join(', ')}`);
        },
      );
    });
    client.on('close', () => {
      if (this.state.connected) this.logger.warn(`connection to ${this.url} closed`);
      this.setConnected(false);
    });
    client.on('reconnect', () => {
      this.state.reconnectAttempts++;
      this.metrics.brokerReconnects.inc();
      // Exponential back-off: mqtt.js reads options.reconnectPeriod each time it schedules the next attempt.
      client.options.reconnectPeriod = Math.min(maxDelay, minDelay * 2 ** this.state.reconnectAttempts);
      this.logger.warn(
        `reconnecting to ${this.url} (attempt ${this.state.reconnectAttempts}, next in ≤ ${client.options.reconnectPeriod} ms)`,
      );
    });
    client.on('offline', () => this.logger.warn('broker connection offline'));
    client.on('error', (error) => {
      this.state.lastError = error.message;
      this.logger.error(`mqtt error: ${error.message}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.endAsync();
  }

  /**
   * mqtt.js writes each PUBACK as its own packet (with its own stream write); inside a turn (see
   * {@link holdOutgoing}) the PUBACKs are taken aside instead — mqtt.js's callback is called at once, so it goes on
   * with the next message — and written at the end of the turn as one buffer. MQTT 3.1.1 only (the ingester's
   * protocol): PUBACK = 0x40, remaining length 2, packet id (MQTT 3.1.1 §3.4); MQTT 5 clients keep mqtt.js's path.
   */
  private interceptPubacks(client: MqttClient): void {
    if (client.options.protocolVersion === 5) return;
    type SendPacket = (
      packet: { cmd: string; messageId?: number },
      cb?: (error?: Error) => void,
      ...rest: unknown[]
    ) => void;
    const internals = client as unknown as { _sendPacket: SendPacket };
    const send = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, ...rest) => {
      const turn = this.turn;
      if (
        packet.cmd === 'puback' &&
        packet.messageId !== undefined &&
        turn &&
        turn.stream === client.stream
      ) {
        turn.acks.push(packet.messageId);
        cb?.();
        return;
      }
      send(packet, cb, ...rest);
    };
  }

  /**
   * Starts holding the connection's PUBACKs until the end of the current event-loop turn (setImmediate), then calls
   * the {@link FlushHandler} and writes them together: one socket write of 4 bytes per message for all messages
   * handled in the turn, instead of one write per message. A PUBACK thus leaves only after its message's handler
   * returned and the flush returned; when the flush throws, or the connection was closed meanwhile (a message that
   * could not be made durable), none of the held PUBACKs is sent and the broker delivers the messages again.
   * @returns whether PUBACKs are held (false for an MQTT 5 connection, whose PUBACKs mqtt.js writes itself).
   */
  private holdOutgoing(client: MqttClient): boolean {
    const stream = client.stream as Duplex | undefined;
    if (!stream || client.options.protocolVersion === 5) return false;
    if (this.turn?.stream === stream) return true;
    const turn = { stream, acks: [] as number[] };
    this.turn = turn;
    setImmediate(() => {
      if (this.turn === turn) this.turn = undefined;
      try {
        this.flush();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.metrics.unacknowledged.inc();
        this.logger.error(
          `the messages of this event-loop turn could not be made durable, not acknowledged (${message}); reconnecting so the broker redelivers them`,
        );
        stream.destroy();
        return;
      }
      if (turn.acks.length === 0 || stream.destroyed || !stream.writable) return;
      const bytes = Buffer.allocUnsafe(turn.acks.length * 4);
      for (let i = 0; i < turn.acks.length; i++) {
        const id = turn.acks[i];
        bytes[i * 4] = 0x40;
        bytes[i * 4 + 1] = 0x02;
        bytes[i * 4 + 2] = id >> 8;
        bytes[i * 4 + 3] = id & 0xff;
      }
      stream.write(bytes);
    });
    return true;
  }

  /** mqtt.js calls this for each incoming PUBLISH and sends the PUBACK (QoS 1) when `done` is called without error. */
  private deliver(client: MqttClient, packet: IPublishPacket, done: (error?: Error) => void): void {
    const held = this.holdOutgoing(client);
    let outcome: void | Promise<void>;
    try {
      outcome = this.handler(packet.topic, packet.payload as Buffer, packet.retain, held);
    } catch (error) {
      this.notDurable(client, packet, error, done);
      return;
    }
    if (outcome instanceof Promise) {
      outcome.then(
        () => done(),
        (error: unknown) => this.notDurable(client, packet, error, done),
      );
    } else done();
  }

  private notDurable(
    client: MqttClient,
    packet: IPublishPacket,
    error: unknown,
    done: (error?: Error) => void,
  ): void {
    const message = error instanceof Error ? error.message : String(error);
    this.metrics.unacknowledged.inc();
    this.logger.error(
      `message on ${packet.topic} could not be made durable, not acknowledged (${message}); reconnecting so the broker redelivers it`,
    );
    done(error instanceof Error ? error : new Error(message));
    // Without a PUBACK the broker keeps the message in flight; a new connection makes it deliver it again.
    client.stream.destroy();
  }

  private setConnected(connected: boolean): void {
    if (this.state.connected !== connected) this.state = { ...this.state, connected, since: Date.now() };
    this.metrics.brokerConnected.set(connected ? 1 : 0);
  }
}

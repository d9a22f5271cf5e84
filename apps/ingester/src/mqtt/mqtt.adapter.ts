import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Duplex } from 'node:stream';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { READING_SUBSCRIPTION, STATUS_SUBSCRIPTION, redactUrl, redactUrlsIn } from '@langxanh/contracts';
import type { BrokerDropState, DeafSpan, IngestLinkState } from '@langxanh/alerting';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import { brokerSafety, SYS_DROPPED_TOPIC, SYS_VERSION_TOPIC } from './broker-safety';

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

/**
 * Receives every station message of the evaluation session (several nodes, REDIS_URL set): each node sees every
 * reading and status, to keep every station's alert state and averages, while the shared storage subscription
 * decides which one node stores it. Acknowledged when it returns (nothing to make durable: what it evaluates is
 * stored by the node the broker gave the reading to).
 */
export type EvaluationHandler = (topic: string, payload: Buffer, retained: boolean) => void;

/** Suffix of the evaluation session's client id (`<MQTT_CLIENT_ID>-eval`). */
export const EVALUATION_CLIENT_SUFFIX = '-eval';

/**
 * The subscriptions of a node. Single (no share group): readings and statuses, QoS 1. Several nodes: the storage
 * session takes readings through the shared subscription `$share/<group>/…` (Mosquitto 2, MQTT 5.0 §4.8.2: each
 * message to one member of the group, whatever protocol version the member speaks), and the evaluation session
 * takes every reading and status (non-shared).
 */
export function subscriptionsOf(shareGroup?: string): { storage: Record<string, { qos: 1 }>; evaluation?: Record<string, { qos: 1 }> } {
  if (!shareGroup) return { storage: { [READING_SUBSCRIPTION]: { qos: 1 }, [STATUS_SUBSCRIPTION]: { qos: 1 } } };
  return {
    storage: { [`$share/${shareGroup}/${READING_SUBSCRIPTION}`]: { qos: 1 } },
    evaluation: { [READING_SUBSCRIPTION]: { qos: 1 }, [STATUS_SUBSCRIPTION]: { qos: 1 } },
  };
}

/** Broker connection state for health (`GET /api/health`). */
export interface BrokerState {
  readonly connected: boolean;
  readonly url: string;
  /** ISO 8601 UTC of the last change of `connected`. */
  readonly since: string;
  /** Reconnection attempts since the last successful connection. */
  readonly reconnectAttempts: number;
  readonly lastError?: string;
  /** `$SYS/broker/version`, when the broker publishes it. */
  readonly version?: string;
  /**
   * Messages the broker says it dropped (`$SYS/broker/publish/messages/dropped`, Mosquitto; broker-wide, for any
   * client): its own counter since it started, and how much this ingester saw it grow; absent until published.
   */
  readonly dropped?: { readonly broker: number; readonly observed: number; readonly lastIncreaseAt?: string };
  /** Session take-overs detected (another client connected with this client id, see {@link MqttAdapter}). */
  readonly takeovers: number;
  /** Several nodes: whether the evaluation session is connected (absent on a single node). */
  readonly evaluationConnected?: boolean;
  /** Known-unsafe broker settings and what cannot be checked (logged at start-up, see broker-safety.ts). */
  readonly warnings: readonly string[];
}

/**
 * Session take-over detection: this many connections in a row, each closed by the broker within
 * {@link TAKEOVER_WINDOW_MS} of its CONNACK, is a take-over by another client with the same client id. Over MQTT
 * 3.1.1 (the ingester's protocol) the broker just closes the old connection (MQTT 3.1.1 §3.1.4: "If the ClientId
 * represents a Client already connected to the Server then the Server MUST disconnect the existing Client"), so
 * the pattern is all there is to see; two ingesters doing it to each other reconnect about once a second. Five in
 * a row within 10 s each cannot be a broker restart (the reconnection would fail while it is down) nor the
 * ingester's own reconnection after a message it could not make durable (not counted).
 */
export const TAKEOVER_CONNECTIONS = 5;
export const TAKEOVER_WINDOW_MS = 10_000;
/** MQTT 5 DISCONNECT reason code "Session taken over" (MQTT 5.0 §3.14.2.1). */
const SESSION_TAKEN_OVER = 0x8e;
/** Exit code of a refusal to run (sysexits.h EX_CONFIG: a configuration error; systemd: RestartPreventExitStatus=78). */
export const REFUSAL_EXIT_CODE = 78;
/** Broker-link outages kept for the deadman's `deaf` time (older ones are forgotten: silence then counts in full). */
const MAX_OUTAGES = 64;

/**
 * The ingester's MQTT connection (mqtt.js), at-least-once from the broker to storage:
 * - QoS 1 subscriptions to every station's `…/reading` and `…/status` topic, a fixed client id and a persistent
 *   session (`clean: false`), resubscribed on every connect whether or not the broker kept the session;
 * - a message is acknowledged only after the {@link MessageHandler} returned — i.e. after the reading is in the
 *   on-disk spool (mqtt.js `handleMessage`, which holds the PUBACK until its callback);
 * - reconnection with exponential back-off (MQTT_RECONNECT_MIN_MS doubling to MQTT_RECONNECT_MAX_MS);
 * - a half-open connection (a frozen broker) is detected by mqtt.js's keep-alive: no PINGRESP within 1.5 × the
 *   keep-alive closes the connection (MQTT_KEEPALIVE_S);
 * - its outages ({@link outages}): the time it could hear no station, which the deadman does not count as any
 *   station's silence, and the link state of the `ingester/link-down` alert ({@link link});
 * - a session take-over ({@link TAKEOVER_CONNECTIONS}, or MQTT 5 reason 0x8E) by another client with the same
 *   MQTT_CLIENT_ID: an instance that never held its connection ({@link TAKEOVER_WINDOW_MS}) since it started is
 *   the newcomer and refuses to run (error log naming the client id, no more reconnecting, exit
 *   {@link REFUSAL_EXIT_CODE} through {@link onRefusal}); the instance that held it keeps it and logs an error;
 * - the broker's own drop counter (`$SYS/broker/publish/messages/dropped`, QoS 0): messages a broker drops for a
 *   lagging or absent subscriber never reach the ingester, so only the broker can count them ({@link drops});
 *   start-up warnings about its known limits (broker-safety.ts).
 */
@Injectable()
export class MqttAdapter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MqttAdapter.name);
  private client?: MqttClient;
  private handler: MessageHandler = () => undefined;
  private evaluator: EvaluationHandler = () => undefined;
  /** The evaluation session (several nodes only). */
  private evaluation?: MqttClient;
  /** `MQTT_SHARE_GROUP` when several nodes share the load (REDIS_URL set), else undefined. */
  private readonly shareGroup?: string;
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
  private readonly clientId: string;
  /** Outages of the link, oldest first; the newest open (no `to`) while down. Down from start-up until connected. */
  private readonly outageLog: { from: number; to?: number }[] = [{ from: Date.now() }];
  /** Take-over detection ({@link TAKEOVER_CONNECTIONS}). */
  private takeover = {
    connectedAt: undefined as number | undefined,
    /** Connections in a row closed by the broker within TAKEOVER_WINDOW_MS. */
    shortLived: 0,
    /** This instance held a connection for TAKEOVER_WINDOW_MS at least once. */
    held: false,
    /** The next close is this instance's own doing (a message it could not make durable). */
    closingOurselves: false,
    detected: 0,
    refused: false,
  };
  private refusalListener: (reason: string) => void = () => undefined;
  private sys: { version?: string; broker?: number; observed: number; lastIncreaseAt?: number } = { observed: 0 };
  private readonly warnings: string[] = [];
  /** {@link url} as shown in health and logs: credentials redacted (`redactUrl`). */
  private readonly shownUrl: string;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
    private readonly registry: RegistryService,
  ) {
    this.url = config.get('MQTT_URL', { infer: true });
    this.clientId = config.get('MQTT_CLIENT_ID', { infer: true });
    if (config.get('REDIS_URL', { infer: true })) this.shareGroup = config.get('MQTT_SHARE_GROUP', { infer: true });
    this.shownUrl = redactUrl(this.url);
  }

  /** Called once when this instance refuses to run (a session take-over: its client id is in use). */
  onRefusal(listener: (reason: string) => void): void {
    this.refusalListener = listener;
  }

  /** The link as the `ingester/link-down` alert reads it. */
  link(): IngestLinkState {
    return { connected: this.state.connected, since: this.state.since };
  }

  /** When the ingester could hear no station (its broker link down), oldest first, at most {@link MAX_OUTAGES}. */
  outages(): readonly DeafSpan[] {
    return this.outageLog;
  }

  /** The broker's drops as the `ingester/broker-drops` alert reads them. */
  drops(): BrokerDropState {
    return { observed: this.sys.observed, lastIncreaseAt: this.sys.lastIncreaseAt };
  }

  /** Sets the consumer of the evaluation session's messages (several nodes only; see {@link EvaluationHandler}). */
  onEvaluation(handler: EvaluationHandler): void {
    this.evaluator = handler;
  }

  /** Whether readings reach this node through a shared subscription (several nodes). */
  get shared(): boolean {
    return this.shareGroup !== undefined;
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
      url: this.shownUrl,
      since: new Date(this.state.since).toISOString(),
      reconnectAttempts: this.state.reconnectAttempts,
      ...(this.state.lastError ? { lastError: this.state.lastError } : {}),
      ...(this.sys.version === undefined ? {} : { version: this.sys.version }),
      ...(this.sys.broker === undefined
        ? {}
        : {
            dropped: {
              broker: this.sys.broker,
              observed: this.sys.observed,
              ...(this.sys.lastIncreaseAt === undefined ? {} : { lastIncreaseAt: new Date(this.sys.lastIncreaseAt).toISOString() }),
            },
          }),
      takeovers: this.takeover.detected,
      warnings: this.warnings,
      ...(this.shareGroup ? { evaluationConnected: this.evaluation?.connected ?? false } : {}),
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
    for (const warning of brokerSafety.limits(this.config.get('MQTT_BROKER_MAX_QUEUED_MESSAGES', { infer: true }), this.registry.stations.active())) {
      this.warn(warning);
    }
    const client = mqtt.connect(this.url, {
      clientId: this.clientId,
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
        `connected to ${this.shownUrl} (session present: ${connack.sessionPresent}` +
          `${this.state.reconnectAttempts > 0 ? `, after ${this.state.reconnectAttempts} attempts` : ''})`,
      );
      this.setConnected(true);
      this.state.reconnectAttempts = 0;
      client.options.reconnectPeriod = minDelay;
      this.connectionOpened(client);
      // The broker's own drop counter and version (QoS 0, retained: sent at once, then every sys_interval).
      client.subscribe({ [SYS_DROPPED_TOPIC]: { qos: 0 }, [SYS_VERSION_TOPIC]: { qos: 0 } }, (error, granted) => {
        const refused = error !== null || (granted ?? []).some((g) => g.qos === 128);
        if (refused) this.warn(brokerSafety.unreadable(error?.message ?? 'the broker refused the subscription (ACL?)'));
      });
      client.subscribe(
        subscriptionsOf(this.shareGroup).storage,
        (error, granted) => {
          if (error) this.logger.error(`subscribe failed: ${error.message}`);
          else this.logger.log(`subscribed: ${granted?.map((g) => `${g.topic} (QoS ${g.qos})`).join(', ')}`);
        },
      );
    });
    client.on('close', () => {
      if (this.state.connected) this.logger.warn(`connection to ${this.shownUrl} closed`);
      this.setConnected(false);
      this.connectionClosed(client);
    });
    // MQTT 5 only: the broker says why it closes the connection.
    client.on('disconnect', (packet) => {
      if (packet.reasonCode === SESSION_TAKEN_OVER) this.takenOver(client, 'the broker said "Session taken over" (MQTT 5 reason 0x8E)');
    });
    client.on('reconnect', () => {
      this.state.reconnectAttempts++;
      this.metrics.brokerReconnects.inc();
      // Exponential back-off: mqtt.js reads options.reconnectPeriod each time it schedules the next attempt.
      client.options.reconnectPeriod = Math.min(maxDelay, minDelay * 2 ** this.state.reconnectAttempts);
      this.logger.warn(
        `reconnecting to ${this.shownUrl} (attempt ${this.state.reconnectAttempts}, next in ≤ ${client.options.reconnectPeriod} ms)`,
      );
    });
    client.on('offline', () => this.logger.warn('broker connection offline'));
    if (this.shareGroup) this.connectEvaluation();
    client.on('error', (error) => {
      this.state.lastError = redactUrlsIn(error.message);
      this.logger.error(`mqtt error: ${this.state.lastError}`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.client?.endAsync(), this.evaluation?.endAsync()]);
  }

  /**
   * The evaluation session (several nodes): its own client id `<MQTT_CLIENT_ID>-eval`, persistent (`clean: false`,
   * so a restarted node first catches up with what it missed), QoS 1, every reading and status; each message is
   * acknowledged once {@link EvaluationHandler} returned (a failure is logged, the message still acknowledged: it is
   * stored by the node the shared subscription gave it to).
   */
  private connectEvaluation(): void {
    const subscriptions = subscriptionsOf(this.shareGroup).evaluation ?? {};
    const clientId = `${this.clientId}${EVALUATION_CLIENT_SUFFIX}`.slice(0, 128);
    const evaluation = mqtt.connect(this.url, {
      clientId,
      clean: false,
      keepalive: this.config.get('MQTT_KEEPALIVE_S', { infer: true }),
      reconnectPeriod: this.config.get('MQTT_RECONNECT_MIN_MS', { infer: true }),
      connectTimeout: this.config.get('MQTT_CONNECT_TIMEOUT_MS', { infer: true }),
      username: this.config.get('MQTT_EVAL_USERNAME', { infer: true }) ?? this.config.get('MQTT_USERNAME', { infer: true }),
      password: this.config.get('MQTT_EVAL_PASSWORD', { infer: true }) ?? this.config.get('MQTT_PASSWORD', { infer: true }),
      resubscribe: false,
      ...(process.env['DEBUG'] ? {} : { log: () => undefined }),
    });
    this.evaluation = evaluation;
    evaluation.handleMessage = (packet, done) => {
      try {
        this.evaluator(packet.topic, packet.payload as Buffer, packet.retain);
      } catch (error) {
        this.logger.error(`evaluation of a message on ${packet.topic} failed: ${(error as Error).stack ?? String(error)}`);
      }
      done();
    };
    evaluation.on('connect', (connack) => {
      this.logger.log(`evaluation session ${clientId} connected (session present: ${connack.sessionPresent})`);
      evaluation.subscribe(subscriptions, (error) => {
        if (error) this.logger.error(`evaluation subscribe failed: ${error.message}`);
      });
    });
    evaluation.on('close', () => this.logger.warn(`evaluation session ${clientId} closed`));
    evaluation.on('error', (error) => this.logger.error(`evaluation session: ${redactUrlsIn(error.message)}`));
  }

  /** A CONNACK: the take-over clock of this connection starts; the drop counters are awaited. */
  private connectionOpened(client: MqttClient): void {
    const at = Date.now();
    this.takeover.connectedAt = at;
    this.takeover.closingOurselves = false;
    const stream = client.stream;
    setTimeout(() => {
      if (this.takeover.connectedAt !== at || client.stream !== stream || !client.connected) return;
      this.takeover.held = true;
      this.takeover.shortLived = 0;
    }, TAKEOVER_WINDOW_MS).unref();
    if (this.sys.broker === undefined) {
      setTimeout(() => {
        if (this.sys.broker === undefined && client.connected) this.warn(brokerSafety.unreadable('nothing published within 30 s'));
      }, 30_000).unref();
    }
  }

  /** The connection closed: counts it towards a take-over when the broker closed it soon after its CONNACK. */
  private connectionClosed(client: MqttClient): void {
    const { connectedAt, closingOurselves } = this.takeover;
    if (connectedAt === undefined) return;
    this.takeover.connectedAt = undefined;
    this.takeover.closingOurselves = false;
    if (closingOurselves || Date.now() - connectedAt >= TAKEOVER_WINDOW_MS) {
      this.takeover.shortLived = 0;
      return;
    }
    this.takeover.shortLived++;
    if (this.takeover.shortLived >= TAKEOVER_CONNECTIONS) {
      this.takeover.shortLived = 0;
      this.takenOver(
        client,
        `the broker closed each of its last ${TAKEOVER_CONNECTIONS} connections within ${TAKEOVER_WINDOW_MS / 1000} s of accepting it`,
      );
    }
  }

  /**
   * Another client connected with this client id. The newcomer (never held its connection) refuses to run; the
   * instance that held the session keeps reconnecting and reports it.
   */
  private takenOver(client: MqttClient, evidence: string): void {
    if (this.takeover.refused) return;
    this.takeover.detected++;
    this.metrics.sessionTakeovers.inc();
    const what = `MQTT session take-over: another client uses client id "${this.clientId}" (${evidence}). Two ingesters must not share MQTT_CLIENT_ID (nor, with use_username_as_clientid, a broker username).`;
    if (this.takeover.held) {
      this.logger.error(`${what} This instance held the session first and keeps it; stop the other client or give it its own client id.`);
      return;
    }
    this.takeover.refused = true;
    this.logger.error(`${what} This instance never held the session since it started: it refuses to run (exit ${REFUSAL_EXIT_CODE}). Give it its own MQTT_CLIENT_ID, or stop the other instance.`);
    client.end(true);
    this.refusalListener(what);
  }

  /** A `$SYS` message of the broker (not a station's): its version or drop counter. */
  private onSys(topic: string, payload: Buffer): void {
    const text = payload.toString('utf8').slice(0, 200);
    if (topic === SYS_VERSION_TOPIC) {
      if (this.sys.version !== text) {
        this.sys.version = text;
        this.logger.log(`broker: ${text}`);
        for (const warning of brokerSafety.version(text)) this.warn(warning);
      }
      return;
    }
    const count = Number(text);
    if (topic !== SYS_DROPPED_TOPIC || !Number.isSafeInteger(count) || count < 0) return;
    const previous = this.sys.broker;
    this.sys.broker = count;
    this.metrics.brokerDropped.set(count);
    if (previous === undefined) {
      if (count > 0) this.warn(brokerSafety.droppedBefore(count));
      return;
    }
    // A smaller value: the broker restarted and its counter with it.
    const increase = count >= previous ? count - previous : count;
    if (increase === 0) return;
    this.sys.observed += increase;
    this.sys.lastIncreaseAt = Date.now();
    this.metrics.brokerDroppedObserved.inc(increase);
    this.logger.error(
      `the broker dropped ${increase} message(s) (now ${count} since it started; $SYS/broker/publish/messages/dropped): readings may be lost before reaching the ingester — see deploy/mosquitto/README.md (max_queued_messages)`,
    );
  }

  private warn(message: string): void {
    if (this.warnings.includes(message)) return;
    if (this.warnings.length < 20) this.warnings.push(message);
    this.logger.warn(message);
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
        this.takeover.closingOurselves = true;
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
    if (packet.topic.startsWith('$SYS/')) {
      this.onSys(packet.topic, packet.payload as Buffer);
      done();
      return;
    }
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
    this.takeover.closingOurselves = true;
    client.stream.destroy();
  }

  private setConnected(connected: boolean): void {
    if (this.state.connected !== connected) {
      const now = Date.now();
      this.state = { ...this.state, connected, since: now };
      const open = this.outageLog.at(-1);
      if (connected && open && open.to === undefined) open.to = now;
      if (!connected && (!open || open.to !== undefined)) {
        this.outageLog.push({ from: now });
        if (this.outageLog.length > MAX_OUTAGES) this.outageLog.shift();
      }
    }
    this.metrics.brokerConnected.set(connected ? 1 : 0);
  }
}

import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { LoadSummary } from '@langxanh/contracts';
import mqtt, { type IClientPublishOptions, type MqttClient } from 'mqtt';
import type { Logger } from '../logger';
import { BrokerConnectError, type BrokerOptions } from '../mqtt/station-connection';
import {
  connectionOf,
  loadPayload,
  loadSummary,
  nextWakeMs,
  dueCount,
  plannedCount,
  type LoadRunShape,
  type LoadStation,
} from './plan';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Broker URL, credentials, client id prefix (ids are `{prefix}-load-{i}-{pid}`), connect timeout. */
  readonly broker: BrokerOptions;
  /** Stations S, in the order reading numbers are spread over them. */
  readonly stations: readonly LoadStation[];
  /** First reading number (integer ≥ 0). */
  readonly first: number;
  /** Readings per second (> 0). */
  readonly rate: number;
  /** Seconds (> 0); the run publishes round(rate × duration) readings. */
  readonly durationS: number;
  /** Time of reading 0, epoch ms. */
  readonly t0: number;
  /** ms between one station's readings (default 1; see `loadSlot` in plan.ts). */
  readonly intervalMs?: number;
  readonly qos: 0 | 1;
  /** MQTT connections the readings are spread over, round-robin by number (integer ≥ 1). */
  readonly connections: number;
  /**
   * Bound of the waits, ms: for the outstanding acknowledgements at the end, and for room to publish (socket
   * back-pressure, unacknowledged window) during the run.
   */
  readonly settleTimeoutMs: number;
  readonly log: Logger;
  /** Stops publishing early; the outstanding acknowledgements are then awaited at most 5 s. */
  readonly signal?: AbortSignal;
  /**
   * Bytes a connection's socket may buffer before the publisher waits for its `drain` (default 1 MiB). mqtt.js
   * does not report back-pressure to the caller of a QoS 1 `publish` (its callback is the PUBACK), so the socket
   * (`client.stream`) is watched directly.
   */
  readonly maxBufferedBytes?: number;
  /** QoS 1 publishes awaiting PUBACK per connection before the publisher waits (default 16 384; mqtt.js ids ≤ 65 535). */
  readonly maxUnacked?: number;
}

/** The fixed part of a run's summary, from its options (both engines). */
export function runShape(options: LoadOptions): LoadRunShape {
  return {
    first: options.first,
    count: plannedCount(options.rate, options.durationS),
    stations: options.stations.length,
    t0: options.t0,
    intervalMs: options.intervalMs ?? 1,
    rate: options.rate,
    durationS: options.durationS,
    connections: options.connections,
    qos: options.qos,
  };
}

/** What {@link runLoad} returns: the summary, and the error that makes the run a failure (exit 1), if any. */
export interface LoadResult {
  readonly summary: LoadSummary;
  readonly error?: string;
}

/** Default {@link LoadOptions.maxBufferedBytes}. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1 << 20;
/** Default {@link LoadOptions.maxUnacked}. */
export const DEFAULT_MAX_UNACKED = 16_384;
/** Publishes in a row before the loop lets I/O (PUBACKs, socket writes, timers) run. */
const YIELD_EVERY = 1_000;
/** Longest wait for acknowledgements after SIGINT/SIGTERM, ms. */
const ABORT_GRACE_MS = 5_000;

/** Shared counters of a run. */
interface Totals {
  sent: number;
  acked: number;
  failed: number;
  firstFailure?: string;
  /** Called on every acknowledgement (the settle wait listens). */
  onAck?: () => void;
}

/** One MQTT connection of the load: its client, its outstanding QoS 1 publishes and its waits. */
class LoadConnection {
  unacked = 0;
  private roomWaiter?: () => void;
  private readonly options: IClientPublishOptions;
  /** The one PUBACK callback of this connection (no closure per message). */
  readonly onPuback: (error?: Error) => void;

  constructor(
    readonly client: MqttClient,
    qos: 0 | 1,
    totals: Totals,
    private readonly maxUnacked: number,
  ) {
    this.options = { qos };
    this.onPuback = (error?: Error): void => {
      this.unacked--;
      if (error) {
        totals.failed++;
        totals.firstFailure ??= error.message;
      } else totals.acked++;
      if (this.roomWaiter && this.unacked < this.maxUnacked) {
        const resolve = this.roomWaiter;
        this.roomWaiter = undefined;
        resolve();
      }
      totals.onAck?.();
    };
  }

  publish(topic: string, payload: string): void {
    if (this.options.qos === 1) {
      this.unacked++;
      this.client.publish(topic, payload, this.options, this.onPuback);
    } else {
      // No callback at QoS 0: mqtt.js would add one `drain` listener per message written past the high-water mark.
      this.client.publish(topic, payload, this.options);
    }
  }

  /** Bytes waiting in the socket (0 without one). */
  get buffered(): number {
    return this.client.stream?.writableLength ?? 0;
  }

  /** Resolves when an acknowledgement brings the unacknowledged count under the window (or `give up` fires). */
  waitForAck(): Promise<void> {
    return new Promise<void>((resolve) => (this.roomWaiter = resolve));
  }

  releaseWaiter(): void {
    const resolve = this.roomWaiter;
    this.roomWaiter = undefined;
    resolve?.();
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Connects one client; rejects with {@link BrokerConnectError} when the broker is not reached in time. */
async function connectClient(broker: BrokerOptions, index: number, log: Logger): Promise<MqttClient> {
  const timeoutMs = broker.connectTimeoutMs ?? 30_000;
  const client = mqtt.connect(broker.url, {
    clientId: `${broker.clientIdPrefix ?? 'langxanh-sim'}-load-${index}-${process.pid}`,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 1_000,
    connectTimeout: Math.min(timeoutMs, 10_000),
    username: broker.username,
    password: broker.password,
  });
  let lastError: Error | undefined;
  client.on('error', (error) => {
    lastError = error;
  });
  client.on('offline', () => log.warn(`connection ${index}: disconnected from ${broker.url}, reconnecting`));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.removeListener('connect', onConnect);
      client.end(true);
      reject(
        new BrokerConnectError(
          `no connection to ${broker.url} within ${timeoutMs} ms${lastError ? `: ${lastError.message}` : ''}`,
        ),
      );
    }, timeoutMs);
    const onConnect = (): void => {
      clearTimeout(timer);
      resolve();
    };
    client.once('connect', onConnect);
  });
  return client;
}

/**
 * Runs the load: connects `connections` clients, publishes reading numbers first … first + count − 1 paced by the
 * clock (every {@link TICK_MS} ms all numbers due), never dropping one when it falls behind, waits (bounded) for
 * the outstanding PUBACKs, disconnects. Never throws for broker trouble: the result carries the error and the
 * summary of what was done.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { stations, first, rate, t0, qos, log, signal } = options;
  const count = plannedCount(rate, options.durationS);
  const maxBuffered = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const maxUnacked = options.maxUnacked ?? DEFAULT_MAX_UNACKED;
  const stationCount = stations.length;
  const intervalMs = options.intervalMs ?? 1;
  const topics = stations.map((s) => s.topic);
  const totals: Totals = { sent: 0, acked: 0, failed: 0 };
  let startedAt: number | null = null;
  let publishEndedAt: number | null = null;
  let ackedAllAt: number | null = null;
  let error: string | undefined;
  const connections: LoadConnection[] = [];

  const shape = runShape(options);

  const summary = (): LoadSummary =>
    loadSummary(shape, { sent: totals.sent, acked: totals.acked, startedAt, publishEndedAt, ackedAllAt });

  try {
    const clients = await Promise.allSettled(
      Array.from({ length: options.connections }, (_, i) => connectClient(options.broker, i, log)),
    );
    for (const c of clients) {
      if (c.status === 'fulfilled') connections.push(new LoadConnection(c.value, qos, totals, maxUnacked));
    }
    const refused = clients.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (refused) throw refused.reason;

    log.info(
      `publishing ${count} air reading(s) (numbers ${first} … ${first + count - 1}) over ${stationCount} station(s) ` +
        `at ${rate}/s for ${options.durationS} s, QoS ${qos}, ${connections.length} connection(s), t0 ${t0}`,
    );
    const start = performance.now();
    startedAt = Date.now();
    let i = 0;
    let sinceYield = 0;
    publishing: while (i < count && !signal?.aborted) {
      const due = dueCount(performance.now() - start, rate, count);
      while (i < due) {
        const n = first + i;
        const connection = connections[connectionOf(n, connections.length)];
        while (connection.buffered >= maxBuffered || (qos === 1 && connection.unacked >= maxUnacked)) {
          if (!(await waitForRoom(connection, maxBuffered, options.settleTimeoutMs, signal))) {
            if (signal?.aborted) break publishing;
            throw new Error(
              `no room to publish for ${options.settleTimeoutMs / 1000} s ` +
                `(${connection.unacked} unacknowledged, ${connection.buffered} bytes buffered): is the broker still there?`,
            );
          }
        }
        const station = n % stationCount;
        connection.publish(topics[station], loadPayload(n, t0 + Math.floor(n / stationCount) * intervalMs));
        totals.sent++;
        i++;
        if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await yieldToIo();
          if (signal?.aborted) break publishing;
        }
      }
      if (i >= count) break;
      const elapsed = performance.now() - start;
      await pause(nextWakeMs(elapsed, i, rate) - elapsed, signal);
    }
    publishEndedAt = Date.now();
    if (signal?.aborted) log.info(`stopped early after ${totals.sent} of ${count} reading(s)`);
    log.info(
      `published ${totals.sent} reading(s) in ${publishEndedAt - startedAt} ms; waiting for the acknowledgements`,
    );

    const settleMs = signal?.aborted
      ? Math.min(options.settleTimeoutMs, ABORT_GRACE_MS)
      : options.settleTimeoutMs;
    const settledAt = await settle(connections, totals, qos, settleMs);
    ackedAllAt = settledAt !== null && totals.failed === 0 ? settledAt : null;
    if (ackedAllAt === null) {
      error =
        `${totals.sent - totals.acked} of ${totals.sent} reading(s) not acknowledged` +
        (settledAt === null ? ` within ${settleMs / 1000} s` : '') +
        (totals.firstFailure ? ` (first failure: ${totals.firstFailure})` : '');
    } else {
      log.info(`all ${totals.acked} acknowledged ${ackedAllAt - publishEndedAt} ms after the last publish`);
    }
  } catch (caught) {
    error = (caught as Error).message;
    publishEndedAt ??= startedAt !== null ? Date.now() : null;
  } finally {
    await Promise.all(connections.map((c) => closeClient(c.client, ackedAllAt !== null)));
  }
  return { summary: summary(), error };
}

/**
 * Waits until the connection has room again (socket drained under the bound, or an acknowledgement freed the
 * window). Resolves false on abort or after `timeoutMs` without room.
 */
async function waitForRoom(
  connection: LoadConnection,
  maxBuffered: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted) return false;
  const stream = connection.client.stream;
  const waits: Promise<unknown>[] = [];
  const cleanups: (() => void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  if (connection.buffered >= maxBuffered && stream) {
    waits.push(
      new Promise<void>((resolve) => {
        const done = (): void => resolve();
        stream.once('drain', done);
        stream.once('close', done);
        cleanups.push(() => {
          stream.removeListener('drain', done);
          stream.removeListener('close', done);
        });
      }),
    );
  } else {
    waits.push(connection.waitForAck());
    cleanups.push(() => connection.releaseWaiter());
  }
  waits.push(
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve();
      }, timeoutMs);
      if (signal) {
        const onAbort = (): void => resolve();
        signal.addEventListener('abort', onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener('abort', onAbort));
      }
    }),
  );
  try {
    await Promise.race(waits);
  } finally {
    clearTimeout(timer);
    cleanups.forEach((c) => c());
  }
  return !timedOut && !signal?.aborted;
}

/**
 * Waits at most `timeoutMs` until every publish is settled: a PUBACK (or a failure) for each at QoS 1; every socket
 * emptied at QoS 0. Resolves the time it happened (epoch ms), or null on timeout.
 */
async function settle(
  connections: readonly LoadConnection[],
  totals: Totals,
  qos: 0 | 1,
  timeoutMs: number,
): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  if (qos === 0) {
    while (connections.some((c) => c.buffered > 0 || !c.client.connected)) {
      if (Date.now() >= deadline) return null;
      await pause(1);
    }
    totals.acked = totals.sent;
    return Date.now();
  }
  const settled = (): boolean => totals.acked + totals.failed === totals.sent;
  if (settled()) return Date.now();
  return new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      totals.onAck = undefined;
      resolve(null);
    }, timeoutMs);
    totals.onAck = (): void => {
      if (settled()) {
        const at = Date.now();
        clearTimeout(timer);
        totals.onAck = undefined;
        resolve(at);
      }
    };
  });
}

/** Disconnects cleanly when everything was acknowledged (bounded 5 s), else at once. */
async function closeClient(client: MqttClient, clean: boolean): Promise<void> {
  if (clean && client.connected) {
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      client.endAsync().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5_000))),
    ]).finally(() => clearTimeout(timer));
    if (ended) return;
  }
  await client.endAsync(true);
}

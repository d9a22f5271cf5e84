import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { LoadSummary } from '@langxanh/contracts';
import mqttPacket from 'mqtt-packet';
import { BrokerConnectError } from '../mqtt/station-connection';
import {
  encodeTopic,
  MAX_PACKET_ID,
  maxPacketBytes,
  MqttAckReader,
  writePublish,
  type EncodedTopic,
} from './packets';
import { connectionOf, dueCount, loadPayload, loadSummary, nextWakeMs, plannedCount } from './plan';
import { runShape, type LoadOptions, type LoadResult } from './run';

/**
 * Default in-flight window per connection: QoS 1 publishes awaiting their PUBACK. 100 is the shipped broker's
 * `max_inflight_messages` (deploy/mosquitto/mosquitto.prod.conf), so the generator never asks more of one
 * connection than the broker grants a client.
 */
export const DEFAULT_PACKET_INFLIGHT = 100;
/** At QoS 0 (nothing acknowledged), bytes a socket may hold unsent before the publisher waits (1 MiB, as mqtt.js's engine). */
const QOS0_MAX_BUFFERED_BYTES = 1 << 20;
/** Longest wait for acknowledgements after SIGINT/SIGTERM, ms. */
const ABORT_GRACE_MS = 5_000;

/**
 * Bytes of one connection's slab: batches are consecutive slices of it, handed to the socket without a copy; a new
 * slab is taken when the rest cannot hold a full batch (1 MiB: a few hundred ticks at 10 000 readings/s).
 */
const SLAB_BYTES = 1 << 20;

/** One raw TCP connection: its socket, its packet ids in flight, its batch of the current tick. */
class PacketConnection {
  /** 1 where a packet id awaits its PUBACK (index = id). */
  private readonly waiting = new Uint8Array(MAX_PACKET_ID + 1);
  inFlight = 0;
  private nextId = 1;
  closed: string | undefined;
  private slab: Buffer;
  /** Where the current batch starts in the slab, and where it ends. */
  private batchStart = 0;
  private used = 0;

  constructor(
    readonly socket: Socket,
    private readonly window: number,
    private readonly batchBytes: number,
  ) {
    this.slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, batchBytes));
  }

  /** Room for one more QoS 1 publish in the window. */
  get hasRoom(): boolean {
    return this.inFlight < this.window;
  }

  /** Appends one PUBLISH to this tick's batch (QoS 1: takes the next free packet id). */
  add(topic: EncodedTopic, payload: string, qos: 0 | 1): void {
    let id = 0;
    if (qos === 1) {
      id = this.nextId;
      while (this.waiting[id] === 1) id = id === MAX_PACKET_ID ? 1 : id + 1;
      this.nextId = id === MAX_PACKET_ID ? 1 : id + 1;
      this.waiting[id] = 1;
      this.inFlight++;
    }
    this.used = writePublish(this.slab, this.used, topic, payload, qos, id);
  }

  /** Writes the tick's batch with one socket write; the next batch follows it in the slab (or in a fresh slab). */
  flush(): void {
    if (this.used === this.batchStart) return;
    this.socket.write(this.slab.subarray(this.batchStart, this.used));
    if (this.slab.length - this.used < this.batchBytes) {
      this.slab = Buffer.allocUnsafe(this.slab.length);
      this.used = 0;
    }
    this.batchStart = this.used;
  }

  /** Bytes the current batch can still take (at most one batch). */
  get free(): number {
    return this.batchBytes - (this.used - this.batchStart);
  }

  /** A PUBACK for `id`: true when that id was in flight. */
  acknowledge(id: number): boolean {
    if (this.waiting[id] !== 1) return false;
    this.waiting[id] = 0;
    this.inFlight--;
    return true;
  }
}

/** ms between connection attempts while the broker is not reachable (as mqtt.js's `reconnectPeriod` of the other engine). */
const RETRY_CONNECT_MS = 1_000;

/**
 * Opens a TCP connection and completes CONNECT/CONNACK (MQTT 3.1.1, clean session, keep-alive off), retrying every
 * {@link RETRY_CONNECT_MS} until `connectTimeoutMs` (default 30 000) has passed.
 * @throws BrokerConnectError when the broker is not reached in time, refuses the CONNECT, or the URL is not mqtt://.
 */
async function openConnection(
  options: LoadOptions,
  index: number,
  onPuback: (connection: PacketConnection, id: number) => void,
  onClose: (connection: PacketConnection, why: string) => void,
  batchBytes: number,
  window: number,
): Promise<PacketConnection> {
  const url = new URL(options.broker.url);
  if (url.protocol !== 'mqtt:' && url.protocol !== 'tcp:') {
    throw new BrokerConnectError(
      `--engine packets speaks plain mqtt:// only, not ${url.protocol} (use --engine mqttjs)`,
    );
  }
  const timeoutMs = options.broker.connectTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attemptConnection(
        options,
        url,
        index,
        onPuback,
        onClose,
        batchBytes,
        window,
        deadline - Date.now(),
      );
    } catch (error) {
      const message = (error as Error).message;
      if (message.startsWith('CONNACK') || Date.now() + RETRY_CONNECT_MS >= deadline) {
        throw new BrokerConnectError(
          `no connection to ${options.broker.url} within ${timeoutMs} ms: ${message}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_CONNECT_MS));
    }
  }
}

/** One connection attempt; rejects with the reason (an Error) when it fails or no CONNACK comes in `timeoutMs`. */
function attemptConnection(
  options: LoadOptions,
  url: URL,
  index: number,
  onPuback: (connection: PacketConnection, id: number) => void,
  onClose: (connection: PacketConnection, why: string) => void,
  batchBytes: number,
  window: number,
  timeoutMs: number,
): Promise<PacketConnection> {
  const clientId = `${options.broker.clientIdPrefix ?? 'langxanh-sim'}-load-${index}-${process.pid}`;
  return new Promise<PacketConnection>((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port || 1883) });
    socket.setNoDelay(true);
    const connection = new PacketConnection(socket, window, batchBytes);
    let connected = false;
    const fail = (message: string): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`no CONNACK within ${timeoutMs} ms`), timeoutMs);
    const reader = new MqttAckReader({
      connack: (code) => {
        if (code !== 0) return fail(`CONNACK return code ${code}`);
        connected = true;
        clearTimeout(timer);
        resolve(connection);
      },
      puback: (id) => onPuback(connection, id),
      other: (type) => {
        if (type !== 13) socket.destroy(new Error(`unexpected packet type ${type} from the broker`));
      },
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
    socket.on('error', (error) => {
      connection.closed ??= error.message;
      if (!connected) fail(error.message);
    });
    socket.on('close', () => {
      connection.closed ??= 'closed by the broker';
      if (connected) onClose(connection, connection.closed);
    });
    socket.write(
      mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        clientId,
        keepalive: 0,
        username: options.broker.username,
        password: options.broker.password === undefined ? undefined : Buffer.from(options.broker.password),
      }),
    );
  });
}

/**
 * The load generator's cheap engine: the same numbered readings as {@link import('./run').runLoad} (station n mod S,
 * ts = t0 + ⌊n / S⌋ × interval, the {@link loadPayload} text), paced by the same plan (every
 * {@link import('./plan').TICK_MS} ms all due numbers), but each reading costs one payload string and a few bytes
 * copied into its connection's batch; each connection gets one socket write per tick. QoS 1 publishes in flight are
 * bounded per connection by `maxUnacked` (default {@link DEFAULT_PACKET_INFLIGHT}); a reading whose connection has
 * no room waits (bounded by `settleTimeoutMs`) — no number is ever skipped. No reconnect: a lost connection ends the
 * run with an error (the summary tells what was acknowledged). Never throws for broker trouble.
 */
export async function runPacketLoad(options: LoadOptions): Promise<LoadResult> {
  const { stations, first, rate, t0, qos, log, signal } = options;
  const count = plannedCount(rate, options.durationS);
  const window = options.maxUnacked ?? DEFAULT_PACKET_INFLIGHT;
  const stationCount = stations.length;
  const intervalMs = options.intervalMs ?? 1;
  const topics = stations.map((s) => encodeTopic(s.topic));
  const packetBytes = Math.max(...topics.map(maxPacketBytes));
  // QoS 1: at most `window` packets per batch; QoS 0: a tick's share of the rate (at least 64 packets).
  const perBatch = qos === 1 ? window : Math.max(64, Math.ceil((rate * 5) / 1000 / options.connections) * 2);
  let sent = 0;
  let acked = 0;
  let startedAt: number | null = null;
  let publishEndedAt: number | null = null;
  let ackedAllAt: number | null = null;
  let error: string | undefined;
  let lost: string | undefined;
  let wake: (() => void) | undefined;
  /** While a wait is woken by acknowledgements: the condition that ends it (checked on each PUBACK). */
  let wakeWhen: (() => boolean) | undefined;
  const connections: PacketConnection[] = [];
  const poke = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onPuback = (connection: PacketConnection, id: number): void => {
    if (connection.acknowledge(id)) acked++;
    if (wakeWhen?.()) poke();
  };
  const onClose = (connection: PacketConnection, why: string): void => {
    lost ??= `connection ${connections.indexOf(connection)} lost (${why}) with ${connection.inFlight} unacknowledged`;
    poke();
  };
  /**
   * Waits `ms`, until `until` holds after an acknowledgement, a connection is lost, or (while publishing) the run is
   * aborted; the settle wait after an abort is not cut short by it (its deadline is the grace period).
   */
  const sleep = (ms: number, until?: () => boolean, abortable = true): Promise<void> =>
    new Promise<void>((resolve) => {
      const abortSignal = abortable ? signal : undefined;
      if (abortSignal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        abortSignal?.removeEventListener('abort', done);
        wake = undefined;
        wakeWhen = undefined;
        resolve();
      };
      wakeWhen = until;
      const timer = setTimeout(done, Math.max(0, ms));
      wake = done;
      abortSignal?.addEventListener('abort', done, { once: true });
    });

  const shape = runShape(options);

  const summary = (): LoadSummary =>
    loadSummary(shape, { sent: sent, acked: acked, startedAt, publishEndedAt, ackedAllAt });

  try {
    const opened = await Promise.allSettled(
      Array.from({ length: options.connections }, (_, i) =>
        openConnection(options, i, onPuback, onClose, perBatch * packetBytes, window),
      ),
    );
    for (const c of opened) if (c.status === 'fulfilled') connections.push(c.value);
    const refused = opened.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (refused) throw refused.reason;

    log.info(
      `publishing ${count} air reading(s) (numbers ${first} … ${first + count - 1}) over ${stationCount} station(s) ` +
        `at ${rate}/s for ${options.durationS} s, QoS ${qos}, ${connections.length} connection(s) ` +
        `(pre-encoded packets${qos === 1 ? `, ≤ ${window} in flight each` : ''}), t0 ${t0}`,
    );
    const start = performance.now();
    startedAt = Date.now();
    let i = 0;
    let blockedSince: number | undefined;
    while (i < count && !signal?.aborted && lost === undefined) {
      const due = dueCount(performance.now() - start, rate, count);
      const before = i;
      let blocked: PacketConnection | undefined;
      while (i < due) {
        const n = first + i;
        const connection = connections[connectionOf(n, connections.length)];
        if (
          (qos === 1 ? !connection.hasRoom : connection.socket.writableLength >= QOS0_MAX_BUFFERED_BYTES) ||
          connection.free < packetBytes
        ) {
          blocked = connection;
          break;
        }
        const station = n % stationCount;
        connection.add(topics[station], loadPayload(n, t0 + Math.floor(n / stationCount) * intervalMs), qos);
        i++;
      }
      for (const c of connections) c.flush();
      sent = i;
      if (i >= count) break;
      // The bound is on time without progress: a saturated broker that still acknowledges never trips it.
      if (i > before) blockedSince = undefined;
      if (blocked) {
        blockedSince ??= Date.now();
        if (Date.now() - blockedSince > options.settleTimeoutMs) {
          throw new Error(
            `no room to publish for ${options.settleTimeoutMs / 1000} s ` +
              `(${connections.map((c) => c.inFlight).join('/')} unacknowledged): is the broker still there?`,
          );
        }
        // Resume once half the window is free again (or the socket drained, at QoS 0): writes stay batched.
        const full = blocked;
        await sleep(qos === 1 ? options.settleTimeoutMs : 1, () => full.inFlight <= window / 2);
      } else {
        const elapsed = performance.now() - start;
        await sleep(nextWakeMs(elapsed, i, rate) - elapsed);
      }
    }
    sent = i;
    publishEndedAt = Date.now();
    if (lost !== undefined) throw new Error(lost);
    if (signal?.aborted) log.info(`stopped early after ${sent} of ${count} reading(s)`);
    log.info(
      `published ${sent} reading(s) in ${publishEndedAt - startedAt} ms; waiting for the acknowledgements`,
    );

    const settleMs = signal?.aborted
      ? Math.min(options.settleTimeoutMs, ABORT_GRACE_MS)
      : options.settleTimeoutMs;
    const deadline = Date.now() + settleMs;
    const settled = (): boolean =>
      qos === 1 ? acked === sent : connections.every((c) => c.socket.writableLength === 0);
    while (!settled() && lost === undefined && Date.now() < deadline) {
      // An acknowledgement wakes the wait at once; QoS 0 polls its sockets every millisecond.
      await sleep(qos === 1 ? deadline - Date.now() : 1, settled, false);
    }
    if (qos === 0 && settled()) acked = sent;
    if (settled() && lost === undefined) {
      ackedAllAt = Date.now();
      log.info(`all ${acked} acknowledged ${ackedAllAt - publishEndedAt} ms after the last publish`);
    } else {
      error =
        `${sent - acked} of ${sent} reading(s) not acknowledged` +
        (lost === undefined ? ` within ${settleMs / 1000} s` : ` (${lost})`);
    }
  } catch (caught) {
    error = (caught as Error).message;
    if (startedAt !== null) publishEndedAt ??= Date.now();
  } finally {
    await Promise.all(connections.map((c) => closeConnection(c, ackedAllAt !== null)));
  }
  return { summary: summary(), error };
}

/** Sends DISCONNECT when the run settled (so the broker discards the session cleanly), then closes (bounded 5 s). */
async function closeConnection(connection: PacketConnection, clean: boolean): Promise<void> {
  const socket = connection.socket;
  if (socket.destroyed) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, 5_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (clean) socket.end(mqttPacket.generate({ cmd: 'disconnect' }));
    else socket.destroy();
  });
}

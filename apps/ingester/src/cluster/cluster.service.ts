import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import { Counter, Gauge } from 'prom-client';
import { ownerOf, redactUrl, type ClusterHealthDto } from '@langxanh/contracts';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';

/** Redis key prefix of everything the nodes share (one deployment per Redis database). */
export const KEY_PREFIX = 'langxanh:';
/** A node's membership key: `langxanh:node:<NODE_ID>`, value its start time, expiring after CLUSTER_NODE_TTL_MS. */
const nodeKey = (node: string) => `${KEY_PREFIX}node:${node}`;
/**
 * How long a claim is kept (7 days): far longer than any redelivery of a reading (the broker's persistent sessions
 * and the spool replay within hours) or a node's restart, so the same announcement is never claimed twice; short
 * enough that Redis holds about one key per alert change of the last week.
 */
export const CLAIM_TTL_MS = 7 * 86_400_000;
/** Most membership keys read per heartbeat (a deployment has a handful of nodes). */
const MAX_NODES = 64;
/** Pub/sub channel prefix of {@link ClusterService.broadcast}. */
const BUS_PREFIX = `${KEY_PREFIX}bus:`;
/** How long start-up waits for Redis before going on without it (ms). */
const READY_WAIT_MS = 10_000;

/** Resolves when `redis` is ready, or after `ms` (false). */
function whenReady(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** How an announcement waits for its claim. */
export interface AnnounceOptions {
  /**
   * Claimed at once whoever owns the station: an action of a user on this node (acknowledge, comment), which no
   * other node saw.
   */
  readonly immediate?: boolean;
  /**
   * Announced by the station's owner only, never taken over: a change whose id differs from node to node (the
   * deadman's `offline` alerts are named after the check time of the node that ran it), so claims cannot pair them.
   */
  readonly ownerOnly?: boolean;
}

/**
 * This node's place among the ingester nodes of one deployment (REDIS_URL set; docs/high-availability.md). Unset, it
 * is the only node: it owns every station and every {@link announce} runs at once (the single-node behaviour).
 *
 * - **Membership**: a heartbeat every CLUSTER_NODE_TTL_MS / 3 sets `langxanh:node:<NODE_ID>` with that TTL; the live
 *   nodes are the keys present ({@link peers}).
 * - **Ownership**: rendezvous hashing of the station id over the live nodes (libs/contracts `ownerOf`): each node
 *   computes the same owner without messages.
 * - **Exactly-once announcements**: every node evaluates every reading (mqtt/, `…-eval` session), so every node
 *   computes the same alert changes with the same ids (station, rule, measurement time). Each is announced (stored,
 *   notified, sent to socket.io clients) by the node that first sets `langxanh:claim:<key>` (Redis `SET NX PX`):
 *   the owner tries at once, the others after CLUSTER_NODE_TTL_MS — by then a dead owner's heartbeat has expired,
 *   and whatever it had not claimed is claimed by the next node. A live owner claims first, so the others find
 *   the key and stay silent.
 * - Redis unreachable: the owner still announces (at least once), the others do not (the claim fails): an outage
 *   of Redis may repeat an announcement, never lose one the owner saw.
 */
@Injectable()
export class ClusterService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterService.name);
  readonly nodeId: string;
  readonly shareGroup: string;
  readonly ttlMs: number;
  private readonly url: string;
  private redis?: Redis;
  private subscriber?: Redis;
  private readonly listeners = new Map<string, ((body: unknown) => void)[]>();
  private live: string[];
  private timer?: NodeJS.Timeout;
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly startedAt = Date.now();
  private claimsWon = 0;
  private claimsLost = 0;
  private readonly peersGauge: Gauge;
  private readonly ownedGauge: Gauge;
  private readonly claimsCounter: Counter<'outcome'>;

  constructor(
    config: ConfigService<Env, true>,
    private readonly registry: RegistryService,
    metrics: MetricsService,
  ) {
    this.nodeId = config.get('NODE_ID', { infer: true });
    this.shareGroup = config.get('MQTT_SHARE_GROUP', { infer: true });
    this.ttlMs = config.get('CLUSTER_NODE_TTL_MS', { infer: true });
    this.url = config.get('REDIS_URL', { infer: true });
    this.live = [this.nodeId];
    new Gauge({
      name: 'langxanh_cluster_node_info',
      help: 'This ingester node (value 1), by NODE_ID and whether it runs as one of several (REDIS_URL set)',
      labelNames: ['node', 'clustered'] as const,
      registers: [metrics.registry],
    }).set({ node: this.nodeId, clustered: this.enabled ? 'true' : 'false' }, 1);
    this.peersGauge = new Gauge({
      name: 'langxanh_cluster_peers',
      help: 'Live ingester nodes this node sees, itself included',
      registers: [metrics.registry],
      collect: () => this.peersGauge.set(this.live.length),
    });
    this.ownedGauge = new Gauge({
      name: 'langxanh_cluster_owned_stations',
      help: 'Registry stations this node owns (announces their alert changes and notifications)',
      registers: [metrics.registry],
      collect: () => this.ownedGauge.set(this.ownedCount()),
    });
    this.claimsCounter = new Counter({
      name: 'langxanh_cluster_claims_total',
      help: 'Announcements (alert changes, notifications) claimed by this node (won) or found claimed by another (lost)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
  }

  /** Whether this node is one of several (REDIS_URL set). */
  get enabled(): boolean {
    return this.url !== '';
  }

  /** The Redis URL (for socket.io's adapter), '' when single. */
  get redisUrl(): string {
    return this.url;
  }

  /** Connects to Redis and joins (first heartbeat awaited, bounded by the connection's own time-out). */
  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    this.redis = this.connection('cluster');
    this.subscriber = this.connection('subscriber');
    this.subscriber.on('pmessage', (_pattern: string, channel: string, text: string) => this.delivered(channel, text));
    void this.subscriber.psubscribe(`${BUS_PREFIX}*`).catch((error: Error) => this.logger.error(`Redis subscription failed: ${error.message}`));
    if (!(await whenReady(this.redis, READY_WAIT_MS))) this.logger.error(`Redis not ready in ${READY_WAIT_MS} ms: going on, retrying`);
    try {
      await this.heartbeat();
    } catch (error) {
      this.logger.error(`first heartbeat to Redis failed (retrying every ${Math.round(this.ttlMs / 3)} ms): ${(error as Error).message}`);
    }
    this.timer = setInterval(() => {
      this.heartbeat().catch((error: Error) => this.logger.warn(`heartbeat to Redis failed: ${error.message}`));
    }, Math.max(250, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
    this.logger.log(`node ${this.nodeId} of a cluster (Redis ${redactUrl(this.url)}, share group ${this.shareGroup}); live nodes: ${this.live.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    const redis = this.redis;
    this.redis = undefined;
    this.subscriber?.disconnect();
    this.subscriber = undefined;
    if (!redis) return;
    // Leaving on purpose: the others take its stations over at once instead of after the TTL.
    await redis.del(nodeKey(this.nodeId)).catch(() => undefined);
    redis.disconnect();
  }

  /**
   * A new Redis connection to REDIS_URL (also for socket.io's adapter): commands fail fast (no offline queue, one
   * retry) while Redis is away, and the connection retries every 500 ms → 2 s.
   */
  connection(name: string): Redis {
    const redis = new Redis(this.url, {
      connectionName: `langxanh-${this.nodeId}-${name}`,
      enableOfflineQueue: name !== 'cluster',
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
      retryStrategy: (times) => Math.min(2_000, 500 * times),
    });
    redis.on('error', (error: Error) => this.logger.warn(`Redis (${name}): ${error.message}`));
    return redis;
  }

  /** The live nodes (own id included), sorted. */
  peers(): readonly string[] {
    return this.live;
  }

  /** Whether this node owns `station` now (always, when single). */
  owns(station: string): boolean {
    return !this.enabled || ownerOf(station, this.live) === this.nodeId;
  }

  /**
   * Runs `action` once across the nodes for the announcement `key` (an alert change, a notification) of `station`:
   * at once when single; else when this node wins `SET langxanh:claim:<key> NX` — tried at once by the station's owner
   * (or with `immediate`), after CLUSTER_NODE_TTL_MS by the others (see the class). Never throws; `action`'s errors
   * are logged.
   */
  announce(key: string, station: string, action: () => void, options: AnnounceOptions = {}): void {
    if (!this.enabled) {
      action();
      return;
    }
    const claim = () => {
      void this.claim(key, this.owns(station) || options.immediate === true).then((won) => {
        if (!won) return;
        try {
          action();
        } catch (error) {
          this.logger.error(`announcement ${key} failed: ${(error as Error).stack ?? String(error)}`);
        }
      });
    };
    if (this.owns(station) || options.immediate) {
      claim();
      return;
    }
    if (options.ownerOnly) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      claim();
    }, this.ttlMs);
    timer.unref();
    this.pending.add(timer);
  }

  /**
   * Claims `key` for this node, or finds it claimed by this same node before (a restart with the same NODE_ID resumes
   * what it had claimed, e.g. a notification it died before sending). Single node: true.
   */
  async claimOrResume(key: string, station: string): Promise<boolean> {
    if (!this.enabled) return true;
    return this.claim(key, this.owns(station), true);
  }

  /**
   * Sends `body` (JSON) to the other nodes' {@link onBroadcast} listeners of `channel` (Redis pub/sub
   * `langxanh:bus:<channel>`: at most once, to the nodes connected now — what must survive a node's absence is also
   * stored, in InfluxDB or Redis). Single node, or Redis away: nothing (logged).
   */
  broadcast(channel: string, body: unknown): void {
    if (!this.redis) return;
    this.redis
      .publish(`${BUS_PREFIX}${channel}`, JSON.stringify({ from: this.nodeId, body }))
      .catch((error: Error) => this.logger.warn(`broadcast on ${channel} not sent: ${error.message}`));
  }

  /** Calls `listener` with each body another node {@link broadcast} on `channel` (never this node's own). */
  onBroadcast<T>(channel: string, listener: (body: T) => void): void {
    const list = this.listeners.get(channel) ?? [];
    list.push(listener as (body: unknown) => void);
    this.listeners.set(channel, list);
  }

  /** The shared value `langxanh:<name>` (a string), undefined when absent. @throws Error when Redis cannot answer. */
  async sharedGet(name: string): Promise<string | undefined> {
    if (!this.redis) throw new Error('Redis not connected');
    return (await this.redis.get(`${KEY_PREFIX}${name}`)) ?? undefined;
  }

  /**
   * Sets the shared value `langxanh:<name>`; with `ifAbsent`, only when there is none (the first node seeds it).
   * @returns whether it was written. @throws Error when Redis cannot answer.
   */
  async sharedSet(name: string, value: string, options: { ifAbsent?: boolean } = {}): Promise<boolean> {
    if (!this.redis) throw new Error('Redis not connected');
    const key = `${KEY_PREFIX}${name}`;
    const result = options.ifAbsent ? await this.redis.set(key, value, 'NX') : await this.redis.set(key, value);
    return result === 'OK';
  }

  /** Announcements this node won and lost so far. */
  claims(): { won: number; lost: number } {
    return { won: this.claimsWon, lost: this.claimsLost };
  }

  /** `GET /api/health` → `cluster`; undefined when single. */
  health(): ClusterHealthDto | undefined {
    if (!this.enabled) return undefined;
    return {
      node: this.nodeId,
      redisConnected: this.redis?.status === 'ready',
      peers: this.live,
      ownedStations: this.ownedCount(),
      stations: this.registry.stations.all().length,
      shareGroup: this.shareGroup,
      claims: this.claims(),
    };
  }

  private delivered(channel: string, text: string): void {
    const listeners = this.listeners.get(channel.slice(BUS_PREFIX.length));
    if (!listeners) return;
    let message: { from?: unknown; body?: unknown };
    try {
      message = JSON.parse(text) as { from?: unknown; body?: unknown };
    } catch {
      this.logger.warn(`a message on ${channel} is not JSON: ignored`);
      return;
    }
    if (message.from === this.nodeId) return;
    for (const listener of listeners) {
      try {
        listener(message.body);
      } catch (error) {
        this.logger.error(`a ${channel} listener failed: ${(error as Error).message}`);
      }
    }
  }

  private ownedCount(): number {
    let owned = 0;
    for (const { station } of this.registry.stations.all()) if (this.owns(station.id)) owned++;
    return owned;
  }

  /**
   * `SET langxanh:claim:<key> <NODE_ID> NX PX CLAIM_TTL_MS`. Redis unreachable: `fallback` (the owner announces).
   * With `resume`, a key already holding this node's id counts as won.
   */
  private async claim(key: string, fallback: boolean, resume = false): Promise<boolean> {
    const redis = this.redis;
    const redisKey = `${KEY_PREFIX}claim:${key}`;
    let won: boolean;
    try {
      if (!redis) throw new Error('not connected');
      won = (await redis.set(redisKey, this.nodeId, 'PX', CLAIM_TTL_MS, 'NX')) === 'OK';
      if (!won && resume) won = (await redis.get(redisKey)) === this.nodeId;
    } catch (error) {
      this.logger.warn(`claim ${key} not checked (Redis: ${(error as Error).message}): ${fallback ? 'announced by the owner' : 'left to the owner'}`);
      return fallback;
    }
    if (won) this.claimsWon++;
    else this.claimsLost++;
    this.claimsCounter.inc({ outcome: won ? 'won' : 'lost' });
    return won;
  }

  /** Refreshes this node's key and reads the live nodes. */
  private async heartbeat(): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    await redis.set(nodeKey(this.nodeId), String(this.startedAt), 'PX', this.ttlMs);
    const found = new Set<string>([this.nodeId]);
    let cursor = '0';
    for (let round = 0; round < 16; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', nodeKey('*'), 'COUNT', 100);
      for (const key of keys) if (found.size < MAX_NODES) found.add(key.slice(nodeKey('').length));
      cursor = next;
      if (cursor === '0') break;
    }
    const live = [...found].sort();
    if (live.join(',') !== this.live.join(',')) {
      this.logger.log(`live nodes: ${live.join(', ')} (were ${this.live.join(', ')})`);
      this.live = live;
    }
  }
}

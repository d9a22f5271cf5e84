import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { REGISTRY_SUMMARY_MAX_CHARS, registrySchema, type RegistryVersionSummaryDto } from '@langxanh/contracts';
import { FileRegistryStore } from './file-registry-store';
import { RegistryVersionTaken, type RegistryStore, type StoredRegistryVersion } from './registry-store';

/** Redis hash of every version (field: the version number, value: the version's JSON). */
export const REGISTRY_VERSIONS_KEY = 'langxanh:registry:versions';
/** Pub/sub channel on which a node announces the version it appended (message: the version's summary). */
export const REGISTRY_CHANNEL = 'langxanh:registry:appended';

const summarySchema = z.strictObject({
  version: z.number().int().min(1),
  changedAt: z.iso.datetime({ offset: true }),
  changedBy: z.string().min(1).max(200),
  summary: z.string().max(REGISTRY_SUMMARY_MAX_CHARS),
});
const storedVersionSchema = summarySchema.extend({ registry: registrySchema });

/**
 * Registry versions shared by the ingester nodes of one deployment (REDIS_URL set, docs/high-availability.md):
 * every version in the Redis hash {@link REGISTRY_VERSIONS_KEY}; {@link append} is `HSETNX`, so of two nodes
 * storing the same version number only one succeeds (the other gets {@link RegistryVersionTaken}, follows the
 * winner and answers 409). A node announces its append on {@link REGISTRY_CHANNEL}; every node, told of a version
 * it has not seen, takes it into effect (RegistryService follows {@link onAppended}). Each node also keeps every
 * version in its own {@link FileRegistryStore} (`REGISTRY_DATA_DIR`): the copy `npm run backup` takes, and the
 * seed of an empty Redis (the first node to start puts its versions there).
 *
 * Redis must be reachable at start-up (the start stops otherwise: a node that went on with its own copy could
 * enforce another registry than its peers); a change while Redis is away is refused (503) and changes nothing.
 */
export class RedisRegistryStore implements RegistryStore {
  private readonly events = new EventEmitter<{ appended: [RegistryVersionSummaryDto] }>();
  private summaries: RegistryVersionSummaryDto[] = [];

  /**
   * @param redis commands (version reads and HSETNX).
   * @param subscriber a second connection, in subscriber mode after {@link open}.
   * @param local this node's copy.
   */
  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly local: FileRegistryStore,
  ) {}

  /** @throws Error when Redis is unreachable or holds an invalid version; the local copy's errors. */
  async open(): Promise<void> {
    await this.local.open();
    const stored = await this.redis.hkeys(REGISTRY_VERSIONS_KEY);
    if (stored.length === 0) {
      // An empty Redis: this node's versions become the shared ones (HSETNX: a node starting at the same moment
      // with other versions keeps whichever each number got first).
      for (const summary of [...(await this.local.list(Number.MAX_SAFE_INTEGER))].reverse()) {
        const entry = await this.local.get(summary.version);
        if (entry) await this.redis.hsetnx(REGISTRY_VERSIONS_KEY, String(entry.version), JSON.stringify(entry));
      }
    }
    const all = await this.redis.hgetall(REGISTRY_VERSIONS_KEY);
    this.summaries = Object.values(all)
      .map((text) => this.parse(text))
      .map(({ registry: _registry, ...summary }) => summary)
      .sort((a, b) => a.version - b.version);
    for (const summary of this.summaries) await this.copyLocally(summary.version);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== REGISTRY_CHANNEL) return;
      const parsed = summarySchema.safeParse(JSON.parse(message));
      if (parsed.success) void this.learn(parsed.data);
    });
    await this.subscriber.subscribe(REGISTRY_CHANNEL);
  }

  async latest(): Promise<StoredRegistryVersion | undefined> {
    const newest = this.summaries.at(-1);
    return newest ? this.get(newest.version) : undefined;
  }

  async get(version: number): Promise<StoredRegistryVersion | undefined> {
    const text = await this.redis.hget(REGISTRY_VERSIONS_KEY, String(version));
    return text === null ? undefined : this.parse(text);
  }

  async list(limit: number): Promise<RegistryVersionSummaryDto[]> {
    return this.summaries.slice(-limit).reverse();
  }

  async append(entry: StoredRegistryVersion): Promise<void> {
    const stored = await this.redis.hsetnx(REGISTRY_VERSIONS_KEY, String(entry.version), JSON.stringify(entry));
    if (stored === 0) throw new RegistryVersionTaken(entry.version);
    await this.local.append(entry).catch(() => undefined); // the local copy is a convenience; Redis is the truth
    const { registry: _registry, ...summary } = entry;
    this.remember(summary);
    await this.redis.publish(REGISTRY_CHANNEL, JSON.stringify(summary));
    this.events.emit('appended', summary);
  }

  onAppended(listener: (summary: RegistryVersionSummaryDto) => void): () => void {
    this.events.on('appended', listener);
    return () => this.events.off('appended', listener);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.redis.disconnect();
  }

  /** A version another node appended: kept, copied locally, reported. */
  private async learn(summary: RegistryVersionSummaryDto): Promise<void> {
    if (this.summaries.some((s) => s.version === summary.version)) return;
    this.remember(summary);
    await this.copyLocally(summary.version).catch(() => undefined);
    this.events.emit('appended', summary);
  }

  private remember(summary: RegistryVersionSummaryDto): void {
    this.summaries.push(summary);
    this.summaries.sort((a, b) => a.version - b.version);
  }

  private async copyLocally(version: number): Promise<void> {
    if (await this.local.get(version)) return;
    const entry = await this.get(version);
    if (!entry) return;
    try {
      await this.local.append(entry);
    } catch (error) {
      if (!(error instanceof RegistryVersionTaken)) throw error;
    }
  }

  private parse(text: string): StoredRegistryVersion {
    const result = storedVersionSchema.safeParse(JSON.parse(text));
    if (!result.success) {
      throw new Error(`Redis ${REGISTRY_VERSIONS_KEY} holds an invalid registry version: ${result.error.issues[0]?.message}`);
    }
    return result.data;
  }
}

import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  parseRegistry,
  StationIndex,
  vietnamDayKey,
  type RegisteredStation,
  type Registry,
  type RegistryVersionSummaryDto,
  type ThresholdRule,
} from '@langxanh/contracts';
import { rulesForStation } from '@langxanh/standards';
import { ApiError, ApiErrorCode } from '../common/errors';
import { DomainEventBus } from '../common/domain-events';
import type { Env } from '../config/env';
import type { RegistryEdit } from './registry-edits';
import {
  REGISTRY_STORE,
  RegistryVersionTaken,
  type RegistryStore,
  type StoredRegistryVersion,
} from './registry-store';

/** `changedBy` of version 1, made from the registry file of a new install. */
export const SEED_AUTHOR = 'seed';

/** A change that was stored: its version, and the registry before and after it. */
export interface AppliedChange {
  readonly version: RegistryVersionSummaryDto;
  readonly before: Registry;
  readonly after: Registry;
}

/**
 * The station registry in force (clusters, stations, applicable standards) and its versions.
 *
 * Built from `REGISTRY_FILE` (validated; @throws RegistryError, so the process exits, when it is invalid); at
 * start-up ({@link onModuleInit}) the newest version of the {@link RegistryStore} (`REGISTRY_DATA_DIR`) replaces
 * it — or, on a new install with an empty store, the file is stored as version 1. Every change
 * ({@link change}) is validated by the file's schema, stored as the next version, and then takes effect at once:
 * {@link registry}, {@link stations}, {@link get} and {@link rulesFor} answer from it, and `registry.changed` goes out
 * on the {@link DomainEventBus} (listeners: app/event-wiring.ts). Readers must ask these getters each time rather
 * than keep a copy. Versions appended by another node of a shared store are followed the same way.
 */
@Injectable()
export class RegistryService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RegistryService.name);
  private readonly file: string;
  private current: { summary: RegistryVersionSummaryDto; registry: Registry; index: StationIndex };
  private rulesCache = new Map<string, { day: number; rules: ThresholdRule[] }>();
  /** Changes run one after another (each reads the version the previous one made). */
  private queue: Promise<unknown> = Promise.resolve();
  private unsubscribe?: () => void;

  constructor(
    config: ConfigService<Env, true>,
    @Optional() @Inject(REGISTRY_STORE) private readonly store?: RegistryStore,
    @Optional() private readonly bus?: DomainEventBus,
  ) {
    this.file = resolve(config.get('REGISTRY_FILE', { infer: true }));
    const registry = parseRegistry(JSON.parse(readFileSync(this.file, 'utf8')));
    this.current = {
      summary: {
        version: 0,
        changedAt: new Date(0).toISOString(),
        changedBy: SEED_AUTHOR,
        summary: `file ${this.file}`,
      },
      registry,
      index: new StationIndex(registry),
    };
    this.logger.log(
      `registry ${this.file}: ${registry.clusters.length} clusters, ${this.current.index.all().length} stations`,
    );
  }

  /**
   * Opens the store: its newest version takes effect (`registry.changed` when it differs from the file), or the
   * file becomes version 1 of an empty store. @throws when the store is corrupt (the start stops).
   */
  async onModuleInit(): Promise<void> {
    if (!this.store) return;
    await this.store.open();
    const latest = await this.store.latest();
    if (latest) {
      this.adopt(latest);
      this.logger.log(
        `registry version ${latest.version} (${latest.changedAt}, ${latest.changedBy}) from the store`,
      );
    } else {
      const seed: StoredRegistryVersion = {
        version: 1,
        changedAt: new Date().toISOString(),
        changedBy: SEED_AUTHOR,
        summary: `seeded from the registry file ${basename(this.file)}`,
        registry: this.current.registry,
      };
      await this.store.append(seed);
      this.adopt(seed);
      this.logger.log(`registry store was empty: ${this.file} stored as version 1`);
    }
    this.unsubscribe = this.store.onAppended((summary) => void this.follow(summary.version));
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.store?.close?.();
  }

  /** The registry in force, in the registry file's shape. Do not keep it: it is replaced by every change. */
  get registry(): Registry {
    return this.current.registry;
  }

  /** Index of the registry in force (retired stations included: {@link StationIndex.active} leaves them out). */
  get stations(): StationIndex {
    return this.current.index;
  }

  /** Who made the version in force, when, and what it changed (version 0: the file, before the store is opened). */
  get version(): RegistryVersionSummaryDto {
    return this.current.summary;
  }

  /** A station of the registry in force, retired or not (`station.retired`). */
  get(stationId: string): RegisteredStation | undefined {
    return this.current.index.get(stationId);
  }

  /**
   * Rules in force for a station at `at` (epoch ms); none for a retired station. Cached per station and Vietnam-time
   * day (limits change only on effective dates, which fall on Vietnam-time midnights); the cache is emptied by
   * every registry change.
   */
  rulesFor(stationId: string, at: number): ThresholdRule[] {
    const registered = this.current.index.get(stationId);
    if (!registered || registered.station.retired) return [];
    const day = vietnamDayKey(at);
    const cached = this.rulesCache.get(stationId);
    if (cached && cached.day === day) return cached.rules;
    const rules = rulesForStation(registered.station, at);
    this.rulesCache.set(stationId, { day, rules });
    return rules;
  }

  /** The newest `limit` versions, newest first. */
  async versions(limit: number): Promise<RegistryVersionSummaryDto[]> {
    return this.store ? this.store.list(limit) : [this.current.summary];
  }

  /** One stored version, or undefined. */
  async versionOf(version: number): Promise<StoredRegistryVersion | undefined> {
    if (!this.store)
      return version === this.current.summary.version
        ? { ...this.current.summary, registry: this.registry }
        : undefined;
    return this.store.get(version);
  }

  /**
   * Makes a new version: `edit` gets the registry in force and returns the next one (validated, see
   * registry-edits.ts) or throws; the version is stored, then takes effect and `registry.changed` is emitted.
   * Changes are serialised. @throws what `edit` throws (nothing changes); ApiError `conflict` when another node
   * stored this version number first; `storage_unavailable` when the store cannot be written (nothing changes).
   */
  change(
    actor: string,
    edit: (registry: Registry) => RegistryEdit | Promise<RegistryEdit>,
  ): Promise<AppliedChange> {
    const run = this.queue.then(async () => {
      if (!this.store) throw new ApiError(ApiErrorCode.StorageUnavailable, 'the registry store is not open');
      const before = this.current;
      const next = await edit(before.registry);
      const entry: StoredRegistryVersion = {
        version: before.summary.version + 1,
        changedAt: new Date().toISOString(),
        changedBy: actor,
        summary: next.summary,
        registry: next.registry,
      };
      try {
        await this.store.append(entry);
      } catch (error) {
        if (error instanceof RegistryVersionTaken) {
          await this.follow(error.version);
          throw new ApiError(
            ApiErrorCode.Conflict,
            `the registry changed meanwhile (version ${error.version}); try again`,
          );
        }
        this.logger.error(`registry version ${entry.version} not stored: ${(error as Error).message}`);
        throw new ApiError(ApiErrorCode.StorageUnavailable, 'the registry change could not be stored');
      }
      // `append` notified `follow`, which may have adopted it already: adopt is idempotent for one version.
      this.adopt(entry);
      const { registry: _r, ...version } = entry;
      return { version, before: before.registry, after: entry.registry };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Adopts stored version `version` when it is newer than the one in force (a shared store's other node). */
  private async follow(version: number): Promise<void> {
    if (!this.store || version <= this.current.summary.version) return;
    try {
      const stored = await this.store.get(version);
      if (stored && stored.version > this.current.summary.version) this.adopt(stored);
    } catch (error) {
      this.logger.error(`registry version ${version} could not be read: ${(error as Error).message}`);
    }
  }

  private adopt(entry: StoredRegistryVersion): void {
    if (entry.version <= this.current.summary.version) return;
    const before = this.current.registry;
    const { registry, ...summary } = entry;
    this.current = { summary, registry, index: new StationIndex(registry) };
    this.rulesCache = new Map();
    try {
      this.bus?.emit('registry.changed', { version: summary, before, after: registry });
    } catch (error) {
      // The version is stored and in force; a failing listener must not undo that.
      this.logger.error(`a registry.changed listener failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
}

import type { Registry, RegistryVersionSummaryDto } from '@langxanh/contracts';

/** One stored version of the registry: who, when, what, and the whole registry as the file holds it. */
export interface StoredRegistryVersion extends RegistryVersionSummaryDto {
  readonly registry: Registry;
}

/** Thrown by {@link RegistryStore.append} when the version number is already taken (another change came first). */
export class RegistryVersionTaken extends Error {
  constructor(readonly version: number) {
    super(`registry version ${version} already exists`);
    this.name = 'RegistryVersionTaken';
  }
}

/**
 * Where registry versions live. Versions are immutable and numbered 1, 2, 3…; a change appends the next one.
 * `FileRegistryStore` keeps them as JSON files (one node); a store shared by several ingesters (e.g. Redis, for
 * the two-node set-up) implements the same interface and reports the versions other nodes append through
 * {@link onAppended}, so every node follows the newest one.
 */
export interface RegistryStore {
  /** Reads what is stored (called once at start-up, before any other method). @throws when the store is corrupt. */
  open(): Promise<void>;
  /** The newest version, or undefined when nothing is stored yet (a new install: the seed file becomes version 1). */
  latest(): Promise<StoredRegistryVersion | undefined>;
  get(version: number): Promise<StoredRegistryVersion | undefined>;
  /** The newest `limit` versions, newest first, without their registries. */
  list(limit: number): Promise<RegistryVersionSummaryDto[]>;
  /**
   * Stores a new version, durably, before it resolves. @throws RegistryVersionTaken when `entry.version` exists;
   * the file system's errors when it cannot be written (nothing is stored then).
   */
  append(entry: StoredRegistryVersion): Promise<void>;
  /** Calls `listener` after each version appended (by this process, or by another node for a shared store). */
  onAppended(listener: (summary: RegistryVersionSummaryDto) => void): () => void;
  close?(): Promise<void>;
}

/** Nest injection token of the {@link RegistryStore}. */
export const REGISTRY_STORE = Symbol('RegistryStore');

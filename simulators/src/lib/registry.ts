import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  parseRegistry,
  StationIndex,
  type RegisteredStation,
  type Registry,
  type StationKind,
} from '@langxanh/contracts';

/**
 * The repository root: the nearest folder above this file holding `nx.json` (works from the sources and from
 * `dist/simulators/…`), else the working directory.
 */
/** A file of the real datasets in `../shared/data/real/<dataset>/<file>`, beside the repository. */
export function sharedDataFile(dataset: string, file: string): string {
  return join(repoRoot(), '..', 'shared', 'data', 'real', dataset, file);
}

export function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Default registry: `deploy/registry/bac-ninh.json` under the repository root. */
export function defaultRegistryPath(): string {
  return join(repoRoot(), 'deploy', 'registry', 'bac-ninh.json');
}

/** Reads and validates a registry file with the contract's {@link parseRegistry}. */
export function loadRegistry(file: string = defaultRegistryPath()): Registry {
  return parseRegistry(JSON.parse(readFileSync(file, 'utf8')));
}

/** Thrown for a selection that names no station or an unknown cluster/station id. */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectionError';
  }
}

export interface StationSelection {
  /** Cluster ids; empty or absent = all. */
  readonly clusters?: readonly string[];
  /** Station ids; empty or absent = all (of the selected clusters). */
  readonly stations?: readonly string[];
  /** Only stations of these kinds. */
  readonly kinds?: readonly StationKind[];
}

/**
 * The registry stations matching a selection, in registry order.
 * @throws SelectionError when an id is unknown or nothing is left.
 */
export function selectStations(registry: Registry, selection: StationSelection = {}): RegisteredStation[] {
  const index = new StationIndex(registry);
  const clusterIds = new Set(registry.clusters.map((c) => c.id));
  const unknownClusters = (selection.clusters ?? []).filter((c) => !clusterIds.has(c));
  if (unknownClusters.length > 0) {
    throw new SelectionError(
      `unknown cluster(s) ${unknownClusters.join(', ')}; known: ${[...clusterIds].join(', ')}`,
    );
  }
  const unknownStations = (selection.stations ?? []).filter((s) => !index.get(s));
  if (unknownStations.length > 0) {
    throw new SelectionError(`unknown station(s) ${unknownStations.join(', ')}`);
  }
  const clusters = selection.clusters?.length ? new Set(selection.clusters) : undefined;
  const stations = selection.stations?.length ? new Set(selection.stations) : undefined;
  const kinds = selection.kinds?.length ? new Set(selection.kinds) : undefined;
  const selected = index
    .all()
    .filter(
      (r) =>
        (!clusters || clusters.has(r.cluster.id)) &&
        (!stations || stations.has(r.station.id)) &&
        (!kinds || kinds.has(r.station.kind)),
    );
  if (selected.length === 0) throw new SelectionError('the selection matches no station');
  return selected;
}

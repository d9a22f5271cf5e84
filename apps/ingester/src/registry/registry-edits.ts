import {
  REGISTRY_SUMMARY_MAX_CHARS,
  registrySchema,
  type AuditChange,
  type Cluster,
  type ClusterInfo,
  type Registry,
  type Station,
} from '@langxanh/contracts';
import { ApiError, ApiErrorCode, type FieldError } from '../common/errors';
import { fieldErrors } from '../common/query';

/**
 * Pure edits of a registry: each takes the registry in force and returns the next one with a one-line summary,
 * validated whole by the registry file's own schema ({@link validated}), or throws. No I/O, no clock (the time of a
 * retirement is a parameter).
 */

/** A proposed next registry and what it changes. */
export interface RegistryEdit {
  readonly registry: Registry;
  readonly summary: string;
}

/** A station as a request gives it: the registry entry plus the id of its cluster (optional when editing). */
export type StationInput = Station & { readonly cluster?: string };

const clone = (registry: Registry): Registry => structuredClone(registry);

/** Where station `stationId` is: its cluster, index and entry. */
function locate(
  registry: Registry,
  stationId: string,
): { cluster: Cluster; si: number; station: Station } | undefined {
  for (const cluster of registry.clusters) {
    const si = cluster.stations.findIndex((s) => s.id === stationId);
    const station = cluster.stations[si];
    if (station) return { cluster, si, station };
  }
  return undefined;
}

/** Refuses a TT 10 name another station has (the file schema finds it too, but reports it at whichever comes second). */
function assertTt10Free(registry: Registry, station: Station): void {
  if (station.tt10 === undefined) return;
  for (const cluster of registry.clusters) {
    const other = cluster.stations.find((s) => s.id !== station.id && s.tt10 === station.tt10);
    if (other)
      invalid([{ path: ['tt10'], message: `TT 10 name "${station.tt10}" is station ${other.id}'s` }]);
  }
}

function invalid(errors: FieldError[]): never {
  throw new ApiError(
    ApiErrorCode.BadRequest,
    errors.map((e) => `${e.path.join('.') || 'body'}: ${e.message}`).join('; '),
    errors,
  );
}

/**
 * Validates `next` with {@link registrySchema} (the file's schema with its cross-checks: unique cluster and station
 * ids, unique TT 10 names). An issue inside the station or cluster the request edits is reported at its path inside
 * the request body (`['tt10']`); any other at its path in the registry.
 * @throws ApiError `bad_request` with `errors: [{path, message}]`; nothing is changed.
 */
export function validated(
  next: Registry,
  summary: string,
  focus?: { readonly clusterId: string; readonly stationId?: string },
): RegistryEdit {
  const result = registrySchema.safeParse(next);
  if (result.success) return { registry: result.data, summary: summary.slice(0, REGISTRY_SUMMARY_MAX_CHARS) };
  const ci = focus ? next.clusters.findIndex((c) => c.id === focus.clusterId) : -1;
  const si =
    focus?.stationId !== undefined && ci >= 0
      ? (next.clusters[ci]?.stations.findIndex((s) => s.id === focus.stationId) ?? -1)
      : -1;
  return invalid(
    fieldErrors(result.error.issues).map((e) => {
      const [top, c, sub, s, ...rest] = e.path;
      if (top === 'clusters' && c === ci) {
        if (focus?.stationId === undefined && sub !== 'stations') return { ...e, path: e.path.slice(2) };
        if (sub === 'stations' && s === si) return { ...e, path: rest };
      }
      return e;
    }),
  );
}

/**
 * Adds a station to cluster `input.cluster`. @throws ApiError `bad_request` with field errors for an unknown
 * cluster (`['cluster']`), a station id already in use (`['id']`), a TT 10 name already in use (`['tt10']`) or any
 * issue of the registry schema.
 */
export function addStation(registry: Registry, input: StationInput): RegistryEdit {
  const { cluster: clusterId, ...station } = input;
  const next = clone(registry);
  const cluster = next.clusters.find((c) => c.id === clusterId);
  if (clusterId === undefined || !cluster)
    invalid([{ path: ['cluster'], message: `no cluster "${clusterId}"` }]);
  if (locate(next, station.id)) {
    invalid([
      { path: ['id'], message: `station id "${station.id}" is in use (ids are unique across the province)` },
    ]);
  }
  assertTt10Free(next, station as Station);
  cluster.stations.push(station as Station);
  return validated(next, `station ${station.id} added to ${cluster.id}`, {
    clusterId: cluster.id,
    stationId: station.id,
  });
}

/**
 * Replaces station `id` with `input` (the full entry; its retirement, if any, is kept), moving it to
 * `input.cluster` when given and different. @throws ApiError `not_found` for an unknown station; `bad_request`
 * (field errors) when the body's id is not the path's, for an unknown cluster, or any issue of the registry schema.
 */
export function updateStation(registry: Registry, id: string, input: StationInput): RegistryEdit {
  const { cluster: clusterId, ...station } = input;
  const next = clone(registry);
  const at = locate(next, id);
  if (!at) throw new ApiError(ApiErrorCode.NotFound, `no station "${id}"`);
  if (station.id !== id) invalid([{ path: ['id'], message: `must be "${id}" (the station being changed)` }]);
  const { cluster: from, station: previous } = at;
  const target = clusterId === undefined ? from : next.clusters.find((c) => c.id === clusterId);
  if (!target) invalid([{ path: ['cluster'], message: `no cluster "${clusterId}"` }]);
  const entry = { ...station, ...(previous.retired ? { retired: previous.retired } : {}) } as Station;
  assertTt10Free(next, entry);
  const changed = Object.keys(stationChanges(previous, entry));
  if (target === from) {
    from.stations[at.si] = entry;
  } else {
    from.stations.splice(at.si, 1);
    target.stations.push(entry);
    changed.push('cluster');
  }
  const what = changed.length > 0 ? changed.join(', ') : 'nothing';
  const moved = target === from ? '' : ` (moved ${from.id} → ${target.id})`;
  return validated(next, `station ${id} changed: ${what}${moved}`, { clusterId: target.id, stationId: id });
}

/**
 * Marks station `id` retired at `at` (ISO 8601 UTC). @throws ApiError `not_found` for an unknown station,
 * `conflict` when it is retired already.
 */
export function retireStation(registry: Registry, id: string, at: string, reason?: string): RegistryEdit {
  const next = clone(registry);
  const where = locate(next, id);
  if (!where) throw new ApiError(ApiErrorCode.NotFound, `no station "${id}"`);
  const { cluster, station } = where;
  if (station.retired)
    throw new ApiError(ApiErrorCode.Conflict, `station "${id}" was retired at ${station.retired.at}`);
  cluster.stations[where.si] = { ...station, retired: { at, ...(reason !== undefined ? { reason } : {}) } };
  return validated(next, `station ${id} retired${reason ? `: ${reason}` : ''}`);
}

/** Adds a cluster without stations. @throws ApiError `bad_request` (`['id']`) when the id is in use, or any schema issue. */
export function addCluster(registry: Registry, info: ClusterInfo): RegistryEdit {
  const next = clone(registry);
  if (next.clusters.some((c) => c.id === info.id))
    invalid([{ path: ['id'], message: `cluster id "${info.id}" is in use` }]);
  next.clusters.push({ ...info, stations: [] });
  return validated(next, `cluster ${info.id} added`, { clusterId: info.id });
}

/**
 * Replaces cluster `id`'s own fields (name, craft, commune, location, manager, contacts), keeping its stations.
 * @throws ApiError `not_found` for an unknown cluster; `bad_request` when the body's id is not the path's.
 */
export function updateCluster(registry: Registry, id: string, info: ClusterInfo): RegistryEdit {
  const next = clone(registry);
  const index = next.clusters.findIndex((c) => c.id === id);
  const previous = next.clusters[index];
  if (!previous) throw new ApiError(ApiErrorCode.NotFound, `no cluster "${id}"`);
  if (info.id !== id) invalid([{ path: ['id'], message: `must be "${id}" (the cluster being changed)` }]);
  const { stations, ...before } = previous;
  const changed = Object.keys(fieldChanges(before, info));
  next.clusters[index] = { ...info, stations };
  return validated(next, `cluster ${id} changed: ${changed.length > 0 ? changed.join(', ') : 'nothing'}`, {
    clusterId: id,
  });
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function fieldChanges(before: object, after: object): Record<string, AuditChange> {
  const changes: Record<string, AuditChange> = {};
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!same(a[key], b[key])) changes[key] = { before: a[key], after: b[key] };
  }
  return changes;
}

/** The top-level fields of a station that differ, each with its value before and after. */
export function stationChanges(before: Station, after: Station): Record<string, AuditChange> {
  return fieldChanges(before, after);
}

/** Most entries in one audit record's `changes` (a restore can touch many stations); the rest are counted. */
export const MAX_AUDIT_CHANGES = 50;

/**
 * What a change did, for the audit log: per station `station:<id>` (or per station field
 * `station:<id>.<field>` when it existed before and after), per cluster field `cluster:<id>.<field>`, `province`
 * and `department` — each with its value before and after (absent = did not exist). At most
 * {@link MAX_AUDIT_CHANGES} entries; beyond them `more: {after: <count left out>}`.
 */
export function registryChanges(before: Registry, after: Registry): Record<string, AuditChange> {
  const changes: [string, AuditChange][] = [];
  for (const key of ['province', 'department'] as const) {
    if (!same(before[key], after[key])) changes.push([key, { before: before[key], after: after[key] }]);
  }
  const clustersBefore = new Map(before.clusters.map((c) => [c.id, c]));
  const clustersAfter = new Map(after.clusters.map((c) => [c.id, c]));
  for (const id of new Set([...clustersBefore.keys(), ...clustersAfter.keys()])) {
    const { stations: _b, ...b } = clustersBefore.get(id) ?? { stations: [] };
    const { stations: _a, ...a } = clustersAfter.get(id) ?? { stations: [] };
    if (!clustersBefore.has(id) || !clustersAfter.has(id)) {
      changes.push([
        `cluster:${id}`,
        { before: clustersBefore.has(id) ? b : undefined, after: clustersAfter.has(id) ? a : undefined },
      ]);
      continue;
    }
    for (const [field, change] of Object.entries(fieldChanges(b, a)))
      changes.push([`cluster:${id}.${field}`, change]);
  }
  const stationsBefore = stationMap(before);
  const stationsAfter = stationMap(after);
  for (const id of new Set([...stationsBefore.keys(), ...stationsAfter.keys()])) {
    const b = stationsBefore.get(id);
    const a = stationsAfter.get(id);
    if (!b || !a) {
      changes.push([`station:${id}`, { before: b?.station, after: a?.station }]);
      continue;
    }
    if (b.cluster !== a.cluster)
      changes.push([`station:${id}.cluster`, { before: b.cluster, after: a.cluster }]);
    for (const [field, change] of Object.entries(stationChanges(b.station, a.station))) {
      changes.push([`station:${id}.${field}`, change]);
    }
  }
  const kept = Object.fromEntries(changes.slice(0, MAX_AUDIT_CHANGES));
  if (changes.length > MAX_AUDIT_CHANGES) kept['more'] = { after: changes.length - MAX_AUDIT_CHANGES };
  return kept;
}

function stationMap(registry: Registry): Map<string, { cluster: string; station: Station }> {
  const map = new Map<string, { cluster: string; station: Station }>();
  for (const cluster of registry.clusters)
    for (const station of cluster.stations) map.set(station.id, { cluster: cluster.id, station });
  return map;
}

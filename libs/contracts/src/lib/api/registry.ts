import { z } from 'zod';
import {
  airStationSchema,
  clusterInfoSchema,
  REGISTRY_LIMITS,
  wastewaterStationSchema,
  wasteStationSchema,
  type Registry,
  type Station,
} from '../registry';
import { SLUG_PATTERN } from '../topics';

/**
 * The run-time registry API (`/api/registry…`, docs/registry.md): the registry file's own schema
 * (`libs/contracts` registry.ts) is the schema of every change, so a change the API accepts is a registry the file
 * would accept, and `GET /api/registry/export` can be written back as the seed file.
 */

/** Who changed the registry, when, and what (one line). */
export interface RegistryVersionSummaryDto {
  /** 1, 2, 3… (version 1 is the seed file of a new install). */
  readonly version: number;
  /** ISO 8601 UTC. */
  readonly changedAt: string;
  /** Username, or `seed` for version 1. */
  readonly changedBy: string;
  /** e.g. `station pk-ww-07 added to phong-khe`; at most {@link REGISTRY_SUMMARY_MAX_CHARS} characters. */
  readonly summary: string;
}

/** At most this many characters of a version's summary. */
export const REGISTRY_SUMMARY_MAX_CHARS = 500;

/** `GET /api/registry/versions/{version}`: one version with its registry. */
export interface RegistryVersionDto extends RegistryVersionSummaryDto {
  readonly registry: Registry;
}

/** `GET /api/registry`: the registry in force, in the registry file's shape, with its version. */
export interface CurrentRegistryDto {
  readonly version: number;
  readonly changedAt: string;
  readonly changedBy: string;
  readonly registry: Registry;
}

/** Answer of a change that makes a new version (restore, retire, cluster changes). */
export interface RegistryChangeDto {
  readonly version: number;
}

/** Answer of `POST /api/registry/stations` (201) and `PUT /api/registry/stations/{id}`: the station as stored. */
export interface RegistryStationChangeDto {
  readonly version: number;
  readonly station: Station;
}

/** One field error of a refused change: the zod issue path inside the request body, and its message. */
export interface FieldErrorDto {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const clusterId = z.string().regex(SLUG_PATTERN, 'must be a lowercase ASCII slug (a-z, 0-9, -)');

/**
 * A station body: one station entry exactly as in the registry file (without `retired`, which only
 * `POST …/retire` sets and a restore undoes) plus `cluster`, the id of its cluster. Required in
 * `POST /api/registry/stations`; optional in `PUT /api/registry/stations/{id}` (absent: it stays in its cluster;
 * another cluster moves it — its datalogger must then publish under that cluster's topic).
 */
function stationBody(cluster: z.ZodType<string | undefined>) {
  return z.discriminatedUnion('kind', [
    wastewaterStationSchema.omit({ retired: true }).extend({ cluster }),
    airStationSchema.omit({ retired: true }).extend({ cluster }),
    wasteStationSchema.omit({ retired: true }).extend({ cluster }),
  ]);
}

/** Body of `POST /api/registry/stations`. */
export const createStationBodySchema = stationBody(clusterId);
/** Body of `PUT /api/registry/stations/{id}` (its `id` must be the path's). */
export const updateStationBodySchema = stationBody(clusterId.optional());
export type CreateStationBody = z.input<typeof createStationBodySchema>;
export type UpdateStationBody = z.input<typeof updateStationBodySchema>;

/** Body of `POST /api/registry/stations/{id}/retire` (optional). */
export const retireStationBodySchema = z.strictObject({
  reason: z.string().min(1).max(REGISTRY_LIMITS.reasonChars).optional(),
});
export type RetireStationBody = z.input<typeof retireStationBodySchema>;

/**
 * Body of `POST /api/registry/clusters` and `PUT /api/registry/clusters/{id}`: a cluster entry as in the registry
 * file without its `stations` (added one by one; a PUT keeps them).
 */
export const clusterBodySchema = clusterInfoSchema;
export type ClusterBody = z.input<typeof clusterBodySchema>;

/** Query of `GET /api/registry/versions`: `limit` 1–200 (default 50), newest first. */
export const registryVersionsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

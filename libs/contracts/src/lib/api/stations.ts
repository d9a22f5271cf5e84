import type { Contact, Location, Station } from '../registry';
import type { StatusCode } from '../reading';
import type { ThresholdRule } from '../rules';
import type { StationKind } from '../station-kind';

/** `GET /api/clusters`: one craft-village cluster. */
export interface ClusterDto {
  readonly id: string;
  readonly name: string;
  readonly craft: { readonly vi: string; readonly en: string };
  readonly commune: string;
  readonly location: Location;
  readonly manager: Contact;
  readonly stationIds: readonly string[];
}

/**
 * Status of a station on the overview:
 * `normal` reporting and within limits; `exceeding` at least one active alert; `offline` silent for more than
 * OFFLINE_AFTER_INTERVALS (3) × its expected interval, at once when its last will says `offline`, or never heard
 * from by OFFLINE_GRACE_S after start-up; `no_data` never reported since start-up, within that grace. One rule
 * decides it, the same one the offline alert reads (`stationSilence`, libs/alerting `deadman.ts`).
 */
export type StationState = 'normal' | 'exceeding' | 'offline' | 'no_data';

export interface LatestValueDto {
  readonly value: number;
  /** ISO 8601, UTC. */
  readonly time: string;
  readonly status: StatusCode;
}

/** `GET /api/stations` and `GET /api/stations/{id}`. */
export interface StationDto {
  readonly id: string;
  readonly clusterId: string;
  readonly kind: StationKind;
  readonly name: string;
  readonly location: Location;
  readonly expectedIntervalS: number;
  readonly standard: Station['standard'];
  readonly state: StationState;
  /** Last time a reading arrived (ISO 8601 UTC), or null. */
  readonly lastSeen: string | null;
  /** Last value per parameter. */
  readonly latest: Readonly<Record<string, LatestValueDto>>;
  readonly activeAlerts: number;
  /** Limits that apply to this station now. */
  readonly limits: readonly ThresholdRule[];
  /**
   * Set when the station was retired (ISO 8601 UTC): it is no longer in `GET /api/stations`, refuses readings, and
   * its history stays readable (docs/registry.md).
   */
  readonly retiredAt?: string;
}

/** One time bucket of `GET /api/stations/{id}/readings`; `mean`/`min`/`max` are null in a gap. */
export interface ReadingBucketDto {
  /** Bucket start, ISO 8601 UTC. */
  readonly time: string;
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly count: number;
}

/** `GET /api/stations/{id}/readings?parameter=&from=&to=&every=`. */
export interface ReadingsDto {
  readonly station: string;
  readonly parameter: string;
  readonly unit: string;
  /** ISO 8601 UTC. */
  readonly from: string;
  readonly to: string;
  /** Bucket width in seconds. */
  readonly everyS: number;
  readonly points: readonly ReadingBucketDto[];
}

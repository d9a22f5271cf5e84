import type { Contact, Location, Station } from './registry';
import type { StatusCode } from './reading';
import type { AveragingPeriod, LimitSource, ThresholdRule } from './rules';
import type { StationKind } from './station-kind';

/** `GET /api/health`. HTTP 200 when both broker and database are reachable, else 503 with the same body. */
export interface HealthDto {
  readonly status: 'ok' | 'degraded';
  readonly uptimeS: number;
  readonly broker: { readonly connected: boolean; readonly url: string };
  readonly database: {
    readonly reachable: boolean;
    /** Write API in use: `v1` (`/write`, InfluxDB 1.x) or `v2` (`/api/v2/write`, InfluxDB 2.x/3.x). */
    readonly api: 'v1' | 'v2';
    readonly version?: string;
    /** Points accepted by the client but not yet confirmed written. */
    readonly pendingPoints: number;
  };
  readonly counters: {
    readonly messages: number;
    readonly readingsAccepted: number;
    readonly rejections: Readonly<Record<string, number>>;
    readonly pointsWritten: number;
    readonly writeFailures: number;
    /** Points given up after INFLUX_MAX_RETRY_TIME_MS of failed writes, or still pending at shutdown. */
    readonly pointsDropped: number;
  };
}

/** `GET /api/health` without credentials: liveness only (same status codes, no counters or addresses). */
export interface LivenessDto {
  readonly status: HealthDto['status'];
}

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
 * 3 × its expected interval or its last will said `offline`; `no_data` never reported since start-up.
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

/**
 * Alert lifecycle: `active` (raised, nobody has acted) → `acknowledged` (a person in scope took it) → `resolved`
 * (the clear condition held). An acknowledged alert still resolves on its own.
 */
export type AlertState = 'active' | 'acknowledged' | 'resolved';

/** `warning`: approaching the limit (a configured fraction of it); `critical`: the limit is exceeded. */
export type AlertSeverity = 'warning' | 'critical';

/** A person's note on an alert (`POST /api/alerts/{id}/comments`, or the comment given when acknowledging). */
export interface AlertCommentDto {
  /** Username of the author. */
  readonly by: string;
  /** ISO 8601 UTC. */
  readonly at: string;
  readonly text: string;
}

/** Body of `POST /api/alerts/{id}/acknowledge`. */
export interface AcknowledgeAlertDto {
  readonly comment?: string;
}

/** Body of `POST /api/alerts/{id}/comments`. */
export interface CommentAlertDto {
  readonly text: string;
}

/** `GET /api/alerts` and the `alert` socket event. */
export interface AlertDto {
  /** `{station}:{ruleId}:{raisedAt epoch ms}`. */
  readonly id: string;
  readonly cluster: string;
  readonly station: string;
  readonly kind: StationKind;
  readonly parameter: string;
  readonly ruleId: string;
  readonly state: AlertState;
  readonly severity: AlertSeverity;
  readonly comparison: ThresholdRule['comparison'];
  readonly min?: number;
  readonly max?: number;
  readonly unit: string;
  readonly averagingPeriod: AveragingPeriod;
  readonly source: LimitSource;
  /** The (averaged) value that raised the alert. */
  readonly triggerValue: number;
  /** Worst value seen while active. */
  readonly peakValue: number;
  readonly lastValue: number;
  /** ISO 8601 UTC. */
  readonly raisedAt: string;
  readonly lastValueAt: string;
  readonly resolvedAt?: string;
  /** Username and ISO 8601 UTC time of the acknowledgement, once acknowledged. */
  readonly acknowledgedBy?: string;
  readonly acknowledgedAt?: string;
  /** Oldest first. */
  readonly comments?: readonly AlertCommentDto[];
}

/** Roles (issue: access control): `admin` manages users; `department` reads and acts on every cluster; `manager` on its clusters. */
export type Role = 'admin' | 'department' | 'manager';

/** A signed-in person as the API describes them. */
export interface UserDto {
  readonly username: string;
  readonly role: Role;
  /** Cluster ids a `manager` is scoped to; empty for `admin` and `department` (all clusters). */
  readonly clusters: readonly string[];
}

/** Body of `POST /api/auth/login`. */
export interface LoginRequestDto {
  readonly username: string;
  readonly password: string;
}

/**
 * Answer of `POST /api/auth/login`: send `Authorization: Bearer {token}` on REST calls and
 * `auth: { token }` in the socket.io handshake.
 */
export interface SessionDto {
  readonly token: string;
  /** ISO 8601 UTC. */
  readonly expiresAt: string;
  readonly user: UserDto;
}

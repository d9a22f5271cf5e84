import type { Contact, Location, Station } from './registry';
import type { StatusCode } from './reading';
import type { AveragingPeriod, LimitSource, ThresholdRule } from './rules';
import type { StationKind } from './station-kind';

/**
 * `GET /api/health`: HTTP 200 when the broker is connected, InfluxDB takes writes and the spool has room; else 503
 * with the same body. `GET /api/health/live` (liveness) and `GET /api/health/ready` (readiness: broker connected and
 * spool accepting — readings are still accepted while only InfluxDB is down) answer with the same body.
 */
export interface HealthDto {
  readonly status: 'ok' | 'degraded';
  readonly uptimeS: number;
  readonly broker: {
    readonly connected: boolean;
    readonly url: string;
    /** ISO 8601 UTC of the last connect or disconnect. */
    readonly since?: string;
    readonly reconnectAttempts?: number;
    readonly lastError?: string;
  };
  readonly database: {
    readonly reachable: boolean;
    /** False while writes fail (the spool keeps the data). */
    readonly writing?: boolean;
    readonly lastWriteAt?: string;
    readonly lastError?: string;
    /** Write API in use: `v1` (`/write`, InfluxDB 1.x) or `v2` (`/api/v2/write`, InfluxDB 2.x/3.x). */
    readonly api: 'v1' | 'v2';
    readonly version?: string;
  };
  /** The on-disk spool: what is accepted (and acknowledged) but not yet written to InfluxDB. */
  readonly spool?: {
    readonly pendingLines: number;
    readonly pendingBytes: number;
    readonly maxBytes: number;
    /** Age in seconds of the oldest line not yet written (0 when none). */
    readonly oldestAgeS: number;
    readonly full: boolean;
    readonly policy: 'block' | 'drop-oldest';
  };
  readonly counters: {
    readonly messages: number;
    readonly readingsAccepted: number;
    readonly rejections: Readonly<Record<string, number>>;
    readonly normalisations?: Readonly<Record<string, number>>;
    readonly retainedReplays?: number;
    readonly deadLetters?: number;
    readonly spooled?: number;
    readonly pointsWritten: number;
    readonly writeFailures: number;
    /** Points that will never reach InfluxDB (refused by it and quarantined, or dropped from a full spool). */
    readonly pointsDropped: number;
  };
  /**
   * Alert notifications since start-up (issue: alerting): per channel and outcome (`sent`, `failed` after every
   * retry, `suppressed` by a silence, `retried` attempts), and how many are being retried now. A failing channel
   * does not make the ingester unhealthy; it shows here, in `GET /api/notifications` and in the logs.
   */
  readonly notifications?: {
    readonly byChannel: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly retrying: number;
  };
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

/**
 * What an alert is about: `threshold` a limit of a rule (the default when absent); `offline` a silent station
 * (deadman: parameter `silence`, values in minutes); `device-fault` a datalogger reporting status `02`
 * (device error, TT 10/2021/TT-BTNMT) for a parameter.
 */
export type AlertType = 'threshold' | 'offline' | 'device-fault';

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
  /** Absent means `threshold`. */
  readonly type?: AlertType;
  /** ISO 8601 UTC: when the unacknowledged critical alert was escalated to the department. */
  readonly escalatedAt?: string;
}

/**
 * A silence or maintenance window (`/api/silences`): alerts of the station or cluster are still evaluated,
 * recorded and shown, but no notification is sent while it lasts.
 */
export interface SilenceDto {
  readonly id: string;
  /** Exactly one of station or cluster. */
  readonly station?: string;
  readonly cluster?: string;
  readonly kind: 'silence' | 'maintenance';
  /** ISO 8601 UTC, start inclusive, end exclusive. */
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** Body of `POST /api/silences`; `from` defaults to now; times ISO 8601 (Vietnam time without an offset). */
export interface CreateSilenceDto {
  readonly station?: string;
  readonly cluster?: string;
  readonly kind?: 'silence' | 'maintenance';
  readonly from?: string;
  readonly to: string;
  readonly reason: string;
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
 * `GET /api/health` (and `/live`, `/ready`) without credentials: whether it is up and which part is down (same HTTP
 * codes), without addresses, versions or counters.
 */
export interface LivenessDto {
  readonly status: HealthDto['status'];
  readonly broker: { readonly connected: boolean };
  readonly database: { readonly reachable: boolean };
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

/** The six VN_AQI parameters (QĐ 1459/QĐ-TCMT mục 2.1 b), keyed as in the parameter catalogue. */
export type AqiParameterKey = 'PM2.5' | 'PM10' | 'O3' | 'NO2' | 'SO2' | 'CO';

/**
 * Key of a VN_AQI band (QĐ 1459/QĐ-TCMT Bảng 1): `good` 0–50 Tốt, `moderate` 51–100 Trung bình, `poor` 101–150
 * Kém, `bad` 151–200 Xấu, `very_bad` 201–300 Rất xấu, `hazardous` 301–500 Nguy hại. Labels, health texts
 * (Bảng 4, 5) and colours: `VN_AQI_BANDS` of `@langxanh/aqi`.
 */
export type AqiBandKeyDto = 'good' | 'moderate' | 'poor' | 'bad' | 'very_bad' | 'hazardous';

/** A band as the API sends it: key, level 1–6 and the official colour (`#RRGGBB`, Bảng 1). */
export interface AqiBandDto {
  readonly key: AqiBandKeyDto;
  readonly level: number;
  readonly colour: string;
}

/** One parameter's VN_AQI sub-index (AQIx). */
export interface AqiSubIndexDto {
  readonly parameter: AqiParameterKey;
  /**
   * What the concentration is: `nowcast` (hourly PM2.5/PM10), `1h` (hourly gases), `24h` (daily PM mean),
   * `max1h` / `max8h` (daily maximum 1-h / 8-h mean; O3 has both).
   */
  readonly basis: 'nowcast' | '1h' | 'max1h' | 'max8h' | '24h';
  /** µg/m³ (CO included), unrounded. */
  readonly concentration: number;
  /** AQIx rounded half-up to an integer. */
  readonly aqi: number;
  /** True for the entry with the highest AQIx (QĐ 1459 Bảng 3: the dominant parameter must be marked). */
  readonly dominant: boolean;
}

/** Hourly VN_AQI of the hour ending at `time` (QĐ 1459 labels an hour by its end: 20:00 = 19:00–20:00). */
export interface HourlyAqiDto {
  /** End of the hour, ISO 8601 UTC. */
  readonly time: string;
  /** Integer VN_AQI, or null when no PM2.5/PM10 NowCast could be computed (`reason`). */
  readonly aqi: number | null;
  readonly band: AqiBandDto | null;
  readonly dominant: AqiParameterKey | null;
  readonly subIndices: readonly AqiSubIndexDto[];
  /** NowCast concentrations used, µg/m³ (present when computable: ≥ 2 of the last 3 hours). */
  readonly nowcast: { readonly 'PM2.5'?: number; readonly PM10?: number };
  /** `no_pm`: neither PM2.5 nor PM10 available (QĐ 1459 mục 2.1 b). */
  readonly reason?: 'no_pm';
}

/** Daily VN_AQI of a Vietnam calendar day (hours ending 01:00 … 00:00 next day, QĐ 1459 mục 2.2.2). */
export interface DailyAqiDto {
  /** `YYYY-MM-DD`, Asia/Ho_Chi_Minh. */
  readonly date: string;
  readonly aqi: number | null;
  readonly band: AqiBandDto | null;
  readonly dominant: AqiParameterKey | null;
  readonly subIndices: readonly AqiSubIndexDto[];
  /** Hourly means present per parameter (of 24; today: of the hours ended so far). */
  readonly hoursPresent: Readonly<Partial<Record<AqiParameterKey, number>>>;
  /** Fewer than 18 of 24 hourly means for a parameter in the index (LàngXanh policy; QĐ 1459 sets none). */
  readonly provisional: boolean;
  readonly reason?: 'no_pm';
  /** The same day on the optional second scale, US EPA AQI (2024 breakpoints); never to be shown unlabelled. */
  readonly usEpa?: UsEpaAqiDto;
}

/**
 * US EPA AQI with the 2024 PM2.5 breakpoints (shared docs/domain.md §1.8), a second scale for comparison only:
 * daily PM 24-h means, O3/CO maximum 8-h means, SO2/NO2 maximum 1-h means, gases converted from µg/m³ at 25 °C.
 * Categories: `good`, `moderate`, `unhealthy_sensitive` (Unhealthy for Sensitive Groups), `unhealthy`,
 * `very_unhealthy`, `hazardous`, with the same colours as VN_AQI.
 */
export interface UsEpaAqiDto {
  readonly scale: 'US_EPA_AQI_2024';
  readonly aqi: number | null;
  readonly category:
    'good' | 'moderate' | 'unhealthy_sensitive' | 'unhealthy' | 'very_unhealthy' | 'hazardous' | null;
  readonly dominant: AqiParameterKey | null;
}

/**
 * `GET /api/stations/{id}/aqi?at=` (air stations only; `at` ISO 8601, default now; without an offset, Vietnam
 * time). Scale `VN_AQI` per QĐ 1459/QĐ-TCMT, from hourly means of readings with status `00` (calibrating `01` and
 * error `02` data excluded). An hour counts once it has ended: `current` is the hour ending at the last whole hour
 * ≤ `at`.
 */
export interface StationAqiDto {
  readonly station: string;
  readonly scale: 'VN_AQI';
  /** `QĐ 1459/QĐ-TCMT`. */
  readonly method: string;
  /** The `at` used, ISO 8601 UTC. */
  readonly at: string;
  readonly current: HourlyAqiDto;
  /** The last 24 hourly values, oldest first; the last one is `current`. */
  readonly hourly: readonly HourlyAqiDto[];
  /** The last 7 Vietnam calendar days, oldest first; the last one is today so far (usually provisional). */
  readonly daily: readonly DailyAqiDto[];
}

/**
 * `GET /api/aqi?at=`: the current hourly VN_AQI of every air station, for the overview and the map (one InfluxDB
 * query for all stations). Same method and `at` rule as {@link StationAqiDto}.
 */
export interface AqiOverviewDto {
  readonly scale: 'VN_AQI';
  readonly at: string;
  readonly stations: readonly {
    readonly station: string;
    readonly cluster: string;
    /** End of the hour, ISO 8601 UTC. */
    readonly time: string;
    readonly aqi: number | null;
    readonly band: AqiBandDto | null;
    readonly dominant: AqiParameterKey | null;
  }[];
}

/** The worst value of a compliance row and the span it covers (a sample: `from` = `to`). */
export interface ComplianceWorstDto {
  readonly value: number;
  /** ISO 8601 UTC. */
  readonly from: string;
  readonly to: string;
}

/**
 * One limit of a compliance report. Counted per the limit's averaging period: `instant` limits per sample; `1h`
 * per clock-hour mean; `8h` per 8-h mean ending at each whole hour (≥ 6 of 8 hourly means); `24h` per Vietnam
 * calendar-day mean (≥ 18 of 24 hourly means, days wholly inside the range). An hourly mean is the mean of the
 * hour's samples with status `00`; samples with status `01` (calibrating) or `02` (error) are excluded everywhere.
 */
export interface ComplianceRowDto {
  readonly parameter: string;
  readonly unit: string;
  readonly ruleId: string;
  readonly comparison: ThresholdRule['comparison'];
  readonly min?: number;
  readonly max?: number;
  readonly averagingPeriod: AveragingPeriod;
  readonly source: LimitSource;
  /** Part of the report range this limit was in force (ISO 8601 UTC; a limit may change on an effective date). */
  readonly from: string;
  readonly to: string;
  /** `samples` for instant limits, else the averaging period whose means are counted. */
  readonly basis: 'samples' | '1h' | '8h' | '24h';
  /** Samples (station's expected interval) or means the span should have. */
  readonly expected: number;
  /** Samples with status `00`, or valid means. */
  readonly measured: number;
  /** measured / expected × 100, one decimal, at most 100; null when nothing was expected. */
  readonly completenessPct: number | null;
  /** Samples of the parameter with status `01` or `02` in the span, left out. */
  readonly excludedSamples: number;
  /** Samples or means that break the limit (same comparison as the alert rules). */
  readonly exceedances: number;
  /** exceedances / measured × 100, one decimal; null when nothing was measured. */
  readonly exceedanceSharePct: number | null;
  /** The value furthest beyond (or closest to) the limit, or null when nothing was measured. */
  readonly worst: ComplianceWorstDto | null;
}

/**
 * `GET /api/stations/{id}/compliance?from=&to=` (JSON) and `&format=csv` (RFC 4180, UTF-8 with a byte-order mark
 * for spreadsheet programs, CRLF lines, times in Vietnam time with `+07:00`; same columns as the row fields).
 * `from`/`to`: an ISO 8601 time (without an offset: Vietnam time), a Vietnam calendar day `YYYY-MM-DD` or a month
 * `YYYY-MM`; a day or month as `from` means its start, as `to` its end (so `from=2026-11&to=2026-11` is
 * November and `from=2026-11-28&to=2026-11-28` that day). Limits from the station's standard in force on each day.
 */
export interface ComplianceReportDto {
  readonly station: string;
  readonly cluster: string;
  readonly kind: StationKind;
  /** ISO 8601 UTC, [from, to). */
  readonly from: string;
  readonly to: string;
  /** Datalogger statuses left out (TT 10/2021/TT-BTNMT: `01` calibrating, `02` device error). */
  readonly excludedStatuses: readonly StatusCode[];
  readonly rows: readonly ComplianceRowDto[];
}

import type { ClusterHealthDto } from '../cluster';

/**
 * `GET /api/health`: HTTP 200 when the broker is connected, InfluxDB takes writes and the spool has room; else 503
 * with the same body. `GET /api/health/live` (liveness) and `GET /api/health/ready` (readiness: broker connected and
 * spool accepting — readings are still accepted while only InfluxDB is down) answer with the same body.
 */
export interface HealthDto {
  /** Present when this node is one of several (REDIS_URL set, docs/high-availability.md). */
  readonly cluster?: ClusterHealthDto;
  readonly status: 'ok' | 'degraded';
  readonly uptimeS: number;
  readonly broker: {
    readonly connected: boolean;
    readonly url: string;
    /** ISO 8601 UTC of the last connect or disconnect. */
    readonly since?: string;
    readonly reconnectAttempts?: number;
    readonly lastError?: string;
    /** `$SYS/broker/version`, when the broker publishes it. */
    readonly version?: string;
    /**
     * Messages the broker says it dropped (Mosquitto `$SYS/broker/publish/messages/dropped`, for any client): its
     * counter since it started, and the growth this ingester saw (ISO 8601 UTC of the newest). Absent when unknown.
     */
    readonly dropped?: { readonly broker: number; readonly observed: number; readonly lastIncreaseAt?: string };
    /** Session take-overs detected since start-up (another client with the ingester's client id). */
    readonly takeovers?: number;
    /** Known-unsafe broker settings, and what cannot be checked. */
    readonly warnings?: readonly string[];
    /**
     * Several nodes: whether the evaluation session (`<MQTT_CLIENT_ID>-eval`, every reading for the alert state) is
     * connected; readiness needs it too. Absent on a single node.
     */
    readonly evaluationConnected?: boolean;
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
    /** Identical redeliveries of a station's reading at a time already stored (not stored again; same-time.ts). */
    readonly duplicateReadings?: number;
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
  /**
   * The averaging windows' warm-up (issue 19): after a start, the 1-h/8-h/24-h/calendar-day means are seeded from the
   * 24 h of stored history in the background — readiness does not wait for it. Until `ready`, averaged rules are
   * evaluated from what their windows hold (live values, and the stations warmed so far; the 75 % coverage rule
   * decides whether a mean counts). `partial`: some stations' history could not be read (given up after retries
   * with back-off for 24 h, the longest window) — their averages fill from live values only.
   */
  readonly averages?: AveragesHealthDto;
}

/** `HealthDto.averages`: the warm-up of the averaging windows from storage. Counts are stations with averaged rules. */
export interface AveragesHealthDto {
  readonly state: 'warming' | 'ready' | 'partial';
  readonly stations: { readonly warmed: number; readonly total: number };
  /** Stations whose stored history could not be read in the last attempt. */
  readonly failed: number;
  /** Attempts so far (1 without a retry). */
  readonly attempts: number;
  /** ISO 8601 UTC: start of the process (the warm-up reads the 24 h before it). */
  readonly since: string;
  /** ISO 8601 UTC: when it ended (`ready` or `partial`). */
  readonly finishedAt?: string;
  readonly lastError?: string;
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

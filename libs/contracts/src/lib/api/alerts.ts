import type { AveragingPeriod, LimitSource, ThresholdRule } from '../rules';
import type { StationKind } from '../station-kind';

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
 * (device error, TT 10/2021/TT-BTNMT) for a parameter; `system` the ingester's own intake (cluster `system`,
 * station `ingester`: broker link down, messages dropped by the broker; docs/alert-rules.md).
 */
export type AlertType = 'threshold' | 'offline' | 'device-fault' | 'system';

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

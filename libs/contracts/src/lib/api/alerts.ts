import { z } from 'zod';
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

/**
 * Longest comment, in characters (UTF-16 code units, as `String.length` counts them): a note on an alert, not a
 * report — about a page of text. With {@link MAX_COMMENTS_PER_ALERT} it bounds the stored alert line
 * ({@link MAX_STORED_ALERT_BYTES}).
 */
export const MAX_COMMENT_LENGTH = 2_000;

/**
 * Most comments one alert keeps (the comment given when acknowledging included); a further one is refused with
 * HTTP 409 `too_many_comments`. Every comment rewrites the whole alert as one stored line (its JSON in one
 * line-protocol string field), so the count bounds that line: see {@link MAX_STORED_ALERT_BYTES}.
 */
export const MAX_COMMENTS_PER_ALERT = 100;

/**
 * Upper bound of one stored alert line (line protocol, bytes), and so the least `INFLUX_WRITE_BATCH_BYTES` the
 * ingester accepts (a line must fit one write request). Derivation: a comment character costs at most 4 bytes once
 * stored — `"` and `\` become `\\\"` / `\\\\` after JSON and line-protocol escaping, a non-BMP character is 4
 * UTF-8 bytes for 2 code units, a BMP character at most 3; control characters (JSON `\u00XX`, 7 bytes) and lone
 * surrogates are refused ({@link commentText}) — so {@link MAX_COMMENTS_PER_ALERT} × ({@link MAX_COMMENT_LENGTH} × 4
 * + an envelope under 200 bytes: author ≤ 64, time 24, keys) ≈ 820 000 bytes, plus the rest of the alert (a few
 * KB), stays under 1 MiB. Checked by a test of `alertToLine` (libs/storage-influx).
 */
export const MAX_STORED_ALERT_BYTES = 1_048_576;

/** C0 control characters other than tab, line feed and carriage return (JSON escapes them as 6 characters). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one (JSON escapes them). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The text of a comment: trimmed; 1 to {@link MAX_COMMENT_LENGTH} characters; no control characters but tab and
 * line breaks; well-formed Unicode (no lone surrogate). Refused text is an HTTP 400 `bad_request` naming the rule.
 */
export const commentText = z
  .string()
  .trim()
  .max(MAX_COMMENT_LENGTH, `a comment holds at most ${MAX_COMMENT_LENGTH} characters`)
  .refine((text) => !CONTROL_CHARACTERS.test(text), 'a comment may not hold control characters (tab and line breaks are fine)')
  .refine((text) => !LONE_SURROGATE.test(text), 'a comment must be well-formed Unicode (no lone surrogate)');

/** Body of `POST /api/alerts/{id}/acknowledge` (zod, strict): an optional comment; empty means none. */
export const acknowledgeAlertBody = z.strictObject({ comment: commentText.optional() });
export type AcknowledgeAlertDto = z.input<typeof acknowledgeAlertBody>;

/** Most alerts one `POST /api/alerts/acknowledge` takes (one screen of a phone list is ~10; a page of the list 100). */
export const MAX_BULK_ACKNOWLEDGE = 100;

/**
 * Body of `POST /api/alerts/acknowledge` (zod, strict): 1 to {@link MAX_BULK_ACKNOWLEDGE} distinct alert ids (each
 * 1–300 characters, as the single route takes them) and one optional comment for all of them.
 */
export const acknowledgeAlertsBody = z.strictObject({
  ids: z
    .array(z.string().min(1).max(300))
    .min(1, 'give at least one alert id')
    .max(MAX_BULK_ACKNOWLEDGE, `at most ${MAX_BULK_ACKNOWLEDGE} alerts at once`)
    .refine((ids) => new Set(ids).size === ids.length, 'alert ids must be distinct'),
  comment: commentText.optional(),
});
export type AcknowledgeAlertsDto = z.input<typeof acknowledgeAlertsBody>;

/**
 * Answer of `POST /api/alerts/acknowledge`: the alerts acknowledged now, and those left as they were, in the order
 * given: `conflict` already acknowledged or resolved meanwhile, `too_many_comments` the comment would exceed the
 * alert's comment limit.
 */
export interface AcknowledgeAlertsResultDto {
  readonly acknowledged: readonly AlertDto[];
  readonly skipped: readonly { readonly id: string; readonly reason: 'conflict' | 'too_many_comments' }[];
}

/** Body of `POST /api/alerts/{id}/comments` (zod, strict): `text` is a {@link commentText}, not empty. */
export const commentAlertBody = z.strictObject({ text: commentText.pipe(z.string().min(1, 'a comment needs some text')) });
export type CommentAlertDto = z.input<typeof commentAlertBody>;

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

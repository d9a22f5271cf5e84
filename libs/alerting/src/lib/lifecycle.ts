import { MAX_COMMENTS_PER_ALERT, MAX_COMMENT_LENGTH, type AlertDto } from '@langxanh/contracts';

/** Why a lifecycle action was refused; the API maps each code to an HTTP status. */
export type LifecycleErrorCode = 'resolved' | 'already_acknowledged' | 'empty_text' | 'too_many_comments';

/** A refused lifecycle action (acknowledging a resolved alert, an empty comment…). */
export class AlertLifecycleError extends Error {
  constructor(
    readonly code: LifecycleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AlertLifecycleError';
  }
}

/** Longest comment kept, in characters (the contract's bound, `@langxanh/contracts`). */
export { MAX_COMMENT_LENGTH, MAX_COMMENTS_PER_ALERT };

function cleanText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new AlertLifecycleError('empty_text', 'a comment needs some text');
  return trimmed.slice(0, MAX_COMMENT_LENGTH);
}

/** `alert`'s comments with one more. @throws AlertLifecycleError `too_many_comments` at {@link MAX_COMMENTS_PER_ALERT}. */
function withComment(alert: AlertDto, comment: { by: string; at: string; text: string }) {
  const comments = alert.comments ?? [];
  if (comments.length >= MAX_COMMENTS_PER_ALERT) {
    throw new AlertLifecycleError(
      'too_many_comments',
      `alert ${alert.id} has ${comments.length} comments, the most one alert keeps (${MAX_COMMENTS_PER_ALERT})`,
    );
  }
  return [...comments, comment];
}

/**
 * `active` → `acknowledged` by `by` at `at` (epoch ms), with an optional comment. Pure: returns the new version.
 * @throws AlertLifecycleError `resolved` for a resolved alert, `already_acknowledged` when it is already acknowledged,
 *   `too_many_comments` when a comment is given and the alert already has {@link MAX_COMMENTS_PER_ALERT}.
 */
export function acknowledgeAlert(alert: AlertDto, by: string, at: number, comment?: string): AlertDto {
  if (alert.state === 'resolved') throw new AlertLifecycleError('resolved', `alert ${alert.id} is resolved`);
  if (alert.state === 'acknowledged') {
    throw new AlertLifecycleError('already_acknowledged', `alert ${alert.id} was acknowledged by ${alert.acknowledgedBy ?? '?'}`);
  }
  const when = new Date(at).toISOString();
  const noComment = comment === undefined || comment.trim() === '';
  return {
    ...alert,
    state: 'acknowledged',
    acknowledgedBy: by,
    acknowledgedAt: when,
    comments: noComment ? [...(alert.comments ?? [])] : withComment(alert, { by, at: when, text: cleanText(comment) }),
  };
}

/**
 * Adds a comment by `by` at `at` (epoch ms); allowed in every state.
 * @throws AlertLifecycleError `empty_text`, `too_many_comments` at {@link MAX_COMMENTS_PER_ALERT}.
 */
export function commentAlert(alert: AlertDto, by: string, at: number, text: string): AlertDto {
  return { ...alert, comments: withComment(alert, { by, at: new Date(at).toISOString(), text: cleanText(text) }) };
}

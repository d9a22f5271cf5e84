import type { AlertDto } from '@langxanh/contracts';

/** Why a lifecycle action was refused; the API maps each code to an HTTP status. */
export type LifecycleErrorCode = 'resolved' | 'already_acknowledged' | 'empty_text';

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

/** Longest comment kept, in characters. */
export const MAX_COMMENT_LENGTH = 2_000;

function cleanText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new AlertLifecycleError('empty_text', 'a comment needs some text');
  return trimmed.slice(0, MAX_COMMENT_LENGTH);
}

/**
 * `active` → `acknowledged` by `by` at `at` (epoch ms), with an optional comment. Pure: returns the new version.
 * @throws AlertLifecycleError `resolved` for a resolved alert, `already_acknowledged` when it is already acknowledged.
 */
export function acknowledgeAlert(alert: AlertDto, by: string, at: number, comment?: string): AlertDto {
  if (alert.state === 'resolved') throw new AlertLifecycleError('resolved', `alert ${alert.id} is resolved`);
  if (alert.state === 'acknowledged') {
    throw new AlertLifecycleError('already_acknowledged', `alert ${alert.id} was acknowledged by ${alert.acknowledgedBy ?? '?'}`);
  }
  const when = new Date(at).toISOString();
  const note = comment === undefined || comment.trim() === '' ? [] : [{ by, at: when, text: cleanText(comment) }];
  return {
    ...alert,
    state: 'acknowledged',
    acknowledgedBy: by,
    acknowledgedAt: when,
    comments: [...(alert.comments ?? []), ...note],
  };
}

/** Adds a comment by `by` at `at` (epoch ms); allowed in every state. @throws AlertLifecycleError `empty_text`. */
export function commentAlert(alert: AlertDto, by: string, at: number, text: string): AlertDto {
  return { ...alert, comments: [...(alert.comments ?? []), { by, at: new Date(at).toISOString(), text: cleanText(text) }] };
}

import type { AcknowledgeAlertsResultDto, AlertDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';

/** Active and resolved alerts (the live snapshot holds only the open ones). */
export function fetchAllAlerts(signal?: AbortSignal): Promise<AlertDto[]> {
  return api.alerts('all', signal);
}

/** Acknowledges an alert, with an optional comment; answers the updated alert. */
export function acknowledgeAlert(id: string, comment: string): Promise<AlertDto> {
  const text = comment.trim();
  return api.acknowledgeAlert(id, text ? { comment: text } : {});
}

/** Adds a comment to an alert; answers the updated alert. */
export function commentAlert(id: string, text: string): Promise<AlertDto> {
  return api.commentAlert(id, { text: text.trim() });
}

/** Acknowledges several alerts (at most MAX_BULK_ACKNOWLEDGE, libs/contracts) with one optional comment. */
export function acknowledgeAlerts(ids: readonly string[], comment: string): Promise<AcknowledgeAlertsResultDto> {
  const text = comment.trim();
  return api.acknowledgeAlerts(text ? { ids: [...ids], comment: text } : { ids: [...ids] });
}

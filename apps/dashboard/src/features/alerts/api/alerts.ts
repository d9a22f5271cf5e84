import type { AlertDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';

/** Active and resolved alerts (the live snapshot holds only the active ones). */
export function fetchAllAlerts(signal?: AbortSignal): Promise<AlertDto[]> {
  return api.alerts('all', signal);
}

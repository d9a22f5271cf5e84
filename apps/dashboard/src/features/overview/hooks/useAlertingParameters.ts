import { useMemo } from 'react';
import { useAlertsById } from '../../../lib/live/LiveStoreContext';

/** Parameters of a station with an active alert. */
export function useAlertingParameters(stationId: string): ReadonlySet<string> {
  const alerts = useAlertsById();
  return useMemo(() => {
    const keys = new Set<string>();
    for (const alert of Object.values(alerts)) {
      if (alert.station === stationId && alert.state === 'active') keys.add(alert.parameter);
    }
    return keys;
  }, [alerts, stationId]);
}

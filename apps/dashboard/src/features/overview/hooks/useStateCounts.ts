import type { StationState } from '@langxanh/contracts';
import { useMemo } from 'react';
import { useStations } from '../../../lib/live/LiveStoreContext';

export const STATION_STATES: readonly StationState[] = ['exceeding', 'offline', 'no_data', 'normal'];

/** Number of stations in each state. */
export function useStateCounts(): Readonly<Record<StationState, number>> {
  const stations = useStations();
  return useMemo(() => {
    const counts: Record<StationState, number> = { normal: 0, exceeding: 0, offline: 0, no_data: 0 };
    for (const station of Object.values(stations)) counts[station.state] += 1;
    return counts;
  }, [stations]);
}

import { createContext, useContext } from 'react';
import type { AqiByStation } from '../../aqi/hooks/useAqiOverview';

/** The overview's current VN_AQI per air station, shared with the station cards. */
export const AqiContext = createContext<AqiByStation | undefined>(undefined);

export function useStationAqiMark(stationId: string) {
  return useContext(AqiContext)?.get(stationId);
}

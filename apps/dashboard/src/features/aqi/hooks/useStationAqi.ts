import type { StationAqiDto } from '@langxanh/contracts';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/api/queries';
import { fetchStationAqi } from '../api/aqi';

/** The AQI is hourly: looking again every 5 minutes while shown catches a new hour soon enough. */
const REFRESH_MS = 5 * 60_000;

export function useStationAqi(station: string): UseQueryResult<StationAqiDto> {
  return useQuery({
    queryKey: queryKeys.stationAqi(station),
    queryFn: ({ signal }) => fetchStationAqi(station, signal),
    refetchInterval: REFRESH_MS,
  });
}

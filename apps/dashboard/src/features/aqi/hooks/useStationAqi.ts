import type { StationAqiDto } from '@langxanh/contracts';
import { useQuery, type QueryResult } from '../../../lib/api/useQuery';
import { useSnapshotGeneration } from '../../../lib/live/LiveStoreContext';
import { fetchStationAqi } from '../api/aqi';

export function useStationAqi(station: string): QueryResult<StationAqiDto> {
  const generation = useSnapshotGeneration();
  return useQuery(`aqi|${station}|${generation}`, (signal) => fetchStationAqi(station, signal), 5 * 60_000);
}

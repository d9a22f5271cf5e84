import { useQuery, type QueryResult } from '../../../lib/api/useQuery';
import { useSnapshotGeneration } from '../../../lib/live/LiveStoreContext';
import { fetchFillHistory, type FillHistory } from '../api/fill-history';

const REFRESH_MS = 5 * 60_000;

/** Fill-level history of a waste point; fetched again every 5 minutes and after a reconnection. */
export function useFillHistory(station: string): QueryResult<FillHistory> {
  const generation = useSnapshotGeneration();
  return useQuery(`fill|${station}|${generation}`, (signal) => fetchFillHistory(station, Date.now(), signal), REFRESH_MS);
}

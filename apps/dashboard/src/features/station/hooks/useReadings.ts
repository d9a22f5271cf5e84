import type { ReadingsDto } from '@langxanh/contracts';
import { useQuery, type QueryResult } from '../../../lib/api/useQuery';
import { useSnapshotGeneration } from '../../../lib/live/LiveStoreContext';
import { fetchReadings } from '../api/readings';
import { resolveRange, type RangeSelection } from '../ranges';

/**
 * History of one parameter, fetched again when the range changes, every few minutes, and after every
 * reconnection (backfill of what the live events missed; live points are only drawn after the last bucket, so
 * nothing is drawn twice).
 */
export function useReadings(station: string, parameter: string, selection: RangeSelection): QueryResult<ReadingsDto> {
  const generation = useSnapshotGeneration();
  const resolved = resolveRange(selection, Date.now());
  return useQuery(
    `${station}|${parameter}|${resolved.key}|${generation}`,
    (signal) => fetchReadings(station, parameter, selection, Date.now(), signal),
    resolved.refreshMs,
  );
}

import type { ReadingsDto } from '@langxanh/contracts';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/api/queries';
import { fetchReadings } from '../api/readings';
import { resolveRange, type RangeSelection } from '../ranges';

/**
 * History of one parameter (from `leadMs` before the range: see fetchReadings), cached per station, parameter and range (a preset range's entry is refreshed every
 * `refreshMs` of its spec while shown; a custom window is fixed). Marked stale after a reconnection (backfill of
 * what the live events missed; live points are only drawn after the last bucket, so nothing is drawn twice).
 */
export function useReadings(
  station: string,
  parameter: string,
  selection: RangeSelection,
  leadMs = 0,
): UseQueryResult<ReadingsDto> {
  const resolved = resolveRange(selection, Date.now());
  return useQuery({
    queryKey: queryKeys.readings(station, parameter, leadMs > 0 ? `${resolved.key}+${leadMs}` : resolved.key),
    queryFn: ({ signal }) => fetchReadings(station, parameter, selection, Date.now(), signal, leadMs),
    refetchInterval: resolved.live ? resolved.refreshMs : false,
  });
}

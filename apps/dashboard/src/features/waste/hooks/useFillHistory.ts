import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/api/queries';
import { fetchFillHistory, type FillHistory } from '../api/fill-history';

const REFRESH_MS = 5 * 60_000;

/**
 * Fill-level history of a waste point; refreshed every 5 minutes while shown and after a reconnection. `enabled`
 * false (e.g. an anonymous visitor, whom the API refuses waste readings) asks nothing.
 */
export function useFillHistory(station: string, enabled = true): UseQueryResult<FillHistory> {
  return useQuery({
    queryKey: queryKeys.fillHistory(station),
    queryFn: ({ signal }) => fetchFillHistory(station, Date.now(), signal),
    refetchInterval: REFRESH_MS,
    enabled,
  });
}

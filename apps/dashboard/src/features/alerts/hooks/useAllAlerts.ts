import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from '../../../lib/api/queries';
import { useLiveContext } from '../../../lib/live/LiveStoreContext';
import { fetchAllAlerts } from '../api/alerts';

/**
 * Loads every alert (resolved ones too) into the live state; live events keep the live state and the cached list
 * current afterwards (lib/api/queries `upsertCachedAlert`), so showing the page again from the cache is safe.
 * Marked stale after every reconnection, so that alerts resolved while disconnected are backfilled.
 * `enabled` false (an anonymous visitor: alerts are for signed-in people) asks nothing.
 */
export function useAllAlerts(enabled = true): {
  readonly loading: boolean;
  readonly error: Error | null;
  readonly reload: () => void;
} {
  const { store } = useLiveContext();
  const { data, isPending, error, refetch } = useQuery({
    queryKey: queryKeys.allAlerts,
    queryFn: ({ signal }) => fetchAllAlerts(signal),
    enabled,
  });
  useEffect(() => {
    if (data) store.dispatch({ type: 'alerts-loaded', alerts: data });
  }, [data, store]);
  return { loading: enabled && isPending, error, reload: () => void refetch() };
}

import { useEffect } from 'react';
import { useQuery } from '../../../lib/api/useQuery';
import { useLiveContext, useSnapshotGeneration } from '../../../lib/live/LiveStoreContext';
import { fetchAllAlerts } from '../api/alerts';

/**
 * Loads every alert (resolved ones too) into the live state; live events keep them current afterwards. Fetched
 * again after every reconnection, so that alerts resolved while disconnected are backfilled.
 */
export function useAllAlerts(): { readonly loading: boolean; readonly error: Error | undefined; readonly reload: () => void } {
  const { store } = useLiveContext();
  const generation = useSnapshotGeneration();
  const { data, loading, error, reload } = useQuery(`alerts:all:${generation}`, fetchAllAlerts);
  useEffect(() => {
    if (data) store.dispatch({ type: 'alerts-loaded', alerts: data });
  }, [data, store]);
  return { loading, error, reload };
}

import { useEffect } from 'react';
import { useQuery } from '../../../lib/api/useQuery';
import { useLiveContext } from '../../../lib/live/LiveStoreContext';
import { fetchAllAlerts } from '../api/alerts';

/** Loads every alert (resolved ones too) into the live state; live events keep them current afterwards. */
export function useAllAlerts(): { readonly loading: boolean; readonly error: Error | undefined; readonly reload: () => void } {
  const { store } = useLiveContext();
  const { data, loading, error, reload } = useQuery('alerts:all', fetchAllAlerts);
  useEffect(() => {
    if (data) store.dispatch({ type: 'alerts-loaded', alerts: data });
  }, [data, store]);
  return { loading, error, reload };
}

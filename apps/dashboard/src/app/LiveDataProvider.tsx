import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api as defaultApi, ApiError, type Api } from '../lib/api/client';
import { bindLiveSocket } from '../lib/live/bind-socket';
import { LiveContext, type LiveContextValue } from '../lib/live/LiveStoreContext';
import { LiveStore } from '../lib/live/live-store';
import { connectLiveSocket, type LiveSocket } from '../lib/socket/socket';

export interface LiveDataProviderProps {
  readonly children: ReactNode;
  /** Injected in tests. */
  readonly api?: Pick<Api, 'clusters' | 'stations' | 'alerts'>;
  readonly connect?: () => LiveSocket;
  readonly store?: LiveStore;
}

/** `LiveState.error` when the API refused the snapshot to this visitor (not signed in, or no right). */
export const UNAUTHORIZED = 'unauthorized';

/**
 * Loads the snapshot (clusters, stations, active alerts), keeps it live with the socket.io events, and loads a fresh
 * snapshot after every reconnection.
 */
export function LiveDataProvider({
  children,
  api = defaultApi,
  connect = connectLiveSocket,
  store: givenStore,
}: LiveDataProviderProps) {
  const [store] = useState(() => givenStore ?? new LiveStore());

  const { reload, cancel } = useMemo(() => {
    let controller: AbortController | undefined;
    const cancelSnapshot = (): void => controller?.abort();
    const loadSnapshot = (): void => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      store.dispatch({ type: 'sync-started' });
      // Alerts are for signed-in users: an anonymous visitor (public air quality) gets the rest of the snapshot.
      // Open alerts (active and acknowledged); a server without acknowledgement refuses `open` (400): ask `active`.
      const alerts = api
        .alerts('open', current.signal)
        .catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 400) return api.alerts('active', current.signal);
          throw error;
        })
        .catch((error: unknown) => {
          if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return [];
          throw error;
        });
      Promise.all([api.clusters(current.signal), api.stations(current.signal), alerts]).then(
        ([clusters, stations, alerts]) => {
          if (!current.signal.aborted) store.dispatch({ type: 'snapshot', snapshot: { clusters, stations, alerts } });
        },
        (error: unknown) => {
          if (current.signal.aborted) return;
          const unauthorized = error instanceof ApiError && (error.status === 401 || error.status === 403);
          store.dispatch({ type: 'sync-failed', error: unauthorized ? UNAUTHORIZED : (error as Error).message });
        },
      );
    };
    return { reload: loadSnapshot, cancel: cancelSnapshot };
  }, [api, store]);

  useEffect(() => {
    reload();
    const socket = connect();
    // Every (re)connection fetches a snapshot: whatever happened before it is in the snapshot, whatever happens
    // after it arrives as events (queued while the snapshot is in flight, then replayed on it).
    const unbind = bindLiveSocket(socket, store.dispatch, reload);
    return () => {
      unbind();
      socket.disconnect();
      cancel();
    };
  }, [connect, reload, cancel, store]);

  const value = useMemo<LiveContextValue>(() => ({ store, reload }), [store, reload]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

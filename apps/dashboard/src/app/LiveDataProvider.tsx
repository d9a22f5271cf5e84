import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AlertDto } from '@langxanh/contracts';
import { api as defaultApi, ApiError, type Api } from '../lib/api/client';
import { invalidateViews, queryKeys, upsertCachedAlert } from '../lib/api/queries';
import { sessionStore } from '../lib/auth/session';
import { bindLiveSocket } from '../lib/live/bind-socket';
import { LiveContext, type LiveContextValue } from '../lib/live/LiveStoreContext';
import type { LiveAction } from '../lib/live/live-state';
import { LiveStore } from '../lib/live/live-store';
import { connectLiveSocket, type LiveSocket } from '../lib/socket/socket';

/**
 * How long the first snapshot waits for the live connection (ms). Loaded once the socket is up, the snapshot misses
 * no event and is fetched once; a socket slower than this (or refused) does not hold the page: the snapshot goes
 * without it, and is loaded again when the socket connects (events may have fallen in between).
 */
export const SNAPSHOT_WAIT_MS = 1_500;

export interface LiveDataProviderProps {
  readonly children: ReactNode;
  /** Injected in tests. */
  readonly api?: Pick<Api, 'clusters' | 'stations' | 'alerts'>;
  readonly connect?: () => LiveSocket;
  readonly store?: LiveStore;
  /** {@link SNAPSHOT_WAIT_MS}; tests without a connection pass 0. */
  readonly snapshotWaitMs?: number;
}

/** `LiveState.error` when the API refused the snapshot to this visitor (not signed in, or no right). */
export const UNAUTHORIZED = 'unauthorized';

/**
 * Loads the snapshot (clusters, stations, open alerts) through the query cache, keeps it live with the socket.io
 * events (alert events also update the cached alert lists), and after every reconnection loads a fresh snapshot
 * and marks the views' cached server state stale (they were not told what happened meanwhile).
 *
 * An anonymous visitor is not asked for alerts (the API answers 401: alerts are for signed-in people).
 */
export function LiveDataProvider({
  children,
  api = defaultApi,
  connect = connectLiveSocket,
  store: givenStore,
  snapshotWaitMs = SNAPSHOT_WAIT_MS,
}: LiveDataProviderProps) {
  const [store] = useState(() => givenStore ?? new LiveStore());
  const queryClient = useQueryClient();

  const { reload, cancel } = useMemo(() => {
    let generation = 0;
    const cancelSnapshot = (): void => {
      generation += 1;
    };
    // staleTime 0: the provider asks when it needs a fresh snapshot; requests in flight for a key are shared.
    const fetchFresh = <T,>(queryKey: readonly unknown[], queryFn: (signal: AbortSignal) => Promise<T>): Promise<T> =>
      queryClient.fetchQuery({ queryKey, queryFn: ({ signal }) => queryFn(signal), staleTime: 0 });
    const loadSnapshot = (): void => {
      generation += 1;
      const current = generation;
      store.dispatch({ type: 'sync-started' });
      // A request still in flight was sent before this (re)connection: its answer may miss what happened meanwhile.
      void Promise.all(
        [queryKeys.clusters, queryKeys.stations, queryKeys.openAlerts].map((queryKey) => queryClient.cancelQueries({ queryKey, exact: true })),
      ).then(() => {
        if (current === generation) fetchSnapshot(current);
      });
    };
    const fetchSnapshot = (current: number): void => {
      // Open alerts (active and acknowledged); a server without acknowledgement refuses `open` (400): ask `active`.
      const alerts: Promise<readonly AlertDto[]> = sessionStore.token()
        ? fetchFresh(queryKeys.openAlerts, (signal) =>
            api.alerts('open', signal).catch((error: unknown) => {
              if (error instanceof ApiError && error.status === 400) return api.alerts('active', signal);
              throw error;
            }),
          ).catch((error: unknown) => {
            if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return [];
            throw error;
          })
        : Promise.resolve([]);
      Promise.all([
        fetchFresh(queryKeys.clusters, (signal) => api.clusters(signal)),
        fetchFresh(queryKeys.stations, (signal) => api.stations(signal)),
        alerts,
      ]).then(
        ([clusters, stations, alerts]) => {
          if (current === generation) store.dispatch({ type: 'snapshot', snapshot: { clusters, stations, alerts } });
        },
        (error: unknown) => {
          if (current !== generation) return;
          const unauthorized = error instanceof ApiError && (error.status === 401 || error.status === 403);
          store.dispatch({ type: 'sync-failed', error: unauthorized ? UNAUTHORIZED : (error as Error).message });
        },
      );
    };
    return { reload: loadSnapshot, cancel: cancelSnapshot };
  }, [api, store, queryClient]);

  useEffect(() => {
    const socket = connect();
    let requested = false;
    const first = (): void => {
      if (requested) return;
      requested = true;
      reload();
    };
    const timer = window.setTimeout(first, snapshotWaitMs);
    const onConnect = (firstConnection: boolean): void => {
      if (firstConnection && !requested) {
        window.clearTimeout(timer);
        first();
        return;
      }
      // A reconnection (or a first connection after the snapshot went without it): events may have been missed.
      reload();
      if (!firstConnection) void invalidateViews(queryClient);
    };
    const dispatch = (action: LiveAction): void => {
      store.dispatch(action);
      if (action.type === 'alert') upsertCachedAlert(queryClient, action.event.alert);
    };
    const unbind = bindLiveSocket(socket, dispatch, onConnect);
    return () => {
      window.clearTimeout(timer);
      unbind();
      socket.disconnect();
      cancel();
    };
  }, [connect, reload, cancel, store, queryClient, snapshotWaitMs]);

  const value = useMemo<LiveContextValue>(() => ({ store, reload }), [store, reload]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { AlertDto, StationDto } from '@langxanh/contracts';
import { selectActiveAlertCount, selectSnapshots, type ConnectionStatus, type LiveState } from './live-state';
import type { LiveStore } from './live-store';

export interface LiveContextValue {
  readonly store: LiveStore;
  /** Fetches a fresh snapshot (after an error, or on demand). */
  readonly reload: () => void;
}

export const LiveContext = createContext<LiveContextValue | null>(null);

export function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLiveContext must be used inside <LiveDataProvider>');
  return value;
}

/** Reads a slice of the live state; `selector` must return a stable reference or a primitive. */
export function useLiveSelector<T>(selector: (state: LiveState) => T): T {
  const { store } = useLiveContext();
  const getSnapshot = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}

const selectStatus = (s: LiveState): LiveState['status'] => s.status;
const selectError = (s: LiveState): string | null => s.error;
const selectConnection = (s: LiveState): ConnectionStatus => s.connection;
const selectClusters = (s: LiveState): LiveState['clusters'] => s.clusters;
const selectStations = (s: LiveState): LiveState['stations'] => s.stations;
const selectAlerts = (s: LiveState): LiveState['alerts'] => s.alerts;

export const useLoadStatus = (): LiveState['status'] => useLiveSelector(selectStatus);
export const useLoadError = (): string | null => useLiveSelector(selectError);
export const useConnectionStatus = (): ConnectionStatus => useLiveSelector(selectConnection);
export const useClusters = (): LiveState['clusters'] => useLiveSelector(selectClusters);
export const useStations = (): LiveState['stations'] => useLiveSelector(selectStations);
export const useAlertsById = (): LiveState['alerts'] => useLiveSelector(selectAlerts);
export const useActiveAlertCount = (): number => useLiveSelector(selectActiveAlertCount);
/** Changes after every snapshot (i.e. after every reconnection): a key for fetching history again. */
export const useSnapshotGeneration = (): number => useLiveSelector(selectSnapshots);

export function useStation(id: string): StationDto | undefined {
  return useLiveSelector(useCallback((s: LiveState) => s.stations[id], [id]));
}

const NO_READINGS: LiveState['recent'][string] = [];
export function useRecentReadings(stationId: string): LiveState['recent'][string] {
  return useLiveSelector(useCallback((s: LiveState) => s.recent[stationId] ?? NO_READINGS, [stationId]));
}

export function useAlert(id: string): AlertDto | undefined {
  return useLiveSelector(useCallback((s: LiveState) => s.alerts[id], [id]));
}

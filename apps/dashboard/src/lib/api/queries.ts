/**
 * Query keys and fetchers of the dashboard's server state (TanStack Query, see ./query-client.ts). One place so that
 * the live connection (lib/live) and the mutations update exactly the entries the pages read.
 */
import type { AlertDto } from '@langxanh/contracts';
import type { QueryClient } from '@tanstack/react-query';

export const queryKeys = {
  health: ['health'] as const,
  clusters: ['clusters'] as const,
  stations: ['stations'] as const,
  /** One station from `GET /api/stations/{id}` (a station the live snapshot does not hold, e.g. a retired one). */
  station: (id: string) => ['station', id] as const,
  /** Open alerts (the live snapshot). */
  openAlerts: ['alerts', 'open'] as const,
  /** Every alert, resolved ones too (the alerts page). */
  allAlerts: ['alerts', 'all'] as const,
  aqiOverview: ['aqi'] as const,
  stationAqi: (station: string) => ['aqi', station] as const,
  /** `range`: the range selection's key (preset or custom window), see features/station/ranges.ts. */
  readings: (station: string, parameter: string, range: string) => ['readings', station, parameter, range] as const,
  fillHistory: (station: string) => ['fill-history', station] as const,
  compliance: (station: string, from: string, to: string) => ['compliance', station, from, to] as const,
};

/** The entries the live snapshot itself holds: reloaded by the snapshot, not invalidated with the views. */
const SNAPSHOT_ROOTS = new Set<unknown>(['clusters', 'stations']);

/**
 * Marks every view's server state stale after the live connection came back (events were missed meanwhile): the
 * pages on screen fetch again, the others when next shown. The snapshot is reloaded by the live provider.
 */
export function invalidateViews(client: QueryClient): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => !SNAPSHOT_ROOTS.has(query.queryKey[0]) && !(query.queryKey[0] === 'alerts' && query.queryKey[1] === 'open'),
  });
}

/**
 * Puts a newer version of an alert (a socket `alert` event, or the answer of an acknowledgement or a comment) into
 * the cached alert lists, so that a list shown again from the cache is not older than what the live view showed.
 */
export function upsertCachedAlert(client: QueryClient, alert: AlertDto): void {
  const upsert = (list: readonly AlertDto[] | undefined): AlertDto[] | undefined => {
    if (!list) return list;
    const index = list.findIndex((a) => a.id === alert.id);
    if (index < 0) return [alert, ...list];
    const next = list.slice();
    next[index] = alert;
    return next;
  };
  client.setQueryData<AlertDto[]>(queryKeys.allAlerts, upsert);
  client.setQueryData<AlertDto[]>(queryKeys.openAlerts, (list) => {
    const next = upsert(list);
    return alert.state === 'resolved' ? next?.filter((a) => a.id !== alert.id) : next;
  });
}

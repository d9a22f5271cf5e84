import type { AlertDto, AlertSeverity } from '@langxanh/contracts';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isOpen } from '../../../lib/live/live-state';

export const ALERT_FILTERS = ['all', 'open', 'active', 'acknowledged', 'resolved'] as const;
export type AlertFilter = (typeof ALERT_FILTERS)[number];
export const SEVERITY_FILTERS = ['all', 'critical', 'warning'] as const;
export type SeverityFilter = (typeof SEVERITY_FILTERS)[number];

/** The alerts page's filters, kept in the URL (`?state=&severity=&cluster=&station=`); absent = all. */
export interface AlertFilters {
  readonly state: AlertFilter;
  readonly severity: SeverityFilter;
  readonly cluster: string | null;
  readonly station: string | null;
}

const isOneOf = <T extends string>(list: readonly T[], value: string | null): value is T =>
  value !== null && (list as readonly string[]).includes(value);

/** Parses the filters from URL parameters (unknown values → all). */
export function readAlertFilters(params: URLSearchParams): AlertFilters {
  const state = params.get('state');
  const severity = params.get('severity');
  return {
    state: isOneOf(ALERT_FILTERS, state) ? state : 'all',
    severity: isOneOf(SEVERITY_FILTERS, severity) ? severity : 'all',
    cluster: params.get('cluster') || null,
    station: params.get('station') || null,
  };
}

/** Whether an alert passes the filters. Pure. */
export function matchesAlertFilters(alert: AlertDto, filters: AlertFilters): boolean {
  if (filters.state === 'open' ? !isOpen(alert) : filters.state !== 'all' && alert.state !== filters.state) return false;
  if (filters.severity !== 'all' && alert.severity !== (filters.severity as AlertSeverity)) return false;
  if (filters.cluster && alert.cluster !== filters.cluster) return false;
  if (filters.station && alert.station !== filters.station) return false;
  return true;
}

export function useAlertFilters(): [AlertFilters, (change: Partial<AlertFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readAlertFilters(params), [params]);
  const setFilters = useCallback(
    (change: Partial<AlertFilters>) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          for (const [key, value] of Object.entries(change)) {
            if (value === null || value === undefined || value === 'all' || value === '') copy.delete(key);
            else copy.set(key, String(value));
          }
          // a station belongs to one cluster: changing the cluster clears a station of another one
          if ('cluster' in change && !('station' in change)) copy.delete('station');
          return copy;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [filters, setFilters];
}

import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

export const ALERT_FILTERS = ['all', 'active', 'resolved'] as const;
export type AlertFilter = (typeof ALERT_FILTERS)[number];

/** `?state=active|resolved` in the URL; `all` when absent. */
export function useAlertFilter(): [AlertFilter, (filter: AlertFilter) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('state');
  const filter: AlertFilter = raw === 'active' || raw === 'resolved' ? raw : 'all';
  const setFilter = useCallback(
    (next: AlertFilter) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          if (next === 'all') copy.delete('state');
          else copy.set('state', next);
          return copy;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [filter, setFilter];
}

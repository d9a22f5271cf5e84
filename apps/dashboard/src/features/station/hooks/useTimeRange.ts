import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DEFAULT_TIME_RANGE, isTimeRange, type TimeRange } from '../ranges';

/** The chart range, kept in the URL (`?range=6h`) so that a link or a reload shows the same view. */
export function useTimeRange(): [TimeRange, (range: TimeRange) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get('range');
  const range = isTimeRange(value) ? value : DEFAULT_TIME_RANGE;
  const setRange = useCallback(
    (next: TimeRange) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          copy.set('range', next);
          return copy;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [range, setRange];
}

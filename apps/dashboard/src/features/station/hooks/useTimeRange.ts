import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DEFAULT_TIME_RANGE, isTimeRange, parseVietnamLocal, toVietnamLocal, type RangeSelection } from '../ranges';

/**
 * The chart range, kept in the URL so that a link or a reload shows the same view: `?range=6h|24h|7d|30d`, or
 * `?range=custom&from=2026-11-28T00:00&to=2026-11-29T00:00` (Vietnam time).
 */
export function useTimeRange(): [RangeSelection, (next: RangeSelection) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get('range');
  const fromText = params.get('from');
  const toText = params.get('to');
  const selection = useMemo((): RangeSelection => {
    if (value === 'custom') {
      const from = fromText ? parseVietnamLocal(fromText) : undefined;
      const to = toText ? parseVietnamLocal(toText) : undefined;
      if (from !== undefined && to !== undefined && from < to) return { choice: 'custom', from, to };
    }
    return { choice: isTimeRange(value) ? value : DEFAULT_TIME_RANGE };
  }, [value, fromText, toText]);
  const setSelection = useCallback(
    (next: RangeSelection) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          copy.set('range', next.choice);
          if (next.choice === 'custom') {
            copy.set('from', toVietnamLocal(next.from));
            copy.set('to', toVietnamLocal(next.to));
          } else {
            copy.delete('from');
            copy.delete('to');
          }
          return copy;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [selection, setSelection];
}

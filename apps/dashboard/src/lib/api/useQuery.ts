import { useCallback, useEffect, useRef, useState } from 'react';

export interface QueryResult<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  readonly loading: boolean;
  /** Fetches again now. */
  readonly reload: () => void;
}

/**
 * Fetches when `key` changes (and every `refreshMs` if given), aborting the previous request. `key: null` does
 * nothing. The fetcher may change on every render: only `key` decides when to fetch.
 */
export function useQuery<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
  refreshMs?: number,
): QueryResult<T> {
  const fetcherRef = useRef(fetcher);
  useEffect(() => {
    fetcherRef.current = fetcher;
  });
  const [result, setResult] = useState<{ key: string | null; data?: T; error?: Error; loading: boolean }>({
    key,
    loading: key !== null,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    setResult((r) => (r.key === key ? { ...r, loading: true } : { key, loading: true }));
    fetcherRef.current(controller.signal).then(
      (data) => setResult({ key, data, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setResult((r) => ({ key, data: r.key === key ? r.data : undefined, error: error as Error, loading: false }));
      },
    );
    const timer = refreshMs ? window.setInterval(() => setGeneration((g) => g + 1), refreshMs) : undefined;
    return () => {
      controller.abort();
      if (timer !== undefined) window.clearInterval(timer);
    };
  }, [key, generation, refreshMs]);

  const current = result.key === key;
  return {
    data: current ? result.data : undefined,
    error: current ? result.error : undefined,
    loading: key !== null && (!current || result.loading),
    reload,
  };
}

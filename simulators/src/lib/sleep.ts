/** Waits until epoch ms `until` (or returns at once if past); resolves `false` early if `signal` aborts. */
export function sleepUntil(
  until: number,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  const delay = until - now();
  if (delay <= 0) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, delay);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves `graceMs` after `signal` aborts (never, without a signal): bounds waits for acknowledgements at shutdown. */
export function graceAfterAbort(signal: AbortSignal | undefined, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!signal) return;
    const arm = (): void => void setTimeout(resolve, graceMs).unref();
    if (signal.aborted) arm();
    else signal.addEventListener('abort', arm, { once: true });
  });
}

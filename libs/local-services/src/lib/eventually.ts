/** Options of {@link eventually}. */
export interface EventuallyOptions {
  /** Give up after this many milliseconds. Default 5 000. */
  readonly timeoutMs?: number;
  /** Pause between attempts, ms. Default 50. */
  readonly intervalMs?: number;
  /** Prefix of the error thrown on time-out. */
  readonly message?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it returns (or resolves) without throwing, and returns that value. Tests use it instead of
 * sleeping: assertions inside `fn` are retried until they pass.
 *
 * @throws Error after `timeoutMs`, with `message` and the last error `fn` threw (also as `cause`).
 */
export async function eventually<T>(fn: () => Promise<T> | T, opts: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const intervalMs = opts.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      return await fn();
    } catch (error) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const last = error instanceof Error ? error.message : String(error);
        throw new Error(
          `${opts.message ?? 'eventually: condition not met'} after ${timeoutMs} ms (${attempts} attempts); last error: ${last}`,
          { cause: error },
        );
      }
      await sleep(Math.min(intervalMs, remaining));
    }
  }
}

import { useSyncExternalStore } from 'react';

/**
 * One shared clock for relative times ("5 minutes ago"): a single interval, whatever the number of components that
 * read it, and only those components re-render when it ticks.
 */
const TICK_MS = 15_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const getNow = (): number => now;

/** The current time in epoch ms, refreshed every 15 s. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow, getNow);
}

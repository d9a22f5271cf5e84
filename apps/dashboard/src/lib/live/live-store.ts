import { initialLiveState, liveReducer, type LiveAction, type LiveState } from './live-state';

/**
 * A tiny external store around {@link liveReducer}. Components read it through `useSyncExternalStore` with a
 * selector, so a reading for one station re-renders that station's card only, not the whole overview.
 */
export class LiveStore {
  private state: LiveState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: LiveState = initialLiveState) {
    this.state = initial;
  }

  readonly getState = (): LiveState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly dispatch = (action: LiveAction): void => {
    const next = liveReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  };
}

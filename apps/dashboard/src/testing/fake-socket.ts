import type { LiveSocket } from '../lib/socket/socket';

type Listener = (...args: unknown[]) => void;

/** Stands in for a socket.io client: tests call `serverEmit` to play the server. */
export class FakeSocket {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly managerListeners = new Map<string, Set<Listener>>();
  disconnected = false;

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  off(event: string, listener?: Listener): this {
    if (listener) this.listeners.get(event)?.delete(listener);
    else this.listeners.delete(event);
    return this;
  }

  readonly io = {
    on: (event: string, listener: Listener) => {
      let set = this.managerListeners.get(event);
      if (!set) this.managerListeners.set(event, (set = new Set()));
      set.add(listener);
    },
    off: (event: string, listener?: Listener) => {
      if (listener) this.managerListeners.get(event)?.delete(listener);
      else this.managerListeners.delete(event);
    },
  };

  disconnect(): this {
    this.disconnected = true;
    return this;
  }

  serverEmit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }

  managerEmit(event: string, ...args: unknown[]): void {
    for (const listener of this.managerListeners.get(event) ?? []) listener(...args);
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    for (const set of this.managerListeners.values()) n += set.size;
    return n;
  }

  asLiveSocket(): LiveSocket {
    return this as unknown as LiveSocket;
  }
}

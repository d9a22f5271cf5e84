/**
 * Bounds the number of publishes awaiting their acknowledgement (QoS 1 PUBACK): `acquire()` waits while `max` are
 * in flight. Used by `replay --max` (and reusable by a load generator) so that a fast producer cannot queue an
 * unbounded number of messages in the client.
 */
export class InflightWindow {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idle: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`in-flight window must be a positive integer, got ${max}`);
  }

  get size(): number {
    return this.inFlight;
  }

  /** Resolves when a slot is free, and takes it. */
  async acquire(): Promise<void> {
    if (this.inFlight < this.max) {
      this.inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
  }

  /** Gives a slot back. */
  release(): void {
    this.inFlight--;
    const next = this.waiting.shift();
    if (next) next();
    else if (this.inFlight === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  /** Runs `task` in a slot: waits for a slot, returns once the task is started; `done` settles with the task. */
  async submit<T>(task: () => Promise<T>): Promise<{ done: Promise<T> }> {
    await this.acquire();
    const done = task().finally(() => this.release());
    return { done };
  }

  /** Resolves when nothing is in flight. */
  async drain(): Promise<void> {
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}

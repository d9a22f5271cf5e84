import { Quarantine, type QuarantineEntry } from './quarantine';
import type { Spool, SpoolBatch } from './spool';

/**
 * What to do with a batch whose write failed: `retry` gives it back to the spool and tries it again after a back-off;
 * `quarantine` moves it to a file in `quarantineDir` and goes on with the next batch (the database refused it and
 * would refuse it again).
 */
export type DrainVerdict = 'retry' | 'quarantine';

/**
 * What a {@link SpoolDrain} reports, for logs and metrics. Called synchronously from the loop; an exception of a
 * handler is caught and reported to {@link SpoolDrainEvents.error} (it never ends the loop).
 */
export interface SpoolDrainEvents {
  /** A batch of `lines` lines was written and committed; `seconds` is how long `write` took. */
  written?(lines: number, seconds: number): void;
  /**
   * A write failed and `classify` gave `verdict`. `pendingLines` counts the lines in the spool, the failed batch
   * included. Called before {@link SpoolDrain.state} changes: on the first failure of an episode `state().writing`
   * is still true.
   */
  failed?(error: unknown, verdict: DrainVerdict, pendingLines: number): void;
  /**
   * Lines that can never be written — refused for good by the database, or one line longer than `batchBytes` — were
   * saved to `entry.file` before their commit; the loop goes on with the next batch.
   */
  quarantined?(entry: QuarantineEntry): void;
  /** The first successful write after retried failures; `pendingLines` is what is left in the spool after it. */
  recovered?(pendingLines: number): void;
  /**
   * The spool or the quarantine folder failed (an fs error such as ENOSPC or EACCES), or an event handler threw:
   * what was read stays in the spool and the loop tries again after a back-off. Nothing ends the loop but stop.
   */
  error?(error: unknown): void;
}

/** Options of {@link SpoolDrain}. Durations are milliseconds, sizes bytes. */
export interface SpoolDrainOptions {
  /** The open spool to drain; the drain is its only reader (it reads, commits and releases batches). */
  readonly spool: Spool;
  /**
   * Writes one batch (newline-terminated lines, at most `batchBytes`). Resolves once the database has the lines;
   * rejects (or throws) otherwise, and `classify` decides what to do with them. Never called twice at once.
   */
  readonly write: (body: string) => Promise<void>;
  /** Maps an error of `write` to a {@link DrainVerdict}. Must not throw. */
  readonly classify: (error: unknown) => DrainVerdict;
  /** Most bytes per write (whole lines; a spool line longer than this is quarantined, see {@link SpoolDrain}). */
  readonly batchBytes: number;
  /** First back-off after a retried failure; doubled after each further one, capped at `retryMaxMs`. */
  readonly retryMinMs: number;
  /** Longest back-off (when below `retryMinMs`, every back-off after the first is `retryMaxMs`). */
  readonly retryMaxMs: number;
  /**
   * Right after a write, how long more lines may gather before the next one — unless at least `batchBytes / 2` are
   * already pending (a backlog is sent at once). 0 = no linger.
   */
  readonly lingerMs: number;
  /** Folder of the lines set aside ({@link Quarantine}), created when first needed: `<iso time>-<segment>-<offset>.lp`. */
  readonly quarantineDir: string;
  /** On {@link SpoolDrain.stop}: how long the loop may go on writing what is pending. Default 5 000. */
  readonly stopGraceMs?: number;
  readonly events?: SpoolDrainEvents;
}

const DEFAULT_STOP_GRACE_MS = 5_000;
/** With nothing pending and no {@link SpoolDrain.notify}, how often the spool is looked at anyway. */
const EMPTY_POLL_MS = 1_000;

/**
 * The single writer of a {@link Spool} to a database: reads the oldest lines (at most `batchBytes`), hands them to
 * `write`, one request at a time and in order, and commits them after success. A failure that `classify` calls
 * `retry` releases the batch and waits `retryMinMs`, doubling to `retryMaxMs` while failures go on; the delay is back
 * to `retryMinMs` after the next batch left the spool. Lines that can never be written — a failure called
 * `quarantine`, or a single spool line longer than `batchBytes` (never sent) — are saved to `quarantineDir`
 * ({@link Quarantine}) and committed: never retried forever, never dropped silently, and the loop goes on. After a
 * write the loop lingers (`lingerMs`) so that lines gather into fewer requests, unless a backlog of
 * `batchBytes / 2` is waiting; while idle it sleeps until {@link notify}.
 *
 * Life cycle: `new` → {@link start} → {@link notify} after each append → {@link stop}. The spool stays open: the
 * caller closes it after `stop()`.
 *
 * Nothing escapes the loop: errors of the spool itself (fs errors, a quarantine file that cannot be written) and of
 * event handlers are reported to {@link SpoolDrainEvents.error}; what was read is given back to the spool and the
 * loop tries again after the back-off. Only {@link stop} ends it.
 */
export class SpoolDrain {
  private readonly spool: Spool;
  private readonly stopGraceMs: number;
  private running?: Promise<void>;
  private stopping = false;
  /** Ends the current idle wait when lines are appended (only while idle on an empty spool). */
  private wake?: () => void;
  /** Ends the current idle wait of any kind at stop. */
  private wakeOnStop?: () => void;
  private status: { writing: boolean; lastWriteAt?: number; lastError?: string } = { writing: true };
  private readonly quarantine: Quarantine;

  /** @throws RangeError when a size or duration is not a finite number in range (> 0; ≥ 0 for linger and grace). */
  constructor(private readonly options: SpoolDrainOptions) {
    const { batchBytes, retryMinMs, retryMaxMs, lingerMs } = options;
    this.stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    if (!(batchBytes > 0 && Number.isFinite(batchBytes)))
      throw new RangeError('drain batchBytes must be > 0');
    if (!(retryMinMs > 0 && retryMaxMs > 0 && Number.isFinite(retryMinMs) && Number.isFinite(retryMaxMs))) {
      throw new RangeError('drain retryMinMs and retryMaxMs must be > 0');
    }
    if (!(lingerMs >= 0 && Number.isFinite(lingerMs))) throw new RangeError('drain lingerMs must be ≥ 0');
    if (!(this.stopGraceMs >= 0 && Number.isFinite(this.stopGraceMs))) {
      throw new RangeError('drain stopGraceMs must be ≥ 0');
    }
    this.spool = options.spool;
    this.quarantine = new Quarantine(options.quarantineDir);
  }

  /** Starts the loop (once; later calls while it runs do nothing). @throws Error after {@link stop}. */
  start(): void {
    if (this.stopping) throw new Error('spool drain is stopped');
    this.running ??= this.loop();
  }

  /** Lines were appended: wakes a loop idle on an empty spool (a loop lingering or backing off keeps waiting). */
  notify(): void {
    this.wake?.();
  }

  /**
   * Stops the loop: the request in flight completes, then what is pending is written for at most `stopGraceMs`
   * (the first failure ends it at once); what is left stays in the spool for the next start. Idempotent; never
   * rejects.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeOnStop?.();
    await this.running;
  }

  /**
   * `writing` is false after a retried failure until the next successful write; `lastWriteAt` (epoch ms) is the
   * time of the last successful write; `lastError` the message of the last retried failure since then.
   */
  state(): { writing: boolean; lastWriteAt?: number; lastError?: string } {
    return { ...this.status };
  }

  private async loop(): Promise<void> {
    const { batchBytes, retryMinMs, retryMaxMs, lingerMs } = this.options;
    let delay = retryMinMs;
    let lastWriteAt = 0;
    let deadline = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline) {
      if (this.stopping && deadline === Number.POSITIVE_INFINITY) deadline = Date.now() + this.stopGraceMs;
      const sinceWrite = Date.now() - lastWriteAt;
      if (!this.stopping && sinceWrite < lingerMs && this.spool.stats().pendingBytes < batchBytes / 2) {
        await this.idle(lingerMs - sinceWrite, false);
      }
      let left: boolean;
      try {
        const batch = this.spool.read(batchBytes);
        if (!batch) {
          if (this.stopping) return;
          await this.idle(EMPTY_POLL_MS, true);
          continue;
        }
        left = await this.writeBatch(batch);
      } catch (error) {
        // The spool or the quarantine folder failed: what was read is back in the spool; try again after a back-off.
        this.emit((events) => events.error?.(error));
        left = false;
      }
      lastWriteAt = Date.now();
      if (left) {
        delay = retryMinMs;
        continue;
      }
      if (this.stopping) return;
      await this.idle(delay, false);
      delay = Math.min(retryMaxMs, delay * 2);
    }
  }

  /**
   * Writes one batch (or quarantines it: an oversize line, or a refused batch); true when it left the spool.
   * @throws fs errors of the spool or the quarantine — the batch is then released (back in the spool).
   */
  private async writeBatch(batch: SpoolBatch): Promise<boolean> {
    try {
      if (batch.oversize) {
        this.setAside(batch, 'oversize');
        return true;
      }
      const started = performance.now();
      try {
        await this.options.write(batch.body.toString('utf8'));
      } catch (error) {
        const verdict = this.classify(error);
        if (verdict === 'retry') {
          this.spool.release(batch);
          this.emit((events) => events.failed?.(error, verdict, this.spool.stats().pendingLines));
          this.status = { ...this.status, writing: false, lastError: messageOf(error) };
          return false;
        }
        this.emit((events) => events.failed?.(error, verdict, this.spool.stats().pendingLines));
        this.setAside(batch, 'refused', error);
        return true;
      }
      const seconds = (performance.now() - started) / 1_000;
      this.spool.commit(batch);
      this.emit((events) => events.written?.(batch.lines, seconds));
      if (!this.status.writing) this.emit((events) => events.recovered?.(this.spool.stats().pendingLines));
      this.status = { writing: true, lastWriteAt: Date.now() };
      return true;
    } catch (error) {
      this.spool.release(batch);
      throw error;
    }
  }

  /** Saves `batch` to the quarantine, then commits it (in that order: a crash in between saves it twice, loses none). */
  private setAside(batch: SpoolBatch, reason: QuarantineEntry['reason'], error?: unknown): void {
    const file = this.quarantine.save(batch.body, `${batch.start.segment}-${batch.start.offset}`);
    this.spool.commit(batch);
    const entry: QuarantineEntry = { file, body: batch.body, lines: batch.lines, reason, ...(error === undefined ? {} : { error }) };
    this.emit((events) => events.quarantined?.(entry));
  }

  /** `classify`, with a throwing classifier taken as `retry` (keep the lines) and reported. */
  private classify(error: unknown): DrainVerdict {
    try {
      return this.options.classify(error);
    } catch (thrown) {
      this.emit((events) => events.error?.(thrown));
      return 'retry';
    }
  }

  /** Calls an event handler; what it throws goes to the `error` handler, and what that throws is dropped. */
  private emit(call: (events: SpoolDrainEvents) => void): void {
    const { events } = this.options;
    if (!events) return;
    try {
      call(events);
    } catch (error) {
      try {
        events.error?.(error);
      } catch {
        // The error handler itself failed: there is no one left to tell, and the loop must go on.
      }
    }
  }

  /** Waits `ms`, or less when `wakeOnData` and {@link notify} is called, or at stop. */
  private idle(ms: number, wakeOnData: boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        if (this.wakeOnStop === done) this.wakeOnStop = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeOnStop = done;
      if (wakeOnData) this.wake = done;
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

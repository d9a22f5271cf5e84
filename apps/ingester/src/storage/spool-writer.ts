import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Spool, SpoolFullError, type SpoolStats } from '@langxanh/spool';
import { ProcessingClock } from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { SpoolDrainService } from './spool-drain.service';

export { SpoolFullError };

/**
 * The writing side of the on-disk {@link Spool} — the durability point after which the broker gets its PUBACK.
 * Readings are queued and appended once per event-loop turn ({@link queue} + {@link flush}); alert states and
 * alerting documents are appended at once, stamped with a strictly increasing processing time. The spool is bounded
 * by SPOOL_MAX_BYTES, SPOOL_FULL_POLICY at the bound. Each append wakes the {@link SpoolDrainService}.
 * Internal to StorageModule: features use its repositories.
 */
@Injectable()
export class SpoolWriter {
  private readonly logger = new Logger(SpoolWriter.name);
  private spool?: Spool;
  private readonly clock = new ProcessingClock();
  private fullEpisode = false;
  /** Lines of {@link queue} not yet appended, their count and size in bytes. */
  private queued = '';
  private queuedLines = 0;
  private queuedBytes = 0;
  /** Size in bytes of the last line {@link queue} refused (what {@link whenWritable} waits room for). */
  private refusedBytes = 0;
  /** Callers of {@link whenWritable} waiting for the queued lines to be appended first. */
  private afterFlush: Array<() => void> = [];
  /** SPOOL_FULL_POLICY is `block` (read once, not at every flush). */
  private readonly blocking: boolean;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
    private readonly drain: SpoolDrainService,
  ) {
    this.blocking = config.get('SPOOL_FULL_POLICY', { infer: true }) === 'block';
  }

  /** Opens the spool (StorageModule start-up) and logs what waits in it from before. @returns the spool. */
  open(): Spool {
    const get = <K extends keyof Env>(key: K) => this.config.get(key, { infer: true });
    this.spool = Spool.open({
      dir: get('SPOOL_DIR'),
      maxBytes: get('SPOOL_MAX_BYTES'),
      segmentBytes: Math.min(get('SPOOL_SEGMENT_BYTES'), Math.floor(get('SPOOL_MAX_BYTES') / 4)),
      fullPolicy: get('SPOOL_FULL_POLICY'),
      fsyncIntervalMs: get('SPOOL_FSYNC_INTERVAL_MS'),
      onDrop: (drop) => {
        this.metrics.spoolDropped.inc(drop.lines);
        this.metrics.pointsDropped.inc(drop.lines);
        this.logger.error(
          `spool full (SPOOL_FULL_POLICY=drop-oldest): dropped ${drop.lines} lines (${drop.bytes} bytes) appended ` +
            `since ${new Date(drop.firstAppendedAt).toISOString()}`,
        );
      },
    });
    const recovered = this.spool.stats();
    this.logger.log(
      `spool ${get('SPOOL_DIR')}: ${recovered.pendingLines} lines waiting from before` +
        ` (bound ${get('SPOOL_MAX_BYTES')} bytes, policy ${get('SPOOL_FULL_POLICY')})`,
    );
    return this.spool;
  }

  close(): void {
    this.spool?.close();
  }

  /**
   * Checks a line (with its newline) against the spool bound and queues it for {@link flush}, which appends all
   * queued lines in one write. The line is NOT durable before that flush returned.
   * @throws SpoolFullError under SPOOL_FULL_POLICY=block when the spool, with what is queued, is at its bound.
   */
  queue(text: string): void {
    const bytes = Buffer.byteLength(text);
    try {
      this.openSpool().assertRoom(this.queuedBytes + bytes);
    } catch (error) {
      this.refusedBytes = bytes;
      this.refused(error);
      throw error;
    }
    this.queued += text;
    this.queuedLines++;
    this.queuedBytes += bytes;
  }

  /**
   * Appends the lines queued by {@link queue} to the spool in one write; on return they survive a crash.
   * @throws Node's fs errors when the disk fails: then none of them is in the spool (and none is queued any more).
   */
  flush(): void {
    if (this.queuedLines === 0) return;
    const lines = this.queued;
    const count = this.queuedLines;
    this.queued = '';
    this.queuedLines = 0;
    this.queuedBytes = 0;
    // Under block, room was checked line by line as they were queued.
    if (this.afterFlush.length === 0) {
      this.append(lines, this.blocking, count);
      return;
    }
    // Only while the spool is full: callers of whenWritable wait for this append.
    const waiting = this.afterFlush;
    this.afterFlush = [];
    try {
      this.append(lines, this.blocking, count);
    } finally {
      for (const resume of waiting) resume();
    }
  }

  /**
   * Appends one line built for a processing time made strictly increasing (alert states, alerting documents: two
   * versions of one never overwrite each other). These are few and small: they go in even at the spool's bound.
   * @throws Node's fs errors when the disk fails.
   */
  appendStamped(line: (now: number) => string): void {
    this.append(`${line(this.clock.next())}\n`, true);
  }

  /**
   * Resolves once everything appended before this call is in InfluxDB and readable back (what start-up restores
   * need; lines appended meanwhile are not waited for), or after `timeoutMs`; at once (false) while the drain is not
   * running (InfluxDB not connected yet). @returns whether it is written.
   */
  async drained(timeoutMs: number): Promise<boolean> {
    const spool = this.openSpool();
    const mark = spool.end();
    const deadline = Date.now() + timeoutMs;
    while (!spool.committedThrough(mark)) {
      if (!this.drain.running || Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  /**
   * Resolves when a line refused by {@link queue} fits: once the lines already queued in this turn are appended by
   * their {@link flush} (their room was reserved as they were queued), and then when the spool has room for the
   * refused line (at least 4 096 bytes). Resolving earlier would let a caller retry `queue` against the same queued
   * bytes again and again without ever yielding to the turn's flush.
   */
  whenWritable(): Promise<void> {
    const bytes = Math.max(4096, this.refusedBytes);
    if (this.queuedLines === 0) return this.openSpool().whenWritable(bytes);
    return new Promise<void>((resume) => this.afterFlush.push(resume)).then(() =>
      this.openSpool().whenWritable(bytes),
    );
  }

  stats(): SpoolStats {
    return this.openSpool().stats();
  }

  private openSpool(): Spool {
    if (!this.spool) throw new Error('storage used before StorageModule started');
    return this.spool;
  }

  private append(lines: string, overBound = false, count = 1): void {
    const spool = this.openSpool();
    try {
      spool.append(lines, { overBound });
    } catch (error) {
      this.refused(error);
      throw error;
    }
    // One episode per fill-up: while the backlog drains at the bound, room comes and goes with every batch; the
    // episode (and its log line) ends once the spool is back under 90 % of its bound.
    if (this.fullEpisode) {
      const { pendingBytes, maxBytes } = spool.stats();
      if (pendingBytes < 0.9 * maxBytes) {
        this.fullEpisode = false;
        this.logger.warn('spool back under 90 % of its bound: acknowledging messages as they come');
      }
    }
    this.metrics.spooled.inc(count);
    this.drain.notify();
  }

  /** Starts a full-spool episode (and its log line) when `error` is the spool's refusal. */
  private refused(error: unknown): void {
    if (error instanceof SpoolFullError && !this.fullEpisode) {
      this.fullEpisode = true;
      this.metrics.spoolFull.set(1);
      this.logger.error(
        `${error.message}: SPOOL_FULL_POLICY=block — messages are no longer acknowledged; the broker holds them until InfluxDB takes the backlog`,
      );
    }
  }
}

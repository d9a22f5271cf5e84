import fs from 'node:fs';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Spool, SpoolBatch } from '@langxanh/spool';
import { InfluxStorage, InfluxStorageError } from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';

/** The drain's side of health: false while writes fail (the spool holds the data meanwhile). */
export interface DrainState {
  readonly writing: boolean;
  /** Epoch ms of the last successful write. */
  readonly lastWriteAt?: number;
  readonly lastError?: string;
}

/**
 * The single drain loop that writes the spool to InfluxDB in order ({@link InfluxStorage.writeLines}), one request
 * at a time, committing after each success. While InfluxDB is unreachable the loop retries with back-off
 * (INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS). A batch InfluxDB refuses (HTTP 4xx other than 429) is moved
 * to `{SPOOL_DIR}/quarantine/` and counted, never retried forever nor dropped silently.
 * Internal to StorageModule (its API mirrors `SpoolDrain` of `libs/spool`, which is to replace the loop below).
 */
@Injectable()
export class SpoolDrainService {
  private readonly logger = new Logger(SpoolDrainService.name);
  private stopping = false;
  private draining?: Promise<void>;
  private wake?: () => void;
  private wakeOnStop?: () => void;
  private database: DrainState = { writing: true };

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
    private readonly influx: InfluxStorage,
  ) {}

  /** Starts draining `spool` (StorageModule start-up, once InfluxDB is connected). */
  start(spool: Spool): void {
    this.draining = this.drainLoop(spool);
  }

  /** A line was appended: wakes the loop when it waits for data. */
  notify(): void {
    this.wake?.();
  }

  /** Stops the loop after its current request; it writes what it can within a few seconds. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeOnStop?.();
    await this.draining;
  }

  state(): DrainState {
    return this.database;
  }

  private async drainLoop(spool: Spool): Promise<void> {
    const batchBytes = this.config.get('INFLUX_WRITE_BATCH_BYTES', { infer: true });
    const minDelay = this.config.get('INFLUX_RETRY_MIN_MS', { infer: true });
    const maxDelay = this.config.get('INFLUX_RETRY_MAX_MS', { infer: true });
    const lingerMs = this.config.get('INFLUX_WRITE_LINGER_MS', { infer: true });
    let delay = minDelay;
    let lastWriteAt = 0;
    // On shutdown: a few more seconds to write what is pending; what is left stays in the spool for the next start.
    let deadline = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline) {
      if (this.stopping && deadline === Number.POSITIVE_INFINITY) deadline = Date.now() + 5_000;
      // Linger: right after a write, let more lines gather unless a backlog is waiting (one request per ~100 ms
      // at low rates instead of one per event-loop turn).
      const sinceWrite = Date.now() - lastWriteAt;
      if (!this.stopping && sinceWrite < lingerMs && spool.stats().pendingBytes < batchBytes / 2) {
        await this.idle(lingerMs - sinceWrite, false);
      }
      const batch = spool.read(batchBytes);
      if (!batch) {
        if (this.stopping) return;
        await this.idle(1_000, true);
        continue;
      }
      const ok = await this.writeBatch(spool, batch);
      lastWriteAt = Date.now();
      if (ok) {
        delay = minDelay;
        continue;
      }
      if (this.stopping) return;
      await this.idle(delay, false);
      delay = Math.min(maxDelay, delay * 2);
    }
  }

  /** Writes one batch; true when it left the spool (written, or quarantined as refused). */
  private async writeBatch(spool: Spool, batch: SpoolBatch): Promise<boolean> {
    const started = process.hrtime.bigint();
    try {
      await this.influx.writeLines(batch.body.toString('utf8'));
    } catch (error) {
      const storageError =
        error instanceof InfluxStorageError ? error : new InfluxStorageError('BAD_RESPONSE', String(error));
      this.metrics.writeFailures.inc();
      if (storageError.retriable || storageError.code === 'NOT_CONNECTED') {
        spool.release(batch);
        if (this.database.writing) {
          this.logger.error(`InfluxDB write failed, keeping ${spool.stats().pendingLines} lines in the spool: ${storageError.message}`);
        }
        this.database = { ...this.database, writing: false, lastError: storageError.message };
        return false;
      }
      this.quarantine(batch, storageError);
      spool.commit(batch);
      return true;
    }
    this.metrics.writeLatency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    spool.commit(batch);
    this.metrics.pointsWritten.inc(batch.lines);
    if (!this.database.writing) {
      this.logger.log(`InfluxDB writes again; ${spool.stats().pendingLines} lines left in the spool`);
    }
    this.database = { writing: true, lastWriteAt: Date.now() };
    return true;
  }

  /** Keeps a refused batch on disk next to the spool and counts it: nothing is lost silently. */
  private quarantine(batch: SpoolBatch, error: InfluxStorageError): void {
    const dir = path.join(this.config.get('SPOOL_DIR', { infer: true }), 'quarantine');
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${batch.start.segment}-${batch.start.offset}.lp`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, batch.body);
    this.metrics.pointsDropped.inc(batch.lines);
    this.logger.error(
      `InfluxDB refused a batch of ${batch.lines} lines (${error.message}); kept in ${file} (InfluxDB 1.x may have written its valid lines)`,
    );
  }

  /** Waits `ms`, or less when `wakeOnData` and a line is appended, or at shutdown. */
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

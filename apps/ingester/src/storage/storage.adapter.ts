import fs from 'node:fs';
import path from 'node:path';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AlertDto, Reading } from '@langxanh/contracts';
import { Spool, SpoolFullError, type SpoolBatch, type SpoolStats } from '@langxanh/spool';
import {
  InfluxStorage,
  InfluxStorageError,
  alertToLine,
  documentToLine,
  readingToLine,
  routeInfluxClientLogs,
  type AlertDocumentMeasurement,
} from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';

/** Database side of health (`GET /api/health`). */
export interface DatabaseState {
  /** False while writes fail (the spool holds the data meanwhile). */
  readonly writing: boolean;
  /** ISO 8601 UTC of the last successful write. */
  readonly lastWriteAt?: string;
  readonly lastError?: string;
}

export { SpoolFullError };

/**
 * The ingester's storage: every accepted reading and alert state is appended to the on-disk {@link Spool} — the
 * durability point after which the broker gets its PUBACK — and a single drain loop writes the spool to InfluxDB in
 * order ({@link InfluxStorage.writeLines}), one request at a time, committing after each success. While InfluxDB is
 * unreachable the spool grows (bounded by SPOOL_MAX_BYTES, SPOOL_FULL_POLICY at the bound) and the loop retries with
 * back-off (INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS). A batch InfluxDB refuses (HTTP 4xx other than 429)
 * is moved to `{SPOOL_DIR}/quarantine/` and counted, never retried forever nor dropped silently.
 * Queries use `storage` (InfluxQL) directly.
 */
@Injectable()
export class StorageAdapter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StorageAdapter.name);
  readonly storage: InfluxStorage;
  private spool?: Spool;
  private lastAlertTime = 0;
  private stopping = false;
  private draining?: Promise<void>;
  private wake?: () => void;
  private wakeOnStop?: () => void;
  private database: { writing: boolean; lastWriteAt?: number; lastError?: string } = { writing: true };
  private fullEpisode = false;
  /** Lines of {@link queueReading} not yet appended, their count and size in bytes. */
  private queued = '';
  private queuedLines = 0;
  private queuedBytes = 0;
  /** SPOOL_FULL_POLICY is `block` (read once, not at every flush). */
  private readonly blocking: boolean;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
  ) {
    const get = <K extends keyof Env>(key: K) => config.get(key, { infer: true });
    this.blocking = get('SPOOL_FULL_POLICY') === 'block';
    this.storage = new InfluxStorage(
      {
        url: get('INFLUX_URL'),
        api: get('INFLUX_API'),
        database: get('INFLUX_DATABASE'),
        retentionPolicy: get('INFLUX_RETENTION_POLICY'),
        org: get('INFLUX_ORG'),
        token: get('INFLUX_TOKEN'),
        username: get('INFLUX_USERNAME'),
        password: get('INFLUX_PASSWORD'),
      },
      this.logger,
    );
  }

  async onModuleInit(): Promise<void> {
    routeInfluxClientLogs(this.logger, { quiet: true });
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
    const { api, version } = await this.storage.connect();
    this.logger.log(`InfluxDB ${version ?? '(version unknown)'} via the ${api} write API`);
    this.draining = this.drainLoop();
  }

  /**
   * Appends a reading's line to the spool (synchronously: on return it survives a crash of this process).
   * @throws SpoolFullError under SPOOL_FULL_POLICY=block when the spool is at its bound (see {@link whenWritable});
   *   Node's fs errors when the disk fails. Either way the reading is not stored and must not be acknowledged.
   */
  writeReading(reading: Reading): void {
    const line = this.lineOf(reading);
    if (line) this.append(line);
  }

  /** A reading's line protocol with its newline (undefined when no value is left); skipped values are logged. */
  private lineOf(reading: Reading): string | undefined {
    const { line, skipped } = readingToLine(reading);
    if (skipped.length > 0) this.logger.warn(`reading of ${reading.station}: non-finite values skipped: ${skipped.join(', ')}`);
    return line === undefined ? undefined : `${line}\n`;
  }

  /**
   * Checks a reading's line against the spool bound and queues it for {@link flushQueued}, which appends all queued
   * lines in one write (one `writeSync` per event-loop turn instead of one per message). The reading is NOT durable
   * before that flush returned: its message must not be acknowledged before.
   * @throws SpoolFullError under SPOOL_FULL_POLICY=block when the spool, with what is queued, is at its bound.
   */
  queueReading(reading: Reading): void {
    const text = this.lineOf(reading);
    if (!text) return;
    const bytes = Buffer.byteLength(text);
    try {
      this.openSpool().assertRoom(this.queuedBytes + bytes);
    } catch (error) {
      this.refused(error);
      throw error;
    }
    this.queued += text;
    this.queuedLines++;
    this.queuedBytes += bytes;
  }

  /**
   * Appends the lines queued by {@link queueReading} to the spool in one write; on return they survive a crash.
   * @throws Node's fs errors when the disk fails: then none of them is in the spool (and none is queued any more).
   */
  flushQueued(): void {
    if (this.queuedLines === 0) return;
    const lines = this.queued;
    const count = this.queuedLines;
    this.queued = '';
    this.queuedLines = 0;
    this.queuedBytes = 0;
    // Under block, room was checked line by line as they were queued.
    this.append(lines, this.blocking, count);
  }

  /**
   * Appends an alert state (measurement `alert`), stamped with the processing time made strictly increasing so two
   * states of one alert never overwrite each other.
   * @throws Node's fs errors when the disk fails.
   */
  writeAlert(alert: AlertDto): void {
    const now = Math.max(Date.now(), this.lastAlertTime + 1);
    this.lastAlertTime = now;
    // Alert states are few and small: they go in even when the spool is at its bound.
    this.append(`${alertToLine(alert, now)}\n`, true);
  }

  /**
   * Appends an alerting document (a silence, a notification outcome; measurement `alert_silence` or
   * `alert_notification`, see `documentToLine`), stamped like alert states (strictly increasing processing time).
   * @throws Node's fs errors when the disk fails.
   */
  writeDocument(measurement: AlertDocumentMeasurement, tags: Readonly<Record<string, string>>, key: string, json: unknown): void {
    const now = Math.max(Date.now(), this.lastAlertTime + 1);
    this.lastAlertTime = now;
    this.append(`${documentToLine(measurement, tags, key, json, now)}\n`, true);
  }

  /**
   * Resolves once the spool is empty — everything appended before is in InfluxDB and readable back (what start-up
   * restores needs) — or after `timeoutMs`. @returns whether it is empty.
   */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.spoolStats().pendingLines > 0) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  }

  /** Resolves when `bytes` more fit in the spool (at once when they do). */
  whenWritable(bytes = 4096): Promise<void> {
    return this.openSpool().whenWritable(bytes);
  }

  spoolStats(): SpoolStats {
    return this.openSpool().stats();
  }

  databaseState(): DatabaseState {
    const { writing, lastWriteAt, lastError } = this.database;
    return {
      writing,
      ...(lastWriteAt ? { lastWriteAt: new Date(lastWriteAt).toISOString() } : {}),
      ...(lastError ? { lastError } : {}),
    };
  }

  /** Refreshes the spool gauges (called by health and metrics). */
  refreshGauges(now = Date.now()): SpoolStats {
    const stats = this.spoolStats();
    this.metrics.spoolDepthLines.set(stats.pendingLines);
    this.metrics.spoolDepthBytes.set(stats.pendingBytes);
    this.metrics.spoolAgeSeconds.set(stats.oldestPendingAt === undefined ? 0 : (now - stats.oldestPendingAt) / 1000);
    this.metrics.spoolFull.set(stats.full ? 1 : 0);
    return stats;
  }

  /** Stops the drain loop after its current request, writes what it can within a few seconds, closes the spool. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.wakeOnStop?.();
    await this.draining;
    this.spool?.close();
    await this.storage.close();
  }

  private openSpool(): Spool {
    if (!this.spool) throw new Error('storage used before onModuleInit');
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
    this.wake?.();
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

  private async drainLoop(): Promise<void> {
    const spool = this.openSpool();
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
      await this.storage.writeLines(batch.body.toString('utf8'));
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

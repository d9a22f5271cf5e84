import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SpoolDrain, type Spool } from '@langxanh/spool';
import {
  InfluxPartialWriteError,
  InfluxStorage,
  refusedLineCount,
  stationsOfLines,
  writeFailureVerdict,
} from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';

/** The drain's side of health: false while writes fail (the spool holds the data meanwhile). */
export interface DrainState {
  readonly writing: boolean;
  /** Epoch ms of the last successful write. */
  readonly lastWriteAt?: number;
  readonly lastError?: string;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The single drain that writes the spool to InfluxDB in order ({@link SpoolDrain} of `libs/spool` over
 * {@link InfluxStorage.writeLines}), one request at a time, committing after each success. While InfluxDB is
 * unreachable it retries with back-off (INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS). Lines that can never
 * be written — a batch InfluxDB refuses for good ({@link writeFailureVerdict}: HTTP 4xx other than 401, 403, 404,
 * 408, 429) or one line longer than INFLUX_WRITE_BATCH_BYTES — are moved to `{SPOOL_DIR}/quarantine/`, counted
 * (`langxanh_quarantined_lines_total{reason}`, `langxanh_points_dropped_total`) and logged with their stations, and
 * the drain goes on: never retried forever, never dropped silently, and no error of the drain ends the process.
 * Here: the configuration, the log lines and the metrics. Internal to StorageModule.
 */
@Injectable()
export class SpoolDrainService {
  private readonly logger = new Logger(SpoolDrainService.name);
  private drain?: SpoolDrain;
  private stopping = false;

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly metrics: MetricsService,
    private readonly influx: InfluxStorage,
  ) {}

  /** Starts draining `spool` (StorageModule start-up, once InfluxDB is connected). */
  start(spool: Spool): void {
    const get = <K extends keyof Env>(key: K) => this.config.get(key, { infer: true });
    this.drain = new SpoolDrain({
      spool,
      write: (body) => this.influx.writeLines(body),
      classify: writeFailureVerdict,
      batchBytes: get('INFLUX_WRITE_BATCH_BYTES'),
      retryMinMs: get('INFLUX_RETRY_MIN_MS'),
      retryMaxMs: get('INFLUX_RETRY_MAX_MS'),
      lingerMs: get('INFLUX_WRITE_LINGER_MS'),
      quarantineDir: path.join(get('SPOOL_DIR'), 'quarantine'),
      events: {
        written: (lines, seconds) => {
          this.metrics.writeLatency.observe(seconds);
          this.metrics.pointsWritten.inc(lines);
        },
        failed: (error, verdict, pendingLines) => {
          this.metrics.writeFailures.inc();
          if (verdict === 'retry' && this.state().writing) {
            this.logger.error(`InfluxDB write failed, keeping ${pendingLines} lines in the spool: ${messageOf(error)}`);
          }
        },
        quarantined: ({ file, body, lines, reason, error }) => {
          // A partial write (InfluxDB 1.x stored the valid lines of a refused batch): only the refused lines are
          // lost (libs/storage-influx write-result.ts); an oversize line is never sent, so all of it is.
          const refused = reason === 'oversize' ? lines : refusedLineCount(error, lines);
          this.metrics.pointsDropped.inc(refused);
          this.metrics.quarantinedLines.inc({ reason }, lines);
          if (reason !== 'oversize' && error instanceof InfluxPartialWriteError) {
            const { stations, unidentified } = error.partial;
            this.logger.error(
              `InfluxDB refused ${refused} of ${lines} lines of a batch (stations: ${stations.join(', ') || 'none named'}` +
                `${unidentified > 0 ? `; ${unidentified} lines not attributable` : ''}) and stored the others: ` +
                `${messageOf(error)}; the batch is kept in ${file}`,
            );
            return;
          }
          const named = stationsOfLines(body.toString('utf8'));
          const who = named.length > 0 ? `station ${named.join(', ')}` : 'no station tag';
          this.logger.error(
            reason === 'oversize'
              ? `a spool line of ${body.length} bytes (${who}) is longer than INFLUX_WRITE_BATCH_BYTES (${get('INFLUX_WRITE_BATCH_BYTES')}) and can never be written; kept in ${file}`
              : `InfluxDB refused a batch of ${lines} lines (${who}): ${messageOf(error)}; kept in ${file}`,
          );
        },
        recovered: (pendingLines) => this.logger.log(`InfluxDB writes again; ${pendingLines} lines left in the spool`),
        error: (error) => this.logger.error(`spool drain: ${messageOf(error)}; the lines stay in the spool, trying again`),
      },
    });
    this.drain.start();
  }

  /** The drain runs (started once InfluxDB answered, and not stopped). */
  get running(): boolean {
    return this.drain !== undefined && !this.stopping;
  }

  /** A line was appended: wakes the drain when it waits for data. */
  notify(): void {
    this.drain?.notify();
  }

  /** Stops the drain after its current request; it writes what it can within a few seconds. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.drain?.stop();
  }

  /** Before the drain started (InfluxDB not connected yet) it is not writing. */
  state(): DrainState {
    return this.drain?.state() ?? { writing: false };
  }
}

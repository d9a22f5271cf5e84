import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SpoolDrain, type Spool } from '@langxanh/spool';
import {
  InfluxPartialWriteError,
  InfluxStorage,
  refusedLineCount,
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
 * unreachable it retries with back-off (INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS). A batch InfluxDB
 * refuses (HTTP 4xx other than 429) is moved to `{SPOOL_DIR}/quarantine/` and counted, never retried forever nor
 * dropped silently. Here: the configuration, the log lines and the metrics. Internal to StorageModule.
 */
@Injectable()
export class SpoolDrainService {
  private readonly logger = new Logger(SpoolDrainService.name);
  private drain?: SpoolDrain;

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
        quarantined: (file, lines, error) => {
          // A partial write (InfluxDB 1.x stored the valid lines): only the refused lines are lost.
          const refused = refusedLineCount(error, lines);
          this.metrics.pointsDropped.inc(refused);
          if (error instanceof InfluxPartialWriteError) {
            const { stations, unidentified } = error.partial;
            this.logger.error(
              `InfluxDB refused ${refused} of ${lines} lines of a batch (stations: ${stations.join(', ') || 'none named'}` +
                `${unidentified > 0 ? `; ${unidentified} lines not attributable` : ''}) and stored the others: ` +
                `${messageOf(error)}; the batch is kept in ${file}`,
            );
          } else {
            this.logger.error(`InfluxDB refused a batch of ${lines} lines (${messageOf(error)}); kept in ${file}`);
          }
        },
        recovered: (pendingLines) => this.logger.log(`InfluxDB writes again; ${pendingLines} lines left in the spool`),
      },
    });
    this.drain.start();
  }

  /** A line was appended: wakes the drain when it waits for data. */
  notify(): void {
    this.drain?.notify();
  }

  /** Stops the drain after its current request; it writes what it can within a few seconds. */
  async stop(): Promise<void> {
    await this.drain?.stop();
  }

  state(): DrainState {
    return this.drain?.state() ?? { writing: true };
  }
}

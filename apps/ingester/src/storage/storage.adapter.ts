import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InfluxStorage, routeInfluxClientLogs } from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';

/**
 * Owns the {@link InfluxStorage} connection for the Nest lifecycle: connects (detecting the InfluxDB API) before
 * the app starts, flushes with retries and closes on shutdown. Services use `storage` directly.
 */
@Injectable()
export class StorageAdapter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(StorageAdapter.name);
  readonly storage: InfluxStorage;

  constructor(config: ConfigService<Env, true>, metrics: MetricsService) {
    const get = <K extends keyof Env>(key: K) => config.get(key, { infer: true });
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
        batchSize: get('INFLUX_BATCH_SIZE'),
        flushIntervalMs: get('INFLUX_FLUSH_INTERVAL_MS'),
        // Bounded by time, not by a count of attempts (back-off grows to 30 s between attempts).
        maxRetries: 10_000,
        maxRetryTimeMs: get('INFLUX_MAX_RETRY_TIME_MS'),
        maxBufferLines: get('INFLUX_MAX_BUFFER_LINES'),
        onWriteSuccess: (lines) => metrics.pointsWritten.inc(lines),
        onWriteFailure: (error, lines, attempt, willRetry) => {
          metrics.writeFailures.inc();
          if (!willRetry) metrics.pointsDropped.inc(lines);
          this.logger.warn(
            `write of ${lines} lines failed (attempt ${attempt}, ${willRetry ? 'will retry' : 'giving up'}): ${error.message}`,
          );
        },
      },
      this.logger,
    );
  }

  async onModuleInit(): Promise<void> {
    // The client's own retry warnings duplicate onWriteFailure: keep its errors, drop its warnings.
    routeInfluxClientLogs(this.logger, { quiet: true });
    const { api, version } = await this.storage.connect();
    this.logger.log(`InfluxDB ${version ?? '(version unknown)'} via the ${api} write API`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

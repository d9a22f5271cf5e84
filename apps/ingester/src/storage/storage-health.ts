import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { redactUrlsIn } from '@langxanh/contracts';
import type { SpoolStats } from '@langxanh/spool';
import { InfluxStorage } from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { SpoolDrainService } from './spool-drain.service';
import { SpoolWriter } from './spool-writer';
import { StorageStartup } from './storage-startup';

/** Database side of health (`GET /api/health`). */
export interface DatabaseState {
  /** False while writes fail (the spool holds the data meanwhile). */
  readonly writing: boolean;
  /** ISO 8601 UTC of the last successful write. */
  readonly lastWriteAt?: string;
  readonly lastError?: string;
}

export type { SpoolStats };

/** Storage as health and metrics see it: InfluxDB reachable, its API and version, writing state, the spool. */
@Injectable()
export class StorageHealth {
  /** SPOOL_FULL_POLICY. */
  readonly policy: Env['SPOOL_FULL_POLICY'];

  constructor(
    private readonly influx: InfluxStorage,
    private readonly spool: SpoolWriter,
    private readonly drain: SpoolDrainService,
    private readonly metrics: MetricsService,
    private readonly startup: StorageStartup,
    config: ConfigService<Env, true>,
  ) {
    this.policy = config.get('SPOOL_FULL_POLICY', { infer: true });
  }

  /** Whether InfluxDB answers its ping. */
  ping(): Promise<boolean> {
    return this.influx.ping();
  }

  /** The write API in use (`v1`, `v2`). */
  get api(): InfluxStorage['api'] {
    return this.influx.api;
  }

  /** InfluxDB's version, when it told it. */
  get version(): string | undefined {
    return this.influx.version;
  }

  /** Writing state; before InfluxDB first answered: not writing, and why (`lastError`). */
  databaseState(): DatabaseState {
    const connectError = this.startup.connectError;
    if (!this.startup.connected) {
      return {
        writing: false,
        lastError: `not connected since start-up${connectError ? `: ${connectError}` : ''} (readings are spooled; stored state is restored once InfluxDB answers)`,
      };
    }
    const { writing, lastWriteAt, lastError } = this.drain.state();
    return {
      writing,
      ...(lastWriteAt ? { lastWriteAt: new Date(lastWriteAt).toISOString() } : {}),
      ...(lastError ? { lastError: redactUrlsIn(lastError) } : {}),
    };
  }

  /** Refreshes the spool gauges (called by health and metrics). @returns the spool's figures. */
  refreshGauges(now = Date.now()): SpoolStats {
    const stats = this.spool.stats();
    this.metrics.spoolDepthLines.set(stats.pendingLines);
    this.metrics.spoolDepthBytes.set(stats.pendingBytes);
    this.metrics.spoolAgeSeconds.set(stats.oldestPendingAt === undefined ? 0 : (now - stats.oldestPendingAt) / 1000);
    this.metrics.spoolFull.set(stats.full ? 1 : 0);
    return stats;
  }
}

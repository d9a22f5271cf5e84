import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AveragesHealthDto } from '@langxanh/contracts';
import type { Spool } from '@langxanh/spool';
import { InfluxStorage, InfluxStorageError } from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import { SpoolDrainService } from './spool-drain.service';
import { SpoolWriter } from './spool-writer';

/** A start-up read from InfluxDB (alerts, silences, delivery records, newest readings) waiting for it. */
interface Deferred {
  readonly name: string;
  readonly read: () => Promise<void>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What health shows of the averaging windows' warm-up (`GET /api/health` → `averages`): libs/contracts AveragesHealthDto. */
export type WarmUpState = AveragesHealthDto;

/**
 * Progress of a start-up read that runs in the background, after readiness (the averaging windows' warm-up,
 * AlertsService): the alert service reports into it, health and the metrics read it. Counts are stations.
 */
export class WarmUpProgress {
  private current: WarmUpState;

  constructor(startedAt: number = Date.now()) {
    this.current = { state: 'warming', stations: { warmed: 0, total: 0 }, failed: 0, attempts: 0, since: new Date(startedAt).toISOString() };
  }

  /** The state as health shows it. */
  get snapshot(): WarmUpState {
    return this.current;
  }

  /** An attempt begins; `total` stations have averaged rules (counted by the first attempt). */
  attempt(total?: number): void {
    const stations = total === undefined ? this.current.stations : { warmed: 0, total };
    this.current = { ...this.current, state: 'warming', stations, failed: 0, attempts: this.current.attempts + 1 };
  }

  /** `warmed` stations were read and merged, `failed` could not be read (`error`: why). */
  progress(warmed: number, failed = 0, error?: string): void {
    const { stations } = this.current;
    this.current = {
      ...this.current,
      stations: { ...stations, warmed: Math.min(stations.total, stations.warmed + warmed) },
      failed: this.current.failed + failed,
      ...(error ? { lastError: error } : {}),
    };
  }

  /** The warm-up ended: `ready` when no station is left unread, else `partial` (given up, or stopped). */
  finish(at: number = Date.now()): void {
    const state = this.current.failed === 0 && this.current.stations.warmed >= this.current.stations.total ? 'ready' : 'partial';
    this.current = { ...this.current, state, finishedAt: new Date(at).toISOString() };
  }
}

/**
 * Start-up of storage, with or without InfluxDB: the spool is opened (readings are accepted and acknowledged from
 * then on), then InfluxDB is connected and the drain started. When InfluxDB does not answer (unreachable, 429, 5xx),
 * start-up goes on without it: the ingester serves the API, spools readings and evaluates alerts, and keeps trying
 * to connect (INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS). Once InfluxDB answers, the drain starts and the
 * start-up reads that had to wait ({@link restore}) run in the order they were asked for. Any other refusal at the
 * first attempt (e.g. 401 bad credentials) is a configuration error and stops start-up, as it did.
 * Exported by StorageModule; features use only {@link restore} and {@link connected}.
 */
@Injectable()
export class StorageStartup {
  private readonly logger = new Logger(StorageStartup.name);
  private isConnected = false;
  private readonly deferred: Deferred[] = [];
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Why InfluxDB is not connected yet (health shows it). */
  private lastError?: string;
  /** Settles once the deferred reads ran (shutdown waits for it). */
  private restoring: Promise<void> = Promise.resolve();
  private spoolHandle?: Spool;
  /** The averaging windows' warm-up, run in the background after readiness (AlertsService reports into it). */
  readonly averages = new WarmUpProgress();

  constructor(
    private readonly config: ConfigService<Env, true>,
    private readonly influx: InfluxStorage,
    private readonly spool: SpoolWriter,
    private readonly drain: SpoolDrainService,
  ) {}

  /** InfluxDB answered and the drain runs. */
  get connected(): boolean {
    return this.isConnected;
  }

  /** While not {@link connected}: why (the last connection error). */
  get connectError(): string | undefined {
    return this.isConnected ? undefined : this.lastError;
  }

  /**
   * StorageModule start-up: opens the spool and tries InfluxDB once; when it does not answer, schedules the retries
   * and returns (start-up goes on).
   * @throws Node's fs errors when the spool cannot be opened; InfluxStorageError when InfluxDB refuses the connection
   *   for a reason that retrying cannot mend (bad credentials, `CREATE DATABASE` refused).
   */
  async start(): Promise<void> {
    this.spoolHandle = this.spool.open();
    try {
      await this.connect();
    } catch (error) {
      if (!(error instanceof InfluxStorageError && error.retriable)) throw error;
      this.lastError = messageOf(error);
      this.logger.warn(
        `${this.lastError}: starting without InfluxDB — readings are accepted into the spool and alerts evaluated; ` +
          'stored alerts, silences and newest readings are restored and the spool written once it answers',
      );
      this.schedule(this.get('INFLUX_RETRY_MIN_MS'));
    }
  }

  /**
   * Runs `read` (a start-up read from InfluxDB) now when InfluxDB is connected — start-up awaits it, as before —
   * otherwise once it is, after the reads asked for before it, in the background (start-up goes on without it; a
   * failure is logged). The caller must then merge what it reads with what happened meanwhile (newer state wins).
   * @returns true when it ran now, false when it was deferred.
   */
  async restore(name: string, read: () => Promise<void>): Promise<boolean> {
    if (this.isConnected) {
      await read();
      return true;
    }
    this.deferred.push({ name, read });
    return false;
  }

  /** Stops the retries (shutdown); the deferred reads that have not run are dropped. Resolves after one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.deferred.length = 0;
    await this.restoring;
  }

  private get<K extends keyof Env>(key: K): Env[K] {
    return this.config.get(key, { infer: true });
  }

  private async connect(): Promise<void> {
    const { api, version } = await this.influx.connect();
    this.logger.log(`InfluxDB ${version ?? '(version unknown)'} via the ${api} write API`);
    if (this.spoolHandle) this.drain.start(this.spoolHandle);
    this.isConnected = true;
    this.lastError = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.retry(delayMs), delayMs);
    this.timer.unref();
  }

  private async retry(delayMs: number): Promise<void> {
    if (this.stopped) return;
    try {
      await this.connect();
    } catch (error) {
      const message = messageOf(error);
      if (message !== this.lastError) this.logger.warn(`InfluxDB still not connected: ${message}`);
      this.lastError = message;
      this.schedule(Math.min(this.get('INFLUX_RETRY_MAX_MS'), delayMs * 2));
      return;
    }
    this.logger.log(`InfluxDB answers: the spool is being written; ${this.deferred.length} start-up reads run now`);
    this.restoring = this.runDeferred();
    await this.restoring;
  }

  private async runDeferred(): Promise<void> {
    while (!this.stopped) {
      const next = this.deferred.shift();
      if (!next) return;
      try {
        await next.read();
      } catch (error) {
        this.logger.error(`start-up read "${next.name}" failed after InfluxDB came back: ${messageOf(error)}`);
      }
    }
  }
}

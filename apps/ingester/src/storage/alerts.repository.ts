import { Injectable } from '@nestjs/common';
import type { AlertDto } from '@langxanh/contracts';
import { InfluxStorage, alertToLine } from '@langxanh/storage-influx';
import { SpoolWriter } from './spool-writer';

/** Alert states in storage (measurement `alert`): appended on every change, read back at start-up. */
@Injectable()
export class AlertsRepository {
  constructor(
    private readonly spool: SpoolWriter,
    private readonly influx: InfluxStorage,
  ) {}

  /**
   * Appends an alert state, stamped with the processing time made strictly increasing so two states of one alert
   * never overwrite each other. @throws Node's fs errors when the disk fails.
   */
  append(alert: AlertDto): void {
    this.spool.appendStamped((now) => alertToLine(alert, now));
  }

  /**
   * Resolves once what was appended before (also before a restart) is readable back, or after `timeoutMs`.
   * @returns whether it is.
   */
  drained(timeoutMs: number): Promise<boolean> {
    return this.spool.drained(timeoutMs);
  }

  /** The newest stored state of every station and rule, however old. */
  latestStates(): Promise<AlertDto[]> {
    return this.influx.latestAlertStates();
  }

  /** The newest `limit` stored alert states, newest first. */
  history(limit: number): Promise<AlertDto[]> {
    return this.influx.alertHistory(limit);
  }
}

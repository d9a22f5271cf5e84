import { Injectable } from '@nestjs/common';
import { InfluxStorage, documentToLine, type AlertDocumentMeasurement } from '@langxanh/storage-influx';
import { SpoolWriter } from './spool-writer';

export type { AlertDocumentMeasurement };

/**
 * Alerting documents in storage — silences and maintenance windows (`alert_silence`), notification delivery records
 * (`alert_notification`): each a JSON document under a key, its newest version wins.
 */
@Injectable()
export class AlertDocumentsRepository {
  constructor(
    private readonly spool: SpoolWriter,
    private readonly influx: InfluxStorage,
  ) {}

  /**
   * Appends a version of document `key`, stamped like alert states (strictly increasing processing time).
   * @throws Node's fs errors when the disk fails (or the spool is closed at shutdown).
   */
  append(measurement: AlertDocumentMeasurement, tags: Readonly<Record<string, string>>, key: string, json: unknown): void {
    this.spool.appendStamped((now) => documentToLine(measurement, tags, key, json, now));
  }

  /**
   * Resolves once what was appended before (also before a restart) is readable back, or after `timeoutMs`.
   * @returns whether it is.
   */
  drained(timeoutMs: number): Promise<boolean> {
    return this.spool.drained(timeoutMs);
  }

  /** The newest version of every document stored since `sinceMs` (epoch ms). */
  latest<T>(measurement: AlertDocumentMeasurement, sinceMs: number): Promise<T[]> {
    return this.influx.latestDocuments<T>(measurement, sinceMs);
  }
}

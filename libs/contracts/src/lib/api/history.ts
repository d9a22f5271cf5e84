/**
 * REST DTOs of the history routes (issue 13 item 5): the bulk import of readings and the deletion of a station's
 * time range, both administrator only and audited (docs/security.md).
 */

/**
 * Most readings in one `POST /api/stations/{id}/readings` request. The request body is also bound by the API's
 * 16 KiB JSON limit (apps/ingester/src/common/http.ts), so a client sends batches well below both.
 */
export const MAX_IMPORT_BATCH = 500;

/** Most rejections listed one by one in an {@link ImportBatchResultDto} (all are counted). */
export const MAX_LISTED_REJECTIONS = 20;

/**
 * Body of `POST /api/stations/{id}/readings`: `{"readings":[<reading payload>, …]}`, each the contract's reading
 * payload (docs/contract.md: `ts`, `values`, `status?`, `units?`), validated exactly as an MQTT message on the
 * station's reading topic.
 */
export interface ImportBatchBody {
  readonly readings: readonly unknown[];
}

/** One refusal in an {@link ImportBatchResultDto}: the reading's index in the batch and the rule that decided. */
export interface ImportRejectionDto {
  readonly index: number;
  /** Rule id of libs/contracts input-rules.ts (`out_of_range`, `time_out_of_bounds`, …). */
  readonly reason: string;
  /** Set when one value was dropped from a stored reading. */
  readonly parameter?: string;
  readonly detail: string;
}

/**
 * Answer of `POST /api/stations/{id}/readings`, sent once the stored readings are appended to the spool (durable:
 * they reach InfluxDB even if it is down now).
 */
export interface ImportBatchResultDto {
  readonly station: string;
  readonly received: number;
  /** Readings stored (at least one value each). */
  readonly stored: number;
  /** Whole readings refused, by their first reason (e.g. `out_of_range` for a reading whose only value was out of range). */
  readonly refused: Readonly<Record<string, number>>;
  /** Single values dropped from stored readings, by reason. */
  readonly droppedValues: Readonly<Record<string, number>>;
  /** The first {@link MAX_LISTED_REJECTIONS} rejections. */
  readonly rejections: readonly ImportRejectionDto[];
}

/** Answer of `DELETE /api/stations/{id}/readings?from=&to=`: what was deleted (times ISO 8601 UTC). */
export interface DeleteReadingsResultDto {
  readonly station: string;
  readonly from: string;
  readonly to: string;
}

import { Injectable, Logger } from '@nestjs/common';
import {
  MAX_LISTED_REJECTIONS,
  type DeleteReadingsResultDto,
  type ImportBatchResultDto,
  type ImportRejectionDto,
} from '@langxanh/contracts';
import { InfluxStorageError } from '@langxanh/storage-influx';
import { ApiError, ApiErrorCode } from '../common/errors';
import { IngestService } from '../ingest/ingest.service';
import { RegistryService } from '../registry/registry.service';
import { ReadingsRepository, SpoolBacklogError } from '../storage/readings.repository';

const bump = (counts: Record<string, number>, key: string): void => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/** Use cases of the history routes: import a batch of readings, delete a station's time range. */
@Injectable()
export class HistoryService {
  private readonly logger = new Logger(HistoryService.name);

  constructor(
    private readonly ingest: IngestService,
    private readonly registry: RegistryService,
    private readonly readings: ReadingsRepository,
  ) {}

  /**
   * Stores a batch of reading payloads of station `id` through the ingest path (same validation, spool, events and
   * alerting as MQTT); resolves once they are durable.
   * @throws ApiError `not_found` for a station not in the registry.
   */
  async importBatch(id: string, payloads: readonly unknown[], now: number): Promise<ImportBatchResultDto> {
    const registered = this.station(id);
    const outcomes = await this.ingest.ingestBatch(
      { cluster: registered.cluster.id, kind: registered.station.kind, station: id, channel: 'reading' },
      payloads,
      now,
    );
    const refused: Record<string, number> = {};
    const droppedValues: Record<string, number> = {};
    const rejections: ImportRejectionDto[] = [];
    let stored = 0;
    outcomes.forEach((outcome, index) => {
      if (outcome.reading) stored++;
      for (const r of outcome.rejections) {
        if (outcome.reading) bump(droppedValues, r.reason);
        if (rejections.length < MAX_LISTED_REJECTIONS) {
          rejections.push({ index, reason: r.reason, ...(r.parameter ? { parameter: r.parameter } : {}), detail: r.detail });
        }
      }
      // A refused reading counts under its first reason: the value rule that dropped its last value, not the
      // `no_valid_values` that follows it.
      const first = outcome.rejections[0];
      if (!outcome.reading && first) bump(refused, first.reason);
    });
    return { station: id, received: payloads.length, stored, refused, droppedValues, rejections };
  }

  /**
   * Deletes station `id`'s readings in [from, to) (epoch ms) once the spool has written what came before.
   * @throws ApiError `not_found` (station), `bad_request` (from ≥ to), `storage_unavailable` (InfluxDB down, the
   *   spool behind, or a v2 server).
   */
  async deleteRange(id: string, from: number, to: number): Promise<DeleteReadingsResultDto> {
    const registered = this.station(id);
    if (from >= to) throw new ApiError(ApiErrorCode.BadRequest, 'from must be before to');
    try {
      await this.readings.deleteRange({ kind: registered.station.kind, station: id, from, to });
    } catch (error) {
      if (error instanceof SpoolBacklogError || error instanceof InfluxStorageError) {
        throw new ApiError(ApiErrorCode.StorageUnavailable, `readings not deleted: ${error.message}`);
      }
      throw error;
    }
    const result = { station: id, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    this.logger.warn(`readings of ${id} deleted from ${result.from} to ${result.to}`);
    return result;
  }

  private station(id: string) {
    const registered = this.registry.get(id);
    if (!registered) throw new ApiError(ApiErrorCode.NotFound, `station "${id.slice(0, 64)}" is not in the registry`);
    return registered;
  }
}

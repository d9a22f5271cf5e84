import { Injectable, Logger } from '@nestjs/common';
import { parameterSpec, unknownParameterMessage, type ClusterDto, type ReadingsDto, type RegisteredStation } from '@langxanh/contracts';
import { ApiError, ApiErrorCode, storageFailure } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { ReadingsRepository } from '../storage/readings.repository';
import {
  INTERVAL_SAMPLE_SIZE,
  MAX_RANGE_MS,
  bucketWidthS,
  measuredIntervalS,
  reportingIntervalS,
} from './readings-window';

/** How long a measured reporting interval is reused before it is measured again, ms. */
export const INTERVAL_CACHE_TTL_MS = 10 * 60_000;
/** Most measured intervals kept (station × parameter); the oldest entry is dropped beyond it. */
export const INTERVAL_CACHE_MAX = 10_000;
/** How far back the newest readings are looked for when measuring the interval, ms (older silence: registry). */
export const INTERVAL_LOOKBACK_MS = 30 * 86_400_000;

/** A readings history request, times already parsed (epoch ms). */
export interface ReadingsQuery {
  readonly parameter: string;
  readonly from?: number;
  readonly to?: number;
  /** Requested bucket width, seconds. */
  readonly every?: number;
}

interface MeasuredInterval {
  /** Seconds, or undefined when too few readings were found. */
  readonly intervalS: number | undefined;
  /** When it was measured, epoch ms. */
  readonly at: number;
}

/** The registry's clusters and the readings history of a station (its overview state: {@link StationStateService}). */
@Injectable()
export class StationsService {
  private readonly logger = new Logger(StationsService.name);
  /** `station\u0000parameter` → its measured interval, oldest insertion first. */
  private readonly intervals = new Map<string, MeasuredInterval>();

  constructor(
    private readonly registry: RegistryService,
    private readonly readings: ReadingsRepository,
  ) {}

  /** Every cluster with its manager and the ids of its stations in service (retired ones left out). */
  clusters(): ClusterDto[] {
    return this.registry.registry.clusters.map((c) => ({
      id: c.id,
      name: c.name,
      craft: c.craft,
      commune: c.commune,
      location: c.location,
      manager: c.manager,
      stationIds: c.stations.filter((s) => s.retired === undefined).map((s) => s.id),
    }));
  }

  /**
   * Mean, min, max and count per time bucket of one parameter of `registered` (defaults: the last 24 h). The
   * bucket width follows `bucketWidthS` (readings-window.ts): never narrower than the station's reporting interval
   * ({@link intervalS}), raised so that at most 1 000 buckets come back. Only validated values reach the storage:
   * the station from the registry, the parameter from the catalogue, times as epoch ms, the width as an integer.
   * @throws ApiError `bad_request` for a parameter not of the station's kind, from ≥ to or a range over 400 days;
   *   `storage_unavailable`.
   */
  async history(registered: RegisteredStation, q: ReadingsQuery, now: number): Promise<ReadingsDto> {
    const kind = registered.station.kind;
    const spec = parameterSpec(kind, q.parameter);
    if (!spec) throw new ApiError(ApiErrorCode.BadRequest, unknownParameterMessage(kind, q.parameter));
    const to = q.to ?? now;
    const from = q.from ?? to - 86_400_000;
    if (!(from < to)) throw new ApiError(ApiErrorCode.BadRequest, '`from` must be before `to`');
    if (to - from > MAX_RANGE_MS) throw new ApiError(ApiErrorCode.BadRequest, 'range longer than 400 days');
    const everyS = bucketWidthS(from, to, await this.intervalS(registered, spec.key, now), q.every);
    try {
      const points = await this.readings.buckets({ kind, station: registered.station.id, parameter: spec.key, from, to, everyS });
      return {
        station: registered.station.id,
        parameter: spec.key,
        unit: spec.unit,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        everyS,
        points,
      };
    } catch (error) {
      throw storageFailure('history unavailable', error);
    }
  }

  /**
   * Seconds between two readings of `parameter` at `registered` (`reportingIntervalS`): measured from its newest
   * {@link INTERVAL_SAMPLE_SIZE} stored values of the last {@link INTERVAL_LOOKBACK_MS} (kept for
   * {@link INTERVAL_CACHE_TTL_MS}, at most {@link INTERVAL_CACHE_MAX} entries), else the registry's
   * `expectedIntervalS`. A failed measurement is logged, not cached, and falls back to the registry.
   */
  private async intervalS(registered: RegisteredStation, parameter: string, now: number): Promise<number> {
    const { station } = registered;
    const key = `${station.id}\u0000${parameter}`;
    let entry = this.intervals.get(key);
    if (!entry || now - entry.at >= INTERVAL_CACHE_TTL_MS || now < entry.at) {
      try {
        const times = await this.readings.recentTimes({
          kind: station.kind,
          station: station.id,
          parameter,
          since: Math.max(0, now - INTERVAL_LOOKBACK_MS),
          limit: INTERVAL_SAMPLE_SIZE,
        });
        entry = { intervalS: measuredIntervalS(times), at: now };
        this.intervals.delete(key);
        this.intervals.set(key, entry);
        if (this.intervals.size > INTERVAL_CACHE_MAX) {
          const oldest = this.intervals.keys().next().value;
          if (oldest !== undefined) this.intervals.delete(oldest);
        }
      } catch (error) {
        this.logger.warn(`reporting interval of ${station.id} ${parameter} not measured: ${(error as Error).message}`);
        return station.expectedIntervalS;
      }
    }
    return reportingIntervalS(entry.intervalS, station.expectedIntervalS);
  }
}

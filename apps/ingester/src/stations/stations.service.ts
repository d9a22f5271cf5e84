import { Injectable } from '@nestjs/common';
import { parameterSpec, type ClusterDto, type ReadingsDto, type RegisteredStation } from '@langxanh/contracts';
import { ApiError, ApiErrorCode, storageFailure } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { ReadingsRepository } from '../storage/readings.repository';
import { MAX_RANGE_MS, bucketWidthS } from './readings-window';

/** A readings history request, times already parsed (epoch ms). */
export interface ReadingsQuery {
  readonly parameter: string;
  readonly from?: number;
  readonly to?: number;
  /** Requested bucket width, seconds. */
  readonly every?: number;
}

/** The registry's clusters and the readings history of a station (its overview state: {@link StationStateService}). */
@Injectable()
export class StationsService {
  constructor(
    private readonly registry: RegistryService,
    private readonly readings: ReadingsRepository,
  ) {}

  /** Every cluster with its manager and station ids. */
  clusters(): ClusterDto[] {
    return this.registry.registry.clusters.map((c) => ({
      id: c.id,
      name: c.name,
      craft: c.craft,
      commune: c.commune,
      location: c.location,
      manager: c.manager,
      stationIds: c.stations.map((s) => s.id),
    }));
  }

  /**
   * Mean, min, max and count per time bucket of one parameter of `registered` (defaults: the last 24 h; the width
   * raised so that at most 1 000 buckets come back). Only validated values reach the storage: the station from the
   * registry, the parameter from the catalogue, times as epoch ms, the width as an integer.
   * @throws ApiError `bad_request` for a parameter not of the station's kind, from ≥ to or a range over 400 days;
   *   `storage_unavailable`.
   */
  async history(registered: RegisteredStation, q: ReadingsQuery, now: number): Promise<ReadingsDto> {
    const kind = registered.station.kind;
    const spec = parameterSpec(kind, q.parameter);
    if (!spec) throw new ApiError(ApiErrorCode.BadRequest, `"${q.parameter}" is not a ${kind} parameter`);
    const to = q.to ?? now;
    const from = q.from ?? to - 86_400_000;
    if (!(from < to)) throw new ApiError(ApiErrorCode.BadRequest, '`from` must be before `to`');
    if (to - from > MAX_RANGE_MS) throw new ApiError(ApiErrorCode.BadRequest, 'range longer than 400 days');
    const everyS = bucketWidthS(from, to, q.every);
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
}

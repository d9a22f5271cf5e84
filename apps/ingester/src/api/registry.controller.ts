import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { SLUG_PATTERN, parameterSpec, parseReadingTime, type ClusterDto, type ReadingsDto, type StationDto } from '@langxanh/contracts';
import { ApiError, ApiErrorCode } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { StationStateService } from '../stations/station-state.service';
import { StorageAdapter } from '../storage/storage.adapter';
import { parseQuery } from './query';
import { MAX_RANGE_MS, bucketWidthS } from './readings-window';

/** ISO 8601 time; without an offset it is Vietnam time, as in the MQTT payload contract. */
const isoTime = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = parseReadingTime(text);
    if (ms === undefined) {
      const hint = / \d\d:?\d\d$/.test(text) ? ' (a "+" in the offset must be URL-encoded as %2B)' : '';
      ctx.addIssue({ code: 'custom', message: `not an ISO 8601 time${hint}` });
      return z.NEVER;
    }
    return ms;
  });

const readingsQuery = z.strictObject({
  parameter: z.string().min(1).max(32),
  from: isoTime.optional(),
  to: isoTime.optional(),
  every: z.coerce.number().int().min(1).max(604_800).optional(),
});

@Controller('api')
export class RegistryController {
  constructor(
    private readonly registry: RegistryService,
    private readonly stations: StationStateService,
    private readonly storage: StorageAdapter,
  ) {}

  /** `GET /api/clusters`: every cluster with its manager and station ids. */
  @Get('clusters')
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

  /** `GET /api/stations`: every station with its latest values, state and the limits in force. */
  @Get('stations')
  stationList(): StationDto[] {
    const now = Date.now();
    return this.registry.stations.all().flatMap(({ station }) => this.stations.dto(station.id, now) ?? []);
  }

  /** `GET /api/stations/{id}`. @throws 404 for an unknown station. */
  @Get('stations/:id')
  station(@Param('id') id: string): StationDto {
    const dto = SLUG_PATTERN.test(id) ? this.stations.dto(id, Date.now()) : undefined;
    if (!dto) throw new ApiError(ApiErrorCode.NotFound, `no station "${id}"`);
    return dto;
  }

  /**
   * `GET /api/stations/{id}/readings?parameter=&from=&to=&every=`: mean, min, max and count per time bucket
   * (`from`/`to` ISO 8601; without an offset, Vietnam time)
   * (`every` seconds; raised so that at most 1 000 buckets come back). Defaults: the last 24 h. Empty buckets are
   * returned with null values (a gap), never as zero.
   * @throws 400 for an unknown parameter, a bad time or a range over 400 days; 404 for an unknown station.
   */
  @Get('stations/:id/readings')
  async readings(@Param('id') id: string, @Query() query: unknown): Promise<ReadingsDto> {
    const registered = SLUG_PATTERN.test(id) ? this.registry.get(id) : undefined;
    if (!registered) throw new ApiError(ApiErrorCode.NotFound, `no station "${id}"`);
    const q = parseQuery(readingsQuery, query);
    const kind = registered.station.kind;
    const spec = parameterSpec(kind, q.parameter);
    if (!spec) throw new ApiError(ApiErrorCode.BadRequest, `"${q.parameter}" is not a ${kind} parameter`);
    const to = q.to ?? Date.now();
    const from = q.from ?? to - 86_400_000;
    if (!(from < to)) throw new ApiError(ApiErrorCode.BadRequest, '`from` must be before `to`');
    if (to - from > MAX_RANGE_MS) throw new ApiError(ApiErrorCode.BadRequest, 'range longer than 400 days');
    const everyS = bucketWidthS(from, to, q.every);
    try {
      const points = await this.storage.storage.readingBuckets({ kind, station: id, parameter: spec.key, from, to, everyS });
      return {
        station: id,
        parameter: spec.key,
        unit: spec.unit,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        everyS,
        points,
      };
    } catch (error) {
      throw new ApiError(ApiErrorCode.StorageUnavailable, `history unavailable: ${(error as Error).message}`);
    }
  }
}

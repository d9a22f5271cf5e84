import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { SLUG_PATTERN, queryTimeSchema, type ClusterDto, type ReadingsDto, type StationDto } from '@langxanh/contracts';
import { Access, PUBLIC } from '../auth/access';
import { ScopeService } from '../auth/scope.service';
import { ApiError, ApiErrorCode } from '../common/errors';
import { RegistryService } from '../registry/registry.service';
import { parseQuery } from '../common/query';
import { StationStateService } from './station-state.service';
import { StationsService } from './stations.service';

/** ISO 8601 time within [1970, 2200) (contracts `queryTimeSchema`); without an offset it is Vietnam time. */
const isoTime = queryTimeSchema;

const readingsQuery = z.strictObject({
  parameter: z.string().min(1).max(32),
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Seconds, plain decimal digits only (no sign, exponent, hex or spaces). */
  every: z
    .string()
    .regex(/^[0-9]{1,6}$/, 'whole seconds, digits only')
    .transform(Number)
    .pipe(z.number().int().min(1).max(604_800))
    .optional(),
});

@Controller('api')
export class StationsController {
  constructor(
    private readonly registry: RegistryService,
    private readonly stations: StationStateService,
    private readonly service: StationsService,
    private readonly scope: ScopeService,
  ) {}

  /** `GET /api/clusters`: every cluster with its manager and station ids (public: the registry is public). */
  @Get('clusters')
  @Access(PUBLIC)
  clusters(): ClusterDto[] {
    return this.service.clusters();
  }

  /**
   * `GET /api/stations`: the stations the caller may read, with their latest values, state and the limits in
   * force: air stations for everyone (anonymous included), wastewater and waste stations of the caller's clusters.
   */
  @Get('stations')
  @Access(PUBLIC)
  stationList(@Req() request: Request): StationDto[] {
    const now = Date.now();
    return this.registry.stations
      .active()
      .filter(({ station }) => this.scope.canRead(request.user, station.id))
      .flatMap(({ station }) => this.stations.dto(station.id, now) ?? []);
  }

  /**
   * `GET /api/stations/{id}`; a retired station too (with `retiredAt`: its history stays readable).
   * @throws 404 for an unknown station; 401/403 for a non-air station outside scope.
   */
  @Get('stations/:id')
  @Access(PUBLIC)
  station(@Req() request: Request, @Param('id') id: string): StationDto {
    const dto = SLUG_PATTERN.test(id) ? this.stations.dto(id, Date.now()) : undefined;
    if (!dto) throw new ApiError(ApiErrorCode.NotFound, `no station "${id}"`);
    this.scope.assertReadable(request.user, id);
    return dto;
  }

  /**
   * `GET /api/stations/{id}/readings?parameter=&from=&to=&every=`: mean, min, max and count per time bucket
   * (`from`/`to` ISO 8601; without an offset, Vietnam time)
   * (`every` seconds; raised to the station's reporting interval — measured from its newest readings, else the
   * registry's `expectedIntervalS` — and so that at most 1 000 buckets come back: `readings-window.ts`). Defaults:
   * the last 24 h. Empty buckets are returned with null values (a gap), never as zero.
   * Only validated values reach the InfluxQL query: the station id from the registry, the parameter from the
   * catalogue, times as epoch ms, the width as an integer.
   * @throws 400 for an unknown parameter or query key, a bad time or a range over 400 days; 404 for an unknown
   * station; 401/403 for a non-air station outside the caller's scope.
   */
  @Get('stations/:id/readings')
  @Access(PUBLIC)
  readings(@Req() request: Request, @Param('id') id: string, @Query() query: unknown): Promise<ReadingsDto> {
    const registered = SLUG_PATTERN.test(id) ? this.registry.get(id) : undefined;
    if (!registered) throw new ApiError(ApiErrorCode.NotFound, `no station "${id}"`);
    this.scope.assertReadable(request.user, id);
    return this.service.history(registered, parseQuery(readingsQuery, query), Date.now());
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  clusterBodySchema,
  createStationBodySchema,
  registryVersionsQuerySchema,
  retireStationBodySchema,
  SLUG_PATTERN,
  updateStationBodySchema,
  type CurrentRegistryDto,
  type Registry,
  type RegistryChangeDto,
  type RegistryStationChangeDto,
  type RegistryVersionDto,
  type RegistryVersionSummaryDto,
  type Station,
} from '@langxanh/contracts';
import { Access, noteAudit, type AccessRule } from '../auth/access';
import { ApiError, ApiErrorCode } from '../common/errors';
import { parseBody, parseQuery } from '../common/query';
import {
  addCluster,
  addStation,
  registryChanges,
  retireStation,
  updateCluster,
  updateStation,
} from './registry-edits';
import { RegistryService, type AppliedChange } from './registry.service';

/**
 * Who may read the registry: department and admin (and their `read` API tokens). Managers may not: the registry
 * holds every cluster's permits and contacts, and changing it is the province's business (docs/registry.md).
 */
const REGISTRY_READ: AccessRule = { roles: ['department', 'admin'], token: 'read' };
/** Who may change it (audited; tokens never act). */
const registryChange = (audit: string): AccessRule => ({ roles: ['department', 'admin'], audit });

/** Largest version number accepted in a path (9 digits): anything else is 404. */
const VERSION = /^[1-9][0-9]{0,8}$/;

const versionParam = (value: string): number => {
  if (!VERSION.test(value)) throw new ApiError(ApiErrorCode.NotFound, 'no such registry version');
  return Number(value);
};
const idParam = (value: string, what: 'station' | 'cluster'): string => {
  if (!SLUG_PATTERN.test(value) || value.length > 64)
    throw new ApiError(ApiErrorCode.NotFound, `no ${what} "${value.slice(0, 64)}"`);
  return value;
};

function stationOf(registry: Registry, id: string): Station {
  for (const cluster of registry.clusters) {
    const station = cluster.stations.find((s) => s.id === id);
    if (station) return station;
  }
  throw new Error(`station ${id} missing after its change`);
}

/**
 * `/api/registry…`: the registry in force and its versions; changes of stations and clusters, each a new version
 * in force at once (no restart) and audited with its before/after values. Reference: docs/registry.md, docs/api.md.
 */
@Controller('api/registry')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  /** `GET /api/registry` → {@link CurrentRegistryDto}. */
  @Get()
  @Access(REGISTRY_READ)
  current(): CurrentRegistryDto {
    const { version, changedAt, changedBy } = this.registry.version;
    return { version, changedAt, changedBy, registry: this.registry.registry };
  }

  /** `GET /api/registry/export` → the registry in force in the exact shape of the registry file (a new install's seed). */
  @Get('export')
  @Access(REGISTRY_READ)
  export(): Registry {
    return this.registry.registry;
  }

  /** `GET /api/registry/versions?limit=` (1–200, default 50) → newest first. */
  @Get('versions')
  @Access(REGISTRY_READ)
  versions(@Query() query: unknown): Promise<RegistryVersionSummaryDto[]> {
    return this.registry.versions(parseQuery(registryVersionsQuerySchema, query).limit);
  }

  /** `GET /api/registry/versions/{version}` → {@link RegistryVersionDto}; 404 for an unknown version. */
  @Get('versions/:version')
  @Access(REGISTRY_READ)
  async version(@Param('version') value: string): Promise<RegistryVersionDto> {
    const found = await this.registry.versionOf(versionParam(value));
    if (!found) throw new ApiError(ApiErrorCode.NotFound, `no registry version ${value}`);
    return found;
  }

  /** `POST /api/registry/versions/{version}/restore` → `{version}`: a new version equal to that one. */
  @Post('versions/:version/restore')
  @HttpCode(200)
  @Access(registryChange('registry.restore'))
  async restore(@Req() request: Request, @Param('version') value: string): Promise<RegistryChangeDto> {
    const number = versionParam(value);
    const applied = await this.registry.change(this.actor(request), async () => {
      const found = await this.registry.versionOf(number);
      if (!found) throw new ApiError(ApiErrorCode.NotFound, `no registry version ${number}`);
      return { registry: found.registry, summary: `restored version ${number}` };
    });
    return this.audited(request, applied, { restoredFrom: String(number) });
  }

  /** `POST /api/registry/stations` (a station entry + `cluster`) → 201 {@link RegistryStationChangeDto}. */
  @Post('stations')
  @Access(registryChange('registry.station.create'))
  async createStation(@Req() request: Request, @Body() body: unknown): Promise<RegistryStationChangeDto> {
    const input = parseBody(createStationBodySchema, body);
    noteAudit(request, { target: { station: input.id } });
    const applied = await this.registry.change(this.actor(request), (registry) =>
      addStation(registry, input),
    );
    return { ...this.audited(request, applied, {}), station: stationOf(applied.after, input.id) };
  }

  /** `PUT /api/registry/stations/{id}` (the full entry, `cluster` optional) → {@link RegistryStationChangeDto}. */
  @Put('stations/:id')
  @Access(registryChange('registry.station.update'))
  async updateStation(
    @Req() request: Request,
    @Param('id') value: string,
    @Body() body: unknown,
  ): Promise<RegistryStationChangeDto> {
    const id = idParam(value, 'station');
    const input = parseBody(updateStationBodySchema, body);
    const applied = await this.registry.change(this.actor(request), (registry) =>
      updateStation(registry, id, input),
    );
    return { ...this.audited(request, applied, {}), station: stationOf(applied.after, id) };
  }

  /** `POST /api/registry/stations/{id}/retire` {reason?} → `{version}`; 409 when retired already. */
  @Post('stations/:id/retire')
  @HttpCode(200)
  @Access(registryChange('registry.station.retire'))
  async retireStation(
    @Req() request: Request,
    @Param('id') value: string,
    @Body() body: unknown,
  ): Promise<RegistryChangeDto> {
    const id = idParam(value, 'station');
    const { reason } = parseBody(retireStationBodySchema, body);
    const applied = await this.registry.change(this.actor(request), (registry) =>
      retireStation(registry, id, new Date().toISOString(), reason),
    );
    return this.audited(request, applied, {});
  }

  /** `POST /api/registry/clusters` (a cluster entry without `stations`) → 201 `{version}`. */
  @Post('clusters')
  @Access(registryChange('registry.cluster.create'))
  async createCluster(@Req() request: Request, @Body() body: unknown): Promise<RegistryChangeDto> {
    const input = parseBody(clusterBodySchema, body);
    noteAudit(request, { target: { cluster: input.id } });
    const applied = await this.registry.change(this.actor(request), (registry) =>
      addCluster(registry, input),
    );
    return this.audited(request, applied, {});
  }

  /** `PUT /api/registry/clusters/{id}` (a cluster entry without `stations`; they are kept) → `{version}`. */
  @Put('clusters/:id')
  @Access(registryChange('registry.cluster.update'))
  async updateCluster(
    @Req() request: Request,
    @Param('id') value: string,
    @Body() body: unknown,
  ): Promise<RegistryChangeDto> {
    const id = idParam(value, 'cluster');
    const input = parseBody(clusterBodySchema, body);
    const applied = await this.registry.change(this.actor(request), (registry) =>
      updateCluster(registry, id, input),
    );
    return this.audited(request, applied, {});
  }

  private actor(request: Request): string {
    // Every change route requires a signed-in person (the guard refuses anonymous callers and tokens).
    return request.user?.username ?? 'unknown';
  }

  /** Notes the new version and the before/after values of what changed in the request's audit entry. */
  private audited(
    request: Request,
    applied: AppliedChange,
    target: Record<string, string>,
  ): RegistryChangeDto {
    noteAudit(request, {
      target: { ...target, version: String(applied.version.version) },
      changes: registryChanges(applied.before, applied.after),
    });
    return { version: applied.version.version };
  }
}

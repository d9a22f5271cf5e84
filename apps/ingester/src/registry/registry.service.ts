import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  parseRegistry,
  StationIndex,
  vietnamDayKey,
  type RegisteredStation,
  type Registry,
  type ThresholdRule,
} from '@langxanh/contracts';
import { rulesForStation } from '@langxanh/standards';
import type { Env } from '../config/env';

/**
 * The station registry (clusters, stations, applicable standards), loaded from `REGISTRY_FILE` and validated at
 * start-up. @throws RegistryError (process exits) when the file is invalid.
 */
@Injectable()
export class RegistryService {
  private readonly logger = new Logger(RegistryService.name);
  readonly registry: Registry;
  readonly stations: StationIndex;
  private readonly rulesCache = new Map<string, { day: number; rules: ThresholdRule[] }>();

  constructor(config: ConfigService<Env, true>) {
    const file = resolve(config.get('REGISTRY_FILE', { infer: true }));
    this.registry = parseRegistry(JSON.parse(readFileSync(file, 'utf8')));
    this.stations = new StationIndex(this.registry);
    this.logger.log(
      `registry ${file}: ${this.registry.clusters.length} clusters, ${this.stations.all().length} stations`,
    );
  }

  get(stationId: string): RegisteredStation | undefined {
    return this.stations.get(stationId);
  }

  /**
   * Rules in force for a station at `at` (epoch ms). Cached per station and UTC day: limits change only on
   * effective dates, which fall on Vietnam-time midnights; the cache key is the ICT day.
   */
  rulesFor(stationId: string, at: number): ThresholdRule[] {
    const registered = this.stations.get(stationId);
    if (!registered) return [];
    const day = vietnamDayKey(at);
    const cached = this.rulesCache.get(stationId);
    if (cached && cached.day === day) return cached.rules;
    const rules = rulesForStation(registered.station, at);
    this.rulesCache.set(stationId, { day, rules });
    return rules;
  }
}

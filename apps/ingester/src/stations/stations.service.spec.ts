import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { RegisteredStation } from '@langxanh/contracts';
import { validateEnv, type Env } from '../config/env';
import { RegistryService } from '../registry/registry.service';
import type { ReadingsRepository, ReadingBucketsQuery, RecentTimesQuery } from '../storage/readings.repository';
import { INTERVAL_CACHE_TTL_MS, StationsService } from './stations.service';

/** The readings history picks its bucket width from the station's measured reporting interval (issue 14). */
describe('StationsService.history: bucket width from the reporting interval', () => {
  const config = new ConfigService<Env, true>(
    validateEnv({ REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json') }),
  );
  const registry = new RegistryService(config);
  // pk-bin-01 declares 300 s, pk-air-01 60 s (deploy/registry/bac-ninh.json).
  const air = registry.get('pk-air-01') as RegisteredStation;
  const bin = registry.get('pk-bin-01') as RegisteredStation;
  const NOW = Date.parse('2026-12-07T10:00:00Z');
  const H = 3_600_000;

  function setup(recent: (q: RecentTimesQuery) => Promise<number[]>) {
    const bucketQueries: ReadingBucketsQuery[] = [];
    const recentQueries: RecentTimesQuery[] = [];
    const readings = {
      buckets: async (q: ReadingBucketsQuery) => {
        bucketQueries.push(q);
        return [];
      },
      recentTimes: (q: RecentTimesQuery) => {
        recentQueries.push(q);
        return recent(q);
      },
    } as unknown as ReadingsRepository;
    return { service: new StationsService(registry, readings), bucketQueries, recentQueries };
  }
  const spaced = (stepMs: number, n = 25) => Array.from({ length: n }, (_, i) => NOW - i * stepMs);

  it('uses the measured spacing of the newest readings: a 60 s station that sends every 5 min gets 5-min buckets', async () => {
    const { service, recentQueries } = setup(async () => spaced(300_000));
    const dto = await service.history(air, { parameter: 'PM2.5', from: NOW - 6 * H, to: NOW }, NOW);
    expect(dto.everyS).toBe(300);
    expect(recentQueries).toEqual([
      { kind: 'air', station: 'pk-air-01', parameter: 'PM2.5', since: NOW - 30 * 24 * H, limit: 25 },
    ]);
  });

  it('falls back to the registry interval without enough readings, and when the measurement fails', async () => {
    const none = setup(async () => []);
    expect((await none.service.history(bin, { parameter: 'fill', from: NOW - 6 * H, to: NOW }, NOW)).everyS).toBe(300);
    const failing = setup(async () => {
      throw new Error('connection refused');
    });
    expect((await failing.service.history(bin, { parameter: 'fill', from: NOW - 6 * H, to: NOW }, NOW)).everyS).toBe(300);
    // a failure is not cached: the next request measures again
    await failing.service.history(bin, { parameter: 'fill', from: NOW - 6 * H, to: NOW }, NOW);
    expect(failing.recentQueries).toHaveLength(2);
  });

  it('raises a requested width below the interval', async () => {
    const { service, bucketQueries } = setup(async () => spaced(15 * 60_000));
    const dto = await service.history(air, { parameter: 'PM2.5', from: NOW - 6 * H, to: NOW, every: 60 }, NOW);
    expect(dto.everyS).toBe(900);
    expect(bucketQueries[0].everyS).toBe(900);
  });

  it('measures once per station and parameter within the cache period, again after it', async () => {
    const { service, recentQueries } = setup(async () => spaced(60_000));
    const q = { parameter: 'PM2.5', from: NOW - 24 * H, to: NOW };
    await service.history(air, q, NOW);
    await service.history(air, q, NOW + INTERVAL_CACHE_TTL_MS - 1);
    await service.history(air, { ...q, parameter: 'PM10' }, NOW);
    expect(recentQueries.map((r) => r.parameter)).toEqual(['PM2.5', 'PM10']);
    await service.history(air, q, NOW + INTERVAL_CACHE_TTL_MS);
    expect(recentQueries).toHaveLength(3);
  });
});

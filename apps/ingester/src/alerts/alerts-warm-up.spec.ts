import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { ClusterService } from '../cluster/cluster.service';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import type { AlertsRepository } from '../storage/alerts.repository';
import type { ReadingsRepository } from '../storage/readings.repository';
import { WarmUpProgress, type StorageStartup } from '../storage/storage-startup';
import { AlertsService } from './alerts.service';

/**
 * Issue 19: start-up waits for the stored alerts only; the averaging windows warm up in the background, stations whose
 * history could not be read are read again with back-off (INFLUX_RETRY_MIN_MS doubling to INFLUX_RETRY_MAX_MS), and
 * the progress is what health shows. Repositories faked (the integration spec warm-up-readiness uses real influxd).
 */
describe('AlertsService: warm-up of the averaging windows in the background', () => {
  const config = new ConfigService<Env, true>(
    validateEnv({
      REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json'),
      INFLUX_RETRY_MIN_MS: '10',
      INFLUX_RETRY_MAX_MS: '20',
    }),
  );
  const registry = new RegistryService(config);
  const alerts = {
    append: () => undefined,
    drained: async () => true,
    latestStates: async () => [],
    history: async () => [],
  } as unknown as AlertsRepository;

  // The warm-up reads hour buckets first, then minutes: `hourBuckets` is the read under test.
  const setup = (hourBuckets: (query: { stations: string[] }) => Promise<unknown>) => {
    const averages = new WarmUpProgress();
    const startup = {
      restore: async (_name: string, read: () => Promise<void>) => {
        await read();
        return true;
      },
      averages,
    } as unknown as StorageStartup;
    const readings = {
      hourBuckets,
      minuteBuckets: async () => new Map(),
      newestTimes: async () => new Map(),
    } as unknown as ReadingsRepository;
    const service = new AlertsService(
      registry,
      alerts,
      readings,
      new MetricsService(),
      new DomainEventBus(),
      config,
      startup,
      new ClusterService(config, registry, new MetricsService()),
    );
    return { service, averages };
  };

  it('returns from start-up while the first read is pending, retries only the stations that failed, then is ready', async () => {
    const requests: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { service, averages } = setup(async ({ stations }) => {
      requests.push(stations);
      if (requests.length === 1) {
        await gate;
        throw new Error('InfluxDB away');
      }
      return new Map();
    });
    await service.onModuleInit();
    // Start-up is over, the first warm-up request still waits: warming, nothing warmed yet.
    expect(averages.snapshot).toMatchObject({ state: 'warming', stations: { warmed: 0 }, attempts: 1 });
    const total = averages.snapshot.stations.total;
    expect(total).toBeGreaterThan(0);
    release();
    await service.warming;
    expect(averages.snapshot).toMatchObject({ state: 'ready', stations: { warmed: total, total }, failed: 0, attempts: 2 });
    expect(averages.snapshot.lastError).toBe('InfluxDB away');
    // The retry (the last requests) named exactly the stations of the failed first request.
    const retried = requests.slice(requests.length - 1).flat();
    expect(retried.sort()).toEqual([...requests[0]].sort());
    expect(requests.flat().length).toBe(total + requests[0].length);
  });

  it('stops retrying at shutdown and says partial', async () => {
    let calls = 0;
    const { service, averages } = setup(async () => {
      calls += 1;
      if (calls >= 3) service.onApplicationShutdown();
      throw new Error('InfluxDB away');
    });
    await service.onModuleInit();
    await service.warming;
    expect(averages.snapshot).toMatchObject({ state: 'partial', stations: { warmed: 0 }, lastError: 'InfluxDB away' });
    expect(averages.snapshot.failed).toBeGreaterThan(0);
    expect(averages.snapshot.finishedAt).toBeDefined();
  });
});

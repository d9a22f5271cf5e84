import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import type { AlertDto, Reading } from '@langxanh/contracts';
import type { ThresholdAlerting } from '@langxanh/alerting';
import { DomainEventBus } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { ClusterService } from '../cluster/cluster.service';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import type { AlertsRepository } from '../storage/alerts.repository';
import type { MinuteBucket, ReadingsRepository } from '../storage/readings.repository';
import { WarmUpProgress, type StorageStartup } from '../storage/storage-startup';
import { AlertsService } from './alerts.service';

/**
 * InfluxDB away at start-up: the alerts are evaluated from empty state, and the stored state is read back later. What
 * this process decided meanwhile wins, and the warm-up does not count a reading twice.
 */
describe('AlertsService restored late (InfluxDB away at start-up)', () => {
  const MIN = 60_000;
  const config = new ConfigService<Env, true>(
    validateEnv({ REGISTRY_FILE: join(__dirname, '../../../../deploy/registry/bac-ninh.json') }),
  );
  const registry = new RegistryService(config);

  it('keeps the alerts raised meanwhile and warms up only the minutes before the first reading evaluated live', async () => {
    const now = Date.now();
    let deferred: (() => Promise<void>) | undefined;
    const startup = {
      restore: async (_name: string, read: () => Promise<void>) => {
        deferred = read;
        return false;
      },
      averages: new WarmUpProgress(),
    } as unknown as StorageStartup;
    const reading = (station: string, time: number, values: Record<string, number>): Reading =>
      ({
        cluster: registry.get(station)?.cluster.id,
        kind: registry.get(station)?.station.kind,
        station,
        time,
        values,
        status: Object.fromEntries(Object.keys(values).map((k) => [k, '00'])),
      }) as unknown as Reading;
    const tss = (time: number, value: number) => reading('dk-ww-01', time, { TSS: value, pH: 7 });
    // Before the restart: an open TSS alert of dk-ww-01, raised an hour ago.
    const first = new AlertsService(
      registry,
      { append: () => undefined } as unknown as AlertsRepository,
      {} as ReadingsRepository,
      new MetricsService(),
      new DomainEventBus(),
      config,
      { restore: async () => false } as unknown as StorageStartup,
      new ClusterService(config, registry, new MetricsService()),
    );
    first.onReading(tss(now - 60 * MIN, 150));
    first.onReading(tss(now - 59 * MIN, 160));
    const stored = first.openAlerts().find((a) => a.parameter === 'TSS') as AlertDto;
    expect(stored).toBeDefined();

    const firstLive = now - 10 * MIN + 30_000;
    const minutes: MinuteBucket[] = [now - 12 * MIN, now - 11 * MIN, now - 10 * MIN, now - 9 * MIN].map((t) => ({
      time: Math.floor(t / MIN) * MIN,
      mean: 20,
      count: 1,
    }));
    const hours = [5, 4, 3].map((h) => ({
      time: (Math.floor(now / (60 * MIN)) - h) * 60 * MIN,
      mean: 20,
      count: 60,
      minutes: 60,
    }));
    const service = new AlertsService(
      registry,
      {
        append: () => undefined,
        drained: async () => true,
        latestStates: async () => [stored],
        history: async () => [stored],
      } as unknown as AlertsRepository,
      {
        minuteBuckets: async ({ stations }: { stations: string[] }) =>
          new Map(stations.map((s) => [s, new Map([['PM2.5', minutes]])])),
        hourBuckets: async ({ stations }: { stations: string[] }) =>
          new Map(stations.map((s) => [s, new Map([['PM2.5', hours]])])),
      } as unknown as ReadingsRepository,
      new MetricsService(),
      new DomainEventBus(),
      config,
      startup,
      new ClusterService(config, registry, new MetricsService()),
    );
    await service.onModuleInit();
    expect(deferred).toBeDefined();
    // Meanwhile: the same TSS exceedance raises a new alert, and an air station reports.
    service.onReading(tss(now - 2 * MIN, 150));
    service.onReading(tss(now - MIN, 170));
    service.onReading(reading('vm-air-01', firstLive, { 'PM2.5': 20, PM10: 30 }));
    const raisedHere = service.openAlerts().find((a) => a.parameter === 'TSS') as AlertDto;
    expect(raisedHere.id).not.toBe(stored.id);

    const warmed: { station: string; parameter: string; times: number[]; hours: number[] }[] = [];
    const alerting = (service as unknown as { alerting: ThresholdAlerting }).alerting;
    const warmUp = alerting.warmUp.bind(alerting);
    jest.spyOn(alerting, 'warmUp').mockImplementation((station, parameter, buckets) => {
      warmed.push({
        station,
        parameter,
        times: buckets.minutes.map((b) => b.time),
        hours: buckets.hours.map((b) => b.time),
      });
      warmUp(station, parameter, buckets);
    });
    await deferred?.();
    // The averages warm up in the background once the alerts are restored (issue 19).
    await service.warming;

    // One open TSS alert of dk-ww-01: the one raised here; the stored one is kept in the history only.
    expect(service.openAlerts().filter((a) => a.station === 'dk-ww-01' && a.parameter === 'TSS').map((a) => a.id)).toEqual([
      raisedHere.id,
    ]);
    expect(service.get(stored.id)?.id).toBe(stored.id);
    // vm-air-01: the minutes from its first live reading's minute on are left out; another station gets them all.
    const cut = Math.floor(firstLive / MIN) * MIN;
    const air = warmed.find((w) => w.station === 'vm-air-01' && w.parameter === 'PM2.5');
    expect(air?.times).toEqual(minutes.map((m) => m.time).filter((t) => t < cut));
    const other = warmed.find((w) => w.station === 'pk-air-01' && w.parameter === 'PM2.5');
    expect(other?.times).toEqual(minutes.map((m) => m.time));
    // Hours older than the previous clock hour come as hour buckets (all before the first live reading here).
    expect(air?.hours).toEqual(hours.map((h) => h.time));
    expect(other?.hours).toEqual(hours.map((h) => h.time));
  });
});

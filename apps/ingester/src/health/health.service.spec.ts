import { MetricsService } from '../metrics/metrics.service';
import type { ClusterService } from '../cluster/cluster.service';
import type { MqttAdapter } from '../mqtt/mqtt.adapter';
import type { NotificationsService } from '../notifications/notifications.service';
import type { StorageHealth } from '../storage/storage-health';
import { WarmUpProgress, type StorageStartup } from '../storage/storage-startup';
import { HealthService } from './health.service';

describe('HealthService (storage health view and broker mocked)', () => {
  const setup = (o: { connected?: boolean; reachable?: boolean; writing?: boolean; full?: boolean; averages?: WarmUpProgress } = {}) => {
    const stats = { pendingBytes: 10, pendingLines: 1, oldestPendingAt: Date.now() - 4000, segments: 1, maxBytes: 100, full: o.full ?? false, droppedLines: 0 };
    const storage = {
      policy: 'block',
      api: 'v1',
      version: '1.6.7',
      ping: async () => o.reachable ?? true,
      databaseState: () => ({ writing: o.writing ?? true }),
      refreshGauges: () => stats,
    } as unknown as StorageHealth;
    const connected = o.connected ?? true;
    const mqtt = {
      connected,
      broker: () => ({ connected, url: 'mqtt://fake', since: new Date().toISOString(), reconnectAttempts: 0 }),
    } as unknown as MqttAdapter;
    const notifications = { retrying: () => 2 } as unknown as NotificationsService;
    const startup = { averages: o.averages ?? new WarmUpProgress() } as unknown as StorageStartup;
    return new HealthService(mqtt, storage, new MetricsService(), notifications, { health: () => undefined } as unknown as ClusterService, startup);
  };

  it('is ok, healthy and ready when the broker is connected, InfluxDB writes and the spool has room', async () => {
    const body = await setup().snapshot();
    expect(body).toMatchObject({
      status: 'ok',
      database: { reachable: true, writing: true, api: 'v1', version: '1.6.7' },
      spool: { pendingLines: 1, oldestAgeS: 4, full: false, policy: 'block' },
      notifications: { retrying: 2 },
    });
    expect([HealthService.healthy(body), HealthService.ready(body)]).toEqual([true, true]);
  });

  it('is degraded and not healthy, but ready, while InfluxDB does not take writes (the spool holds them)', async () => {
    for (const body of [await setup({ writing: false }).snapshot(), await setup({ reachable: false }).snapshot()]) {
      expect(body.status).toBe('degraded');
      expect([HealthService.healthy(body), HealthService.ready(body)]).toEqual([false, true]);
    }
  });

  it('is neither healthy nor ready without the broker or with a full spool', async () => {
    for (const body of [await setup({ connected: false }).snapshot(), await setup({ full: true }).snapshot()]) {
      expect(body.status).toBe('degraded');
      expect([HealthService.healthy(body), HealthService.ready(body)]).toEqual([false, false]);
    }
  });

  it('is healthy and ready while the averaging windows warm up, says how far (health and gauges), then ready or partial', async () => {
    const averages = new WarmUpProgress(Date.parse('2026-12-07T23:00:00Z'));
    const health = setup({ averages });
    averages.attempt(60);
    averages.progress(25);
    averages.progress(0, 25, 'timeout');
    const warming = await health.snapshot();
    expect(warming.averages).toMatchObject({ state: 'warming', stations: { warmed: 25, total: 60 }, failed: 25, attempts: 1, since: '2026-12-07T23:00:00.000Z', lastError: 'timeout' });
    expect([HealthService.healthy(warming), HealthService.ready(warming)]).toEqual([true, true]);
    const text = await health.metricsText();
    expect(text).toMatch(/^langxanh_averages_warming 1$/m);
    expect(text).toMatch(/^langxanh_averages_warmup_stations\{count="failed"\} 25$/m);
    averages.finish();
    expect((await health.snapshot()).averages?.state).toBe('partial');
    // A retry of the failed 25 and the 10 never reached (their chunk ended the attempt).
    averages.attempt();
    averages.progress(35);
    averages.finish(Date.parse('2026-12-07T23:05:00Z'));
    expect((await health.snapshot()).averages).toMatchObject({ state: 'ready', stations: { warmed: 60, total: 60 }, failed: 0, attempts: 2, finishedAt: '2026-12-07T23:05:00.000Z' });
    expect(await health.metricsText()).toMatch(/^langxanh_averages_warming 0$/m);
  });
});

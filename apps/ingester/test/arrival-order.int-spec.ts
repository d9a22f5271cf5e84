import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mqtt, { type MqttClient } from 'mqtt';
import {
  ALERT_SUBSCRIPTION,
  readingTopic,
  type AlertDto,
  type AlertNotification,
  type Registry,
  type SessionDto,
  type StationDto,
  type WastewaterStation,
} from '@langxanh/contracts';
import { AppModule } from '../src/app/app.module';
import { eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';

const MIN = 60_000;
/** Three copies of one outlet: the same exceedance reaches each in a different order. */
const STATIONS = { timeOrder: 'ord-time', newestFirst: 'ord-newest', burst: 'ord-burst' } as const;

/**
 * Issue 14: the alert outcome does not depend on the order readings arrive in. The in-process ingester against a
 * real Mosquitto and InfluxDB 1.6.7; the same sustained COD exceedance (a permit-style rule with a warning level,
 * 3 readings over 10 min to confirm) is published to three stations in time order, newest first (a datalogger's
 * backlog, one message at a time) and as one shuffled burst. Each must end with the same single alert, raised once.
 */
describe('arrival order (real mosquitto + influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let publisher: MqttClient;
  let listener: MqttClient;
  let dir: string;
  let token = '';
  const notifications: AlertNotification[] = [];

  const registry = (): Registry => {
    const full = JSON.parse(
      readFileSync(join(__dirname, '../../../deploy/registry/bac-ninh.json'), 'utf8'),
    ) as Registry;
    const cluster = full.clusters[0];
    const outlet = cluster.stations.find((s) => s.id === 'pk-ww-01') as WastewaterStation;
    const copy = (id: string): WastewaterStation => ({
      ...outlet,
      id,
      alerting: { COD: { pendingS: 600, consecutive: 3, warningFraction: 0.8 } },
    });
    return { ...full, clusters: [{ ...cluster, stations: Object.values(STATIONS).map(copy) }] };
  };

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    dir = mkdtempSync(join(tmpdir(), 'langxanh-order-'));
    writeFileSync(join(dir, 'registry.json'), JSON.stringify(registry()));
    Object.assign(process.env, {
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `ingester-order-${process.pid}`,
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: 'langxanh_order_test',
      SPOOL_DIR: join(dir, 'spool'),
      INFLUX_FLUSH_INTERVAL_MS: '200',
      REGISTRY_FILE: join(dir, 'registry.json'),
      LOG_LEVEL: 'error',
      OFFLINE_GRACE_S: '3600',
      ALERT_MQTT_ENABLED: 'true',
      AUTH_DATA_DIR: join(dir, 'auth'),
      AUTH_JWT_SECRET: 'order-test-secret-order-test-secret-0123',
      AUTH_BCRYPT_COST: '4',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'order-admin-password',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'order-admin-password' }),
    });
    token = ((await login.json()) as SessionDto).token;
    publisher = await mqtt.connectAsync(broker.url, { clientId: `publisher-order-${process.pid}` });
    listener = await mqtt.connectAsync(broker.url, { clientId: `listener-order-${process.pid}` });
    listener.on('message', (_topic, payload) =>
      notifications.push(JSON.parse(payload.toString('utf8')) as AlertNotification),
    );
    await listener.subscribeAsync(ALERT_SUBSCRIPTION, { qos: 1 });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await listener?.endAsync();
    await app?.close();
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the same exceedance in time order, newest first and as one burst gives the same alert, raised once', async () => {
    // The limit as the ingester applies it (QCVN 40:2011 B × Kq × Kf for this outlet), not copied here.
    const station = await api<StationDto>(`/api/stations/${STATIONS.timeOrder}`);
    const limit = station.limits.find((r) => r.parameter === 'COD')?.max ?? Number.NaN;
    expect(limit).toBeGreaterThan(0);
    // One reading a minute, 2.5 h ending 30 min ago: normal, 10 min at the warning level, 50 min over, normal.
    const t0 = Math.floor((Date.now() - 3 * 3_600_000) / MIN) * MIN;
    const series = Array.from({ length: 150 }, (_, m) => ({
      ts: t0 + m * MIN,
      values: { COD: m < 30 ? 50 : m < 40 ? limit * 0.85 : m < 90 ? limit * 1.3 : 50 },
    }));
    const topic = (id: string) => readingTopic('phong-khe', 'wastewater', id);
    const send = (id: string, payload: object) => publisher.publishAsync(topic(id), JSON.stringify(payload), { qos: 1 });

    for (const reading of series) await send(STATIONS.timeOrder, reading);
    for (const reading of [...series].reverse()) await send(STATIONS.newestFirst, reading);
    // A burst in a fixed shuffled order (each acknowledged only once it is in the spool).
    const shuffled = series.map((r, i) => ({ r, key: (i * 7_919) % series.length })).sort((a, b) => a.key - b.key);
    await Promise.all(shuffled.map(({ r }) => send(STATIONS.burst, r)));

    const alertsOf = (id: string) => api<AlertDto[]>(`/api/alerts?state=all&type=threshold&station=${id}`);
    const outcomes = await eventually(
      async () => {
        const found = await Promise.all(Object.values(STATIONS).map(alertsOf));
        for (const alerts of found) {
          expect(alerts).toHaveLength(1);
          expect(alerts[0].state).toBe('resolved');
        }
        return found.map(([a]) => a);
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    // Everything but the station and the id (which holds the time it was first announced) is the same.
    const facts = outcomes.map(({ id: _id, station: _station, ...facts }) => facts);
    // Warning level from minute 30, confirmed 10 min and 3 readings later: raised at minute 40, then critical;
    // resolved by the first normal reading, minute 90.
    expect(facts[0]).toMatchObject({
      severity: 'critical',
      raisedAt: new Date(t0 + 40 * MIN).toISOString(),
      resolvedAt: new Date(t0 + 90 * MIN).toISOString(),
    });
    expect(facts[1]).toEqual(facts[0]);
    expect(facts[2]).toEqual(facts[0]);

    // Exactly one alert raised per station over MQTT (the notification channel), and no key sent twice.
    await eventually(() => {
      for (const id of Object.values(STATIONS)) {
        const resolved = notifications.filter((n) => n.station.id === id && n.stage === 'resolved');
        expect(resolved).toHaveLength(1);
      }
    });
    for (const id of Object.values(STATIONS)) {
      const raised = new Set(
        notifications.filter((n) => n.station.id === id && n.stage === 'raised').map((n) => n.alert.id),
      );
      expect({ id, raised: raised.size }).toEqual({ id, raised: 1 });
    }
    expect(new Set(notifications.map((n) => n.key)).size).toBe(notifications.length);

    // The latest value shown is the newest by measurement time, whatever the order.
    for (const id of Object.values(STATIONS)) {
      const latest = (await api<StationDto>(`/api/stations/${id}`)).latest.COD;
      expect({ id, time: latest?.time, value: latest?.value }).toEqual({
        id,
        time: new Date(series[series.length - 1].ts).toISOString(),
        value: 50,
      });
    }
    // The newest-first backlog was evaluated in place (counted), none of it beyond the horizon.
    const metrics = await (
      await fetch(`${baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })
    ).text();
    const late = (outcome: string) =>
      Number(new RegExp(`langxanh_alert_late_values_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    expect(late('reevaluated')).toBeGreaterThanOrEqual(series.length - 1);
    expect(late('beyond_horizon')).toBe(0);
  });
});

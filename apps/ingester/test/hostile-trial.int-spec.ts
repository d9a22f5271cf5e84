import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic, type AlertDto, type HealthDto, type SessionDto } from '@langxanh/contracts';
import { AppModule } from '../src/app/app.module';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';

/**
 * Issue 15 (hostile trial), items 4–7 and 15, through the real pipeline: the ingester in-process against a real
 * Mosquitto and a real InfluxDB 1.6.7 on free loopback ports.
 */
describe('hostile-trial regressions (real mosquitto + influxd)', () => {
  let app: INestApplication;
  let baseUrl: string;
  let influx: RunningService;
  let publisher: MqttClient;
  let token: string;

  const getJson = async <T>(
    path: string,
    auth = true,
  ): Promise<{ status: number; body: T; text: string }> => {
    const response = await fetch(
      `${baseUrl}${path}`,
      auth ? { headers: { authorization: `Bearer ${token}` } } : {},
    );
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as T, text };
  };
  const influxRows = async (query: string): Promise<unknown[][]> => {
    const url = `${influx.url}/query?db=langxanh_hostile&epoch=ms&q=${encodeURIComponent(query)}`;
    const body = (await (await fetch(url)).json()) as { results: { series?: { values: unknown[][] }[] }[] };
    return body.results[0]?.series?.[0]?.values ?? [];
  };
  const publish = (topic: string, payload: object) =>
    publisher.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
  const counters = async () => (await getJson<HealthDto>('/api/health')).body.counters;
  /** A whole second a few minutes ago, distinct per test. */
  let slot = 0;
  const recent = () => Math.floor(Date.now() / 1000) * 1000 - 600_000 + 10_000 * ++slot;

  beforeAll(async () => {
    let broker: RunningService;
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    Object.assign(process.env, {
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `ingester-hostile-${process.pid}`,
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: 'langxanh_hostile',
      SPOOL_DIR: mkdtempSync(join(tmpdir(), 'langxanh-spool-')),
      LIVE_THROTTLE_MS: '0',
      REGISTRY_FILE: `${__dirname}/../../../deploy/registry/bac-ninh.json`,
      LOG_LEVEL: 'warn',
      AUTH_DATA_DIR: mkdtempSync(join(tmpdir(), 'langxanh-hostile-auth-')),
      AUTH_JWT_SECRET: 'hostile-test-secret-hostile-test-secret',
      AUTH_BCRYPT_COST: '4',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'hostile-admin-password',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'hostile-admin-password' }),
    });
    token = ((await login.json()) as SessionDto).token;
    publisher = await mqtt.connectAsync(broker.url, { clientId: `hostile-publisher-${process.pid}` });
    await eventually(async () => expect((await getJson('/api/health')).status).toBe(200), {
      timeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await app?.close();
    await stopAll();
  });

  it('item 4: a bin over 100 % is stored with its quality flag and raises "full"', async () => {
    const topic = readingTopic('phong-khe', 'waste', 'pk-bin-01');
    const [t1, t2] = [recent(), recent()];
    await publish(topic, { ts: t1, values: { fill: 103.5, battery: 80.5 } });
    await publish(topic, { ts: t2, values: { fill: 104.5, battery: 80.5 } });
    const rows = await eventually(async () => {
      const values = await influxRows(
        `SELECT "fill","fill_quality" FROM "waste" WHERE "station"='pk-bin-01' ORDER BY time`,
      );
      expect(values).toHaveLength(2);
      return values;
    });
    expect(rows).toEqual([
      [t1, 103.5, 'over_range'],
      [t2, 104.5, 'over_range'],
    ]);
    const full = await eventually(async () => {
      const { body } = await getJson<AlertDto[]>('/api/alerts?station=pk-bin-01');
      const alert = body.find((a) => a.ruleId === 'waste/full');
      expect(alert).toBeDefined();
      return alert!;
    });
    expect(full.state).toBe('active');
  });

  it('item 5: {"PM2.5":0.035} with "unit":"mg/m³" is stored as 35 µg/m³; an unusable unit key is refused and counted', async () => {
    const topic = readingTopic('phong-khe', 'air', 'pk-air-01');
    const before = (await counters()).rejections['unit_declaration'] ?? 0;
    const ts = recent();
    await publish(topic, { ts, values: { 'PM2.5': 0.035 }, unit: 'mg/m³' });
    await publish(topic, { ts: ts + 1_000, values: { 'PM2.5': 0.036 }, Unit: 'mg/m³' });
    await eventually(async () => {
      expect(
        await influxRows(`SELECT "PM2.5" FROM "air" WHERE "station"='pk-air-01' AND time >= ${ts}ms`),
      ).toEqual([[ts, 35]]);
      expect((await counters()).rejections['unit_declaration']).toBe(before + 1);
    });
  });

  it('item 6: two readings in one millisecond: the first is stored and evaluated, the second refused and counted; a redelivery is a duplicate', async () => {
    const topic = readingTopic('phong-khe', 'wastewater', 'pk-ww-01');
    const before = await counters();
    const ts = recent() + 123;
    await publish(topic, { ts, values: { COD: 85.5 } });
    await publish(topic, { ts, values: { COD: 9_999.5 } });
    await publish(topic, { ts, values: { COD: 85.5 } });
    await eventually(async () => {
      const now = await counters();
      expect(now.rejections['same_time_conflict']).toBe((before.rejections['same_time_conflict'] ?? 0) + 1);
      expect(now.duplicateReadings).toBe((before.duplicateReadings ?? 0) + 1);
    });
    // Published after the pair: once it is stored, so would the pair's second reading be (one drain, in order).
    await publish(topic, { ts: ts + 1, values: { COD: 86.5 } });
    await eventually(async () =>
      expect(
        await influxRows(`SELECT "COD" FROM "wastewater" WHERE "station"='pk-ww-01' AND time >= ${ts}ms`),
      ).toEqual([
        [ts, 85.5],
        [ts + 1, 86.5],
      ]),
    );
  });

  it('item 7: a space-separated RFC 3339 time is accepted like the T form', async () => {
    const topic = readingTopic('van-mon', 'wastewater', 'vm-ww-01');
    const ts = recent();
    const spaced = new Date(ts).toISOString().replace('T', ' ').replace('.000Z', 'Z');
    await publish(topic, { ts: spaced, values: { COD: 77.5 } });
    await eventually(async () =>
      expect(await influxRows(`SELECT "COD" FROM "wastewater" WHERE "station"='vm-ww-01'`)).toEqual([
        [ts, 77.5],
      ]),
    );
  });

  it('item 15: far-future times are a 400 naming the bound, never a 500 or InfluxDB text', async () => {
    const paths = [
      '/api/stations/pk-air-01/aqi?at=9999-12-31T00:00:00Z',
      '/api/aqi?at=9999-12-31T00:00:00Z',
      '/api/stations/pk-ww-01/readings?parameter=COD&from=9999-12-30T00:00:00Z&to=9999-12-31T00:00:00Z',
      '/api/stations/pk-ww-01/compliance?from=9999-11&to=9999-12',
      '/api/alerts?from=9999-12-31T00:00:00Z',
    ];
    for (const path of paths) {
      const { status, text } = await getJson<{ error: string; message: string }>(path);
      expect({ path, status, bound: text.includes('2200-01-01') }).toEqual({
        path,
        status: 400,
        bound: true,
      });
      expect(text).not.toMatch(/influx|partial write|timestamp|error parsing/i);
    }
  });
});

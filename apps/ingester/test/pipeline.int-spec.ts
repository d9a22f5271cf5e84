import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  readingTopic,
  statusTopic,
  type AlertDto,
  type AlertEventDto,
  type HealthDto,
  type ClientToServerEvents,
  type ReadingEventDto,
  type ReadingsDto,
  type ServerToClientEvents,
  type SessionDto,
  type StationDto,
} from '@langxanh/contracts';
import { AppModule } from '../src/app/app.module';
import { ReadingsRepository } from '../src/storage/readings.repository';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';

/**
 * The ingester in-process (Nest testing module) against a real Mosquitto and a real InfluxDB 1.6.7 started on
 * free loopback ports: MQTT → validation → InfluxDB → REST API and socket.io, and threshold alerts.
 */
describe('ingester pipeline (real mosquitto + influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let publisher: MqttClient;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Session of the administrator: wastewater data, alerts and full health need a signed-in user. */
  let token: string;
  const readingEvents: ReadingEventDto[] = [];
  const alertEvents: AlertEventDto[] = [];

  const startApp = async (): Promise<void> => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  const restartApp = async (): Promise<void> => {
    socket.close();
    await app.close();
    await startApp();
    socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], auth: { token } });
    socket.on('reading', (e) => readingEvents.push(e));
    socket.on('alert', (e) => alertEvents.push(e));
    await eventually(() => expect(socket.connected).toBe(true));
  };
  const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const influxCount = async (query: string): Promise<unknown[][]> => {
    const url = `${influx.url}/query?db=langxanh_test&epoch=ms&q=${encodeURIComponent(query)}`;
    const body = (await (await fetch(url)).json()) as { results: { series?: { values: unknown[][] }[] }[] };
    return body.results[0].series?.[0].values ?? [];
  };
  const publish = (topic: string, payload: object | string, retain = false) =>
    publisher.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), {
      qos: 1,
      retain,
    });

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    Object.assign(process.env, {
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `ingester-int-${process.pid}`,
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: 'langxanh_test',
      SPOOL_DIR: mkdtempSync(join(tmpdir(), 'langxanh-spool-')),
      LIVE_THROTTLE_MS: '0',
      REGISTRY_FILE: `${__dirname}/../../../deploy/registry/bac-ninh.json`,
      LOG_LEVEL: 'warn',
      AUTH_DATA_DIR: mkdtempSync(join(tmpdir(), 'langxanh-pipeline-auth-')),
      AUTH_JWT_SECRET: 'pipeline-test-secret-pipeline-test-secret',
      AUTH_BCRYPT_COST: '4',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'pipeline-admin-password',
    });
    await startApp();
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'pipeline-admin-password' }),
    });
    token = ((await login.json()) as SessionDto).token;
    publisher = await mqtt.connectAsync(broker.url, { clientId: `publisher-${process.pid}` });
    socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], auth: { token } });
    socket.on('reading', (e) => readingEvents.push(e));
    socket.on('alert', (e) => alertEvents.push(e));
    await eventually(() => expect(socket.connected).toBe(true));
    await eventually(async () => expect((await getJson('/api/health')).status).toBe(200), {
      timeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    socket?.close();
    await publisher?.endAsync();
    await app?.close();
    await stopAll();
  });

  it('stores a published reading in InfluxDB, serves it from the readings API and pushes it over socket.io', async () => {
    // On a minute boundary, so that the hour before and after it is exactly 120 one-minute buckets; at most 2 min
    // old, well inside the station's 3-min offline window (a reading measured longer ago would make it `offline`).
    const ts = new Date(Math.floor((Date.now() - 60_000) / 60_000) * 60_000);
    await publish(readingTopic('phong-khe', 'wastewater', 'pk-ww-01'), {
      ts: ts.toISOString(),
      values: { COD: 85.2, pH: 7.1, TSS: 40 },
      status: '00',
    });

    const rows = await eventually(async () => {
      const values = await influxCount(
        `SELECT "COD","pH","TSS" FROM "wastewater" WHERE "station"='pk-ww-01'`,
      );
      expect(values).toHaveLength(1);
      return values;
    });
    expect(rows[0]).toEqual([ts.getTime(), 85.2, 7.1, 40]);

    const event = await eventually(() => {
      const found = readingEvents.find((e) => e.station === 'pk-ww-01' && e.time === ts.toISOString());
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.values).toEqual({ COD: 85.2, pH: 7.1, TSS: 40 });

    const from = new Date(ts.getTime() - 3_600_000).toISOString();
    const to = new Date(ts.getTime() + 3_600_000).toISOString();
    const { status, body } = await getJson<ReadingsDto>(
      `/api/stations/pk-ww-01/readings?parameter=COD&from=${from}&to=${to}&every=60`,
    );
    expect(status).toBe(200);
    const filled = body.points.filter((p) => p.count > 0);
    expect(filled).toHaveLength(1);
    expect(filled[0]).toMatchObject({ mean: 85.2, min: 85.2, max: 85.2, count: 1 });
    expect(body.points.length).toBe(120);
    expect(body.points.filter((p) => p.mean === null).length).toBe(119);

    const station = await getJson<StationDto>('/api/stations/pk-ww-01');
    expect(station.body.latest.COD).toMatchObject({ value: 85.2, time: ts.toISOString() });
    expect(station.body.state).toBe('normal');
  });

  it('raises exactly one alert for readings over the limit and resolves it once when back under', async () => {
    // QCVN 40:2011 column B COD 150 mg/L × Kq 0.9 × Kf 1.0 = 135 mg/L for pk-ww-01 (registry); LàngXanh's policy
    // confirms an exceedance on the 2nd consecutive reading (190); 100 is back under the warning level's deadband.
    const topic = readingTopic('phong-khe', 'wastewater', 'pk-ww-01');
    const start = Date.now() - 30_000;
    const series = [100, 180, 190, 200, 130, 100];
    for (const [i, cod] of series.entries()) {
      await publish(topic, { ts: start + i * 1000, values: { COD: cod } });
    }
    const changes = await eventually(() => {
      const mine = alertEvents.filter((e) => e.alert.station === 'pk-ww-01' && e.alert.parameter === 'COD');
      expect(mine.map((e) => e.change)).toEqual(['raised', 'updated', 'resolved']);
      return mine;
    });
    expect(changes[0].alert).toMatchObject({
      triggerValue: 190,
      max: 135,
      unit: 'mg/L',
      state: 'active',
      severity: 'critical',
    });
    expect(changes[0].alert.source).toMatchObject({ document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B' });
    expect(changes[2].alert).toMatchObject({ state: 'resolved', peakValue: 200, lastValue: 100 });

    const all = await getJson<AlertDto[]>('/api/alerts?state=all');
    expect(all.body.filter((a) => a.station === 'pk-ww-01' && a.parameter === 'COD')).toHaveLength(1);
    expect((await getJson<AlertDto[]>('/api/alerts?state=active')).body).toEqual([]);
  });

  it('keeps an active alert across an ingester restart without raising it again', async () => {
    const topic = readingTopic('da-hoi', 'wastewater', 'dh-ww-01');
    await publish(topic, { ts: Date.now() - 6_000, values: { TSS: 400 } });
    await publish(topic, { ts: Date.now() - 5_000, values: { TSS: 400 } });
    const raised = await eventually(() => {
      const found = alertEvents.find((e) => e.alert.station === 'dh-ww-01' && e.change === 'raised');
      expect(found).toBeDefined();
      return found!.alert;
    });
    await eventually(async () =>
      expect(await influxCount(`SELECT "state" FROM "alert" WHERE "station"='dh-ww-01'`)).not.toHaveLength(0),
    );

    await restartApp();

    const active = await getJson<AlertDto[]>('/api/alerts?state=active');
    expect(active.body.map((a) => a.id)).toEqual([raised.id]);
    const before = alertEvents.length;
    await publish(topic, { ts: Date.now() - 4_000, values: { TSS: 410 } });
    await publish(topic, { ts: Date.now() - 3_000, values: { TSS: 20 } });
    const after = await eventually(() => {
      const fresh = alertEvents.slice(before).filter((e) => e.alert.station === 'dh-ww-01');
      expect(fresh.map((e) => e.change)).toEqual(['updated', 'resolved']);
      return fresh;
    });
    expect(after[1].alert.id).toBe(raised.id);
  });

  it('recognises a retained reading replayed on subscribe by its time: no second point, no new alert, last-seen kept', async () => {
    const topic = readingTopic('van-mon', 'wastewater', 'vm-ww-01');
    const ts = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    await publish(topic, { ts: ts - 1_000, values: { TSS: 400 } });
    await publish(topic, { ts, values: { TSS: 400 } }, true);
    await eventually(() =>
      expect(alertEvents.filter((e) => e.alert.station === 'vm-ww-01').map((e) => e.change)).toEqual([
        'raised',
      ]),
    );
    await eventually(async () =>
      expect(await influxCount(`SELECT "TSS" FROM "wastewater" WHERE "station"='vm-ww-01'`)).toEqual([
        [ts - 1_000, 400],
        [ts, 400],
      ]),
    );
    const before = alertEvents.length;

    await restartApp();

    const health = await eventually(async () => {
      const body = (await getJson<HealthDto>('/api/health')).body;
      expect(body.counters.retainedReplays).toBe(1);
      return body;
    });
    expect(health.counters.readingsAccepted).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(alertEvents.slice(before).filter((e) => e.alert.station === 'vm-ww-01')).toEqual([]);
    const station = await getJson<StationDto>('/api/stations/vm-ww-01');
    expect(station.body.lastSeen).toBe(new Date(ts).toISOString());
    await publisher.publishAsync(topic, '', { qos: 1, retain: true });
  });

  it('keeps averaged (1 h) limits working across a restart by warming the averages up from InfluxDB', async () => {
    // QCVN 05:2023 Bảng 1: SO2 1-h mean 350 µg/m³. 44 minutes at 500 cover 44/60 < 75 % of the hour: no alert yet.
    const topic = readingTopic('dai-bai', 'air', 'db-air-01');
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    for (let m = 50; m > 6; m--) await publish(topic, { ts: minute - m * 60_000, values: { SO2: 500 } });
    await eventually(async () =>
      expect(await influxCount(`SELECT count("SO2") FROM "air" WHERE "station"='db-air-01'`)).toEqual([
        [0, 44],
      ]),
    );
    expect(alertEvents.filter((e) => e.alert.station === 'db-air-01')).toEqual([]);

    await restartApp();
    // The warm-up runs in the background after start-up (issue 19): health says when the windows hold the history.
    await eventually(async () => expect((await getJson<HealthDto>('/api/health')).body.averages?.state).toBe('ready'), { timeoutMs: 20_000 });
    await publish(topic, { ts: minute - 2 * 60_000, values: { SO2: 500 } });
    await publish(topic, { ts: minute - 60_000, values: { SO2: 500 } });
    const raised = await eventually(() => {
      const found = alertEvents.find((e) => e.alert.station === 'db-air-01');
      expect(found?.change).toBe('raised');
      return found!.alert;
    });
    expect(raised).toMatchObject({ parameter: 'SO2', averagingPeriod: '1h', max: 350, triggerValue: 500 });
  });

  it('counts and logs bad input without stopping, and keeps the valid values of a message', async () => {
    const topic = readingTopic('van-mon', 'air', 'vm-air-01');
    await publish(topic, 'not json');
    await publish(topic, { ts: 'yesterday', values: { 'PM2.5': 10 } });
    await publish('langxanh/v1/van-mon/air/unknown-station/reading', {
      ts: Date.now(),
      values: { 'PM2.5': 10 },
    });
    const ts = Date.now() - 2_000;
    await publish(topic, { ts, values: { 'PM2.5': 31.5, Noise: 500 } });
    await eventually(async () => {
      const values = await influxCount(`SELECT "PM2.5" FROM "air" WHERE "station"='vm-air-01'`);
      expect(values).toEqual([[ts, 31.5]]);
    });
    const health = await eventually(async () => {
      const { body } = await getJson<{ counters: { rejections: Record<string, number> } }>('/api/health');
      expect(body.counters.rejections).toMatchObject({
        not_json: 1,
        bad_time: 1,
        unknown_station: 1,
        out_of_range: 1,
      });
      return body;
    });
    expect(health.counters.rejections).toBeDefined();
  });

  it('marks a station offline from its last will and back online when it reports', async () => {
    await publish(statusTopic('phu-lang', 'air', 'pl-air-01'), 'offline', true);
    await eventually(async () =>
      expect((await getJson<StationDto>('/api/stations/pl-air-01')).body.state).toBe('offline'),
    );
    await publish(readingTopic('phu-lang', 'air', 'pl-air-01'), {
      ts: Date.now() - 1000,
      values: { 'PM2.5': 12 },
    });
    await eventually(async () =>
      expect((await getJson<StationDto>('/api/stations/pl-air-01')).body.state).toBe('normal'),
    );
    await publish(statusTopic('phu-lang', 'air', 'pl-air-01'), '', true);
  });

  it('answers 400 for an unknown parameter and 404 for an unknown station', async () => {
    expect((await getJson('/api/stations/pk-ww-01/readings?parameter=PM2.5')).status).toBe(400);
    expect((await getJson("/api/stations/pk-ww-01/readings?parameter=COD';DROP")).status).toBe(400);
    expect((await getJson('/api/stations/pk-ww-01/readings?parameter=COD&extra=1')).status).toBe(400);
    expect((await getJson('/api/stations/nope/readings?parameter=COD')).status).toBe(404);
    expect((await getJson('/api/stations/pk-ww-01/readings?parameter=COD&from=yesterday')).status).toBe(400);
    const local = await getJson<ReadingsDto>(
      '/api/stations/pk-ww-01/readings?parameter=COD&from=2026-11-29T00:00:00&to=2026-11-29T06:00:00',
    );
    expect(local.body.from).toBe('2026-11-28T17:00:00.000Z');
    const clusters = await getJson<{ id: string }[]>('/api/clusters');
    expect(clusters.body).toHaveLength(6);
  });

  it('answers 400 to InfluxQL and line-protocol injection attempts, and sends no query to InfluxDB', async () => {
    const query = jest.spyOn(app.get(ReadingsRepository), 'buckets');
    const attempts = [
      `parameter=${encodeURIComponent(`COD' OR 1=1`)}`,
      `parameter=${encodeURIComponent('COD"; DROP DATABASE "langxanh_test')}`,
      `parameter=${encodeURIComponent('/.*/')}`,
      `parameter=${encodeURIComponent('COD\nwastewater,station=pk-ww-01 COD=1')}`,
      `parameter=COD&from=${encodeURIComponent("2026-01-01T00:00:00Z' OR time > 0")}`,
      `parameter=COD&to=${encodeURIComponent('now(); SELECT * FROM "air"')}`,
      `parameter=COD&every=${encodeURIComponent('60s) fill(0); SELECT 1 --')}`,
      `parameter=COD&station=${encodeURIComponent('~ /.*/')}`,
    ];
    try {
      for (const q of attempts) {
        expect([q, (await getJson(`/api/stations/pk-ww-01/readings?${q}`)).status]).toEqual([q, 400]);
      }
      for (const id of [`pk-ww-01'`, 'pk-ww-01;DROP', '/.*/']) {
        expect((await getJson(`/api/stations/${encodeURIComponent(id)}/readings?parameter=COD`)).status).toBe(
          404,
        );
      }
      expect(query).not.toHaveBeenCalled();
      // The same route with valid input does query InfluxDB through the readings repository (the spy can see it).
      expect((await getJson('/api/stations/pk-ww-01/readings?parameter=COD')).status).toBe(200);
      expect(query).toHaveBeenCalled();
    } finally {
      query.mockRestore();
    }
  });

  // Issue 15 (hostile trial), items 4–7 and 15, through the real pipeline.
  const counters = async () => (await getJson<HealthDto>('/api/health')).body.counters;
  /** A whole second a few minutes ago, distinct per test. */
  let slot = 0;
  const recent = () => Math.floor(Date.now() / 1000) * 1000 - 600_000 + 10_000 * ++slot;

  it('item 4: a bin over 100 % is stored with its quality flag and raises "full"', async () => {
    const topic = readingTopic('phong-khe', 'waste', 'pk-bin-01');
    const [t1, t2] = [recent(), recent()];
    await publish(topic, { ts: t1, values: { fill: 103.5, battery: 80.5 } });
    await publish(topic, { ts: t2, values: { fill: 104.5, battery: 80.5 } });
    const rows = await eventually(async () => {
      const values = await influxCount(
        `SELECT "fill","fill_quality" FROM "waste" WHERE "station"='pk-bin-01' AND time >= ${t1}ms AND time <= ${t2}ms`,
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
        await influxCount(
          `SELECT "PM2.5" FROM "air" WHERE "station"='pk-air-01' AND time >= ${ts}ms AND time <= ${ts + 1_000}ms`,
        ),
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
        await influxCount(
          `SELECT "COD" FROM "wastewater" WHERE "station"='pk-ww-01' AND time >= ${ts}ms AND time <= ${ts + 1}ms`,
        ),
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
      expect(
        await influxCount(`SELECT "COD" FROM "wastewater" WHERE "station"='vm-ww-01' AND time = ${ts}ms`),
      ).toEqual([[ts, 77.5]]),
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
      const { status, body } = await getJson<{ error: string; message: string }>(path);
      const text = JSON.stringify(body);
      expect({ path, status, bound: text.includes('2200-01-01') }).toEqual({
        path,
        status: 400,
        bound: true,
      });
      expect(text).not.toMatch(/influx|partial write|timestamp|error parsing/i);
    }
  });

  it('item 8: InfluxDB refusing one line of a batch (a field-type conflict) counts 1 line dropped, not the batch', async () => {
    const ts = recent();
    // An old writer made `tilt` a string field (field types are per shard in InfluxDB 1.x: the same week as ts).
    const write = await fetch(`${influx.url}/write?db=langxanh_test&precision=ms`, {
      method: 'POST',
      body: `waste,cluster=dai-bai,station=db-bin-02 tilt="upright" ${ts - 60_000}\n`,
    });
    expect(write.status).toBe(204);
    const before = await counters();
    const bins = [
      ['phong-khe', 'pk-bin-02'],
      ['phong-khe', 'pk-bin-03'],
      ['da-hoi', 'dh-bin-01'],
      ['da-hoi', 'dh-bin-02'],
      ['da-hoi', 'dh-bin-03'],
      ['van-mon', 'vm-bin-01'],
      ['van-mon', 'vm-bin-02'],
    ] as const;
    // One event-loop turn of messages: the spool gets them in one append, the drain sends them in one batch.
    await Promise.all([
      publish(readingTopic('dai-bai', 'waste', 'db-bin-01'), { ts, values: { fill: 40.5, tilt: 2.5 } }),
      ...bins.map(([cluster, id]) =>
        publish(readingTopic(cluster, 'waste', id), { ts, values: { fill: 41.5 } }),
      ),
    ]);
    await eventually(async () => {
      const rows = await influxCount(`SELECT count("fill") FROM "waste" WHERE time = ${ts}ms`);
      expect(rows[0]?.[1]).toBe(bins.length);
      expect((await counters()).pointsDropped).toBe(before.pointsDropped + 1);
    });
  });
});

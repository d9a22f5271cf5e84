import type { INestApplication } from '@nestjs/common';
import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  readingTopic,
  vietnamDate,
  type AlertDto,
  type AuditEntry,
  type ClientToServerEvents,
  type CurrentRegistryDto,
  type FieldErrorDto,
  type HealthDto,
  type ReadingEventDto,
  type ReadingsDto,
  type RegistryStationChangeDto,
  type RegistryVersionSummaryDto,
  type ServerToClientEvents,
  type StationDto,
  type StationKind,
} from '@langxanh/contracts';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';
import { startInProcessApp, signIn } from './support/in-process-app';
import { inProcessEnv } from './support/in-process-env';

/**
 * The registry changed at run time (issue 17, item 2) against a real Mosquitto and InfluxDB 1.6.7, the ingester
 * in-process: a station added over the API reports at once, a permit limit applies from its effective date, an
 * earlier version is restored, a retired station leaves the overview and refuses readings while its history stays,
 * the changes survive a restart, and an invalid change is refused field by field and changes nothing.
 */
describe('registry at run time (real mosquitto + influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let token: string;
  let publisher: MqttClient;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  const readingEvents: ReadingEventDto[] = [];
  /** Strictly increasing reading times (the same-millisecond rule refuses a second value at one time). */
  let clock = Date.now() - 120_000;
  const nextTs = () => new Date((clock += 1_000)).toISOString();

  const startApp = async (): Promise<void> => {
    ({ app, baseUrl } = await startInProcessApp());
  };
  const connectSocket = async (): Promise<void> => {
    socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], auth: { token } });
    socket.on('reading', (e) => readingEvents.push(e));
    await eventually(() => expect(socket.connected).toBe(true));
  };
  const call = async <T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
  const publish = (
    cluster: string,
    kind: StationKind,
    station: string,
    values: Record<string, number>,
    ts = nextTs(),
  ) =>
    publisher
      .publishAsync(readingTopic(cluster, kind, station), JSON.stringify({ ts, values }), { qos: 1 })
      .then(() => ts);
  const rejections = async (reason: string): Promise<number> =>
    (await call<HealthDto>('GET', '/api/health')).body.counters.rejections[reason] ?? 0;
  const codLimit = (station: StationDto) =>
    station.limits.find((l) => l.parameter === 'COD' && l.averagingPeriod === 'instant');

  /** A wastewater station of cluster phong-khe that alerts on the first reading over a limit. */
  const newStation = {
    cluster: 'phong-khe',
    id: 'pk-ww-09',
    kind: 'wastewater',
    name: 'Cửa xả thử nghiệm',
    location: { lat: 21.19, lon: 106.03 },
    expectedIntervalS: 60,
    standard: { qcvn: 'QCVN 40:2011/BTNMT', column: 'B', kq: 0.9, kf: 1.0 },
    alerting: { COD: { consecutive: 1, pendingS: 0 } },
  };

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    Object.assign(process.env, inProcessEnv('registry', broker, influx, { LIVE_THROTTLE_MS: '0' }));
    await startApp();
    token = await signIn(baseUrl, 'admin', 'registry-admin-password');
    publisher = await mqtt.connectAsync(broker.url, { clientId: `registry-publisher-${process.pid}` });
    await connectSocket();
    await eventually(async () => expect((await call('GET', '/api/health')).status).toBe(200), {
      timeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    socket?.close();
    await publisher?.endAsync();
    await app?.close();
    await stopAll();
  });

  it('starts from the registry file as version 1', async () => {
    const { status, body } = await call<CurrentRegistryDto>('GET', '/api/registry');
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: 1, changedBy: 'seed' });
    const exported = await call<unknown>('GET', '/api/registry/export');
    expect(exported.body).toEqual(body.registry);
  });

  it('accepts and shows the readings of a station added over the API, without a restart', async () => {
    const unknownBefore = await rejections('unknown_station');
    await publish('phong-khe', 'wastewater', 'pk-ww-09', { COD: 20 });
    await eventually(async () => expect(await rejections('unknown_station')).toBe(unknownBefore + 1));
    expect((await call('GET', '/api/stations/pk-ww-09')).status).toBe(404);

    const created = await call<RegistryStationChangeDto>('POST', '/api/registry/stations', newStation);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 2, station: { id: 'pk-ww-09', kind: 'wastewater' } });

    const ts = await publish('phong-khe', 'wastewater', 'pk-ww-09', { COD: 21.5, pH: 7.2 });
    const shown = await eventually(async () => {
      const { body } = await call<StationDto>('GET', '/api/stations/pk-ww-09');
      expect(body.latest['COD']?.value).toBe(21.5);
      return body;
    });
    expect(shown).toMatchObject({ clusterId: 'phong-khe', state: 'normal', lastSeen: ts });
    expect((await call<StationDto[]>('GET', '/api/stations')).body.map((s) => s.id)).toContain('pk-ww-09');
    await eventually(() =>
      expect(readingEvents.some((e) => e.station === 'pk-ww-09' && e.time === ts)).toBe(true),
    );
    await eventually(async () => {
      const { body } = await call<ReadingsDto>('GET', '/api/stations/pk-ww-09/readings?parameter=COD');
      expect(body.points.reduce((n, p) => n + p.count, 0)).toBe(1);
    });
    expect(await rejections('unknown_station')).toBe(unknownBefore + 1);
  });

  it('sends the readings of a station of a cluster added at run time to sockets connected before it existed', async () => {
    const cluster = {
      id: 'cum-thu',
      name: 'Cụm công nghiệp thử',
      craft: { vi: 'Thử nghiệm', en: 'Testing' },
      commune: 'Phường Thử',
      location: { lat: 21.2, lon: 106.1 },
      manager: { name: 'Nguyễn Văn Thử', phone: '+84 912 345 678', email: 'thu@example.vn' },
    };
    expect((await call('POST', '/api/registry/clusters', cluster)).status).toBe(201);
    const station = { ...newStation, cluster: 'cum-thu', id: 'ct-ww-01', alerting: undefined };
    expect((await call('POST', '/api/registry/stations', station)).status).toBe(201);
    const ts = await publish('cum-thu', 'wastewater', 'ct-ww-01', { COD: 30 });
    await eventually(() =>
      expect(readingEvents.some((e) => e.station === 'ct-ww-01' && e.time === ts)).toBe(true),
    );
  });

  it('applies a changed permit limit from its effective date', async () => {
    const before = (await call<StationDto>('GET', '/api/stations/pk-ww-09')).body;
    const standard = codLimit(before);
    // QCVN 40:2011/BTNMT Bảng 1 cột B: COD 150 mg/L × Kq 0.9 × Kf 1.0 (shared docs/domain.md §3.2).
    expect(standard?.max).toBeCloseTo(135);
    const permit = (effectiveFrom: string) => ({
      ...newStation,
      permit: { number: '12/GP-UBND', effectiveFrom, limits: [{ parameter: 'COD', max: 50 }] },
    });

    const tomorrow = vietnamDate(Date.now() + 86_400_000);
    expect((await call('PUT', '/api/registry/stations/pk-ww-09', permit(tomorrow))).status).toBe(200);
    expect(codLimit((await call<StationDto>('GET', '/api/stations/pk-ww-09')).body)?.max).toBeCloseTo(135);
    await publish('phong-khe', 'wastewater', 'pk-ww-09', { COD: 80 });
    await eventually(async () => {
      const { body } = await call<StationDto>('GET', '/api/stations/pk-ww-09');
      expect(body.latest['COD']?.value).toBe(80);
    });
    expect((await call<AlertDto[]>('GET', '/api/alerts?station=pk-ww-09')).body).toEqual([]);

    const today = vietnamDate(Date.now());
    const changed = await call<RegistryStationChangeDto>(
      'PUT',
      '/api/registry/stations/pk-ww-09',
      permit(today),
    );
    expect(changed.status).toBe(200);
    const limit = codLimit((await call<StationDto>('GET', '/api/stations/pk-ww-09')).body);
    expect(limit).toMatchObject({
      max: 50,
      source: { document: 'Giấy phép môi trường 12/GP-UBND', effectiveFrom: today },
    });
    await publish('phong-khe', 'wastewater', 'pk-ww-09', { COD: 80 });
    const alert = await eventually(async () => {
      const { body } = await call<AlertDto[]>('GET', '/api/alerts?station=pk-ww-09');
      expect(body).toHaveLength(1);
      return body[0]!;
    });
    expect(alert).toMatchObject({
      parameter: 'COD',
      max: 50,
      triggerValue: 80,
      source: { document: 'Giấy phép môi trường 12/GP-UBND' },
    });

    // Audited with the values before and after.
    const audit = (await call<AuditEntry[]>('GET', '/api/audit?limit=20')).body;
    const entry = audit.find(
      (e) => e.action === 'registry.station.update' && e.target?.['version'] === String(changed.body.version),
    );
    expect(entry).toMatchObject({ actor: 'admin', outcome: 'ok', target: { id: 'pk-ww-09' } });
    expect(entry?.changes?.['station:pk-ww-09.permit']).toEqual({
      before: {
        number: '12/GP-UBND',
        effectiveFrom: tomorrow,
        limits: [{ parameter: 'COD', averagingPeriod: 'instant', max: 50 }],
      },
      after: {
        number: '12/GP-UBND',
        effectiveFrom: today,
        limits: [{ parameter: 'COD', averagingPeriod: 'instant', max: 50 }],
      },
    });
  });

  it('restores an earlier version as a new one', async () => {
    const versions = (await call<RegistryVersionSummaryDto[]>('GET', '/api/registry/versions?limit=10')).body;
    expect(versions.map((v) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(versions[0]).toMatchObject({ changedBy: 'admin', summary: 'station pk-ww-09 changed: permit' });
    const withoutPermit = versions.find((v) => v.summary === 'station ct-ww-01 added to cum-thu')!.version;

    const restored = await call<{ version: number }>(
      'POST',
      `/api/registry/versions/${withoutPermit}/restore`,
    );
    expect(restored).toEqual({ status: 200, body: { version: 7 } });
    const current = (await call<CurrentRegistryDto>('GET', '/api/registry')).body;
    const old = (await call<CurrentRegistryDto>('GET', `/api/registry/versions/${withoutPermit}`)).body;
    expect(current.registry).toEqual(old.registry);
    expect(current).toMatchObject({ version: 7, changedBy: 'admin' });
    expect(codLimit((await call<StationDto>('GET', '/api/stations/pk-ww-09')).body)?.max).toBeCloseTo(135);
  });

  it('retires a station: it leaves the overview, refuses readings (counted), and its history stays readable', async () => {
    expect(
      (await call('POST', '/api/registry/stations/pk-ww-09/retire', { reason: 'cửa xả đã đóng' })).status,
    ).toBe(200);
    expect((await call<StationDto[]>('GET', '/api/stations')).body.map((s) => s.id)).not.toContain(
      'pk-ww-09',
    );
    const station = (await call<StationDto>('GET', '/api/stations/pk-ww-09')).body;
    expect(station.retiredAt).toEqual(expect.any(String));

    const refused = await rejections('unknown_station');
    await publish('phong-khe', 'wastewater', 'pk-ww-09', { COD: 99 });
    await eventually(async () => expect(await rejections('unknown_station')).toBe(refused + 1));
    expect((await call<StationDto>('GET', '/api/stations/pk-ww-09')).body.latest['COD']?.value).toBe(80);

    const history = await call<ReadingsDto>('GET', '/api/stations/pk-ww-09/readings?parameter=COD');
    expect(history.status).toBe(200);
    expect(history.body.points.reduce((n, p) => n + p.count, 0)).toBe(3);
    expect((await call('POST', '/api/registry/stations/pk-ww-09/retire', {})).status).toBe(409);
  });

  it('refuses an invalid change with field errors and changes nothing', async () => {
    const before = (await call<CurrentRegistryDto>('GET', '/api/registry')).body;
    const pk = before.registry.clusters
      .find((c) => c.id === 'phong-khe')!
      .stations.find((s) => s.id === 'pk-ww-01')!;

    const bad = await call<{ error: string; errors: FieldErrorDto[] }>(
      'PUT',
      '/api/registry/stations/pk-ww-01',
      {
        ...pk,
        standard: { ...pk.standard, kq: 5 },
        permit: {
          number: '1/GP',
          effectiveFrom: '2026-13-01',
          limits: [{ parameter: 'COD', min: 10, max: 5 }],
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('bad_request');
    expect(bad.body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        ['standard', 'kq'],
        ['permit', 'limits', 0],
      ]),
    );
    const unknownCluster = await call<{ errors: FieldErrorDto[] }>('POST', '/api/registry/stations', {
      ...newStation,
      id: 'pk-ww-10',
      cluster: 'no-such-cluster',
    });
    expect([unknownCluster.status, unknownCluster.body.errors]).toEqual([
      400,
      [{ path: ['cluster'], message: 'no cluster "no-such-cluster"' }],
    ]);
    const takenTt10 = await call<{ errors: FieldErrorDto[] }>('POST', '/api/registry/stations', {
      ...newStation,
      id: 'pk-ww-10',
      tt10: 'BN_DAIBAI_NT01',
    });
    expect([takenTt10.status, takenTt10.body.errors.map((e) => e.path)]).toEqual([400, [['tt10']]]);

    expect((await call<CurrentRegistryDto>('GET', '/api/registry')).body).toEqual(before);
    expect(
      (await call<RegistryVersionSummaryDto[]>('GET', '/api/registry/versions?limit=1')).body[0]?.version,
    ).toBe(before.version);
  });

  it('keeps every change across an ingester restart', async () => {
    const before = (await call<CurrentRegistryDto>('GET', '/api/registry')).body;
    socket.close();
    await app.close();
    await startApp();
    await connectSocket();

    expect((await call<CurrentRegistryDto>('GET', '/api/registry')).body).toEqual(before);
    expect((await call<StationDto>('GET', '/api/stations/pk-ww-09')).body.retiredAt).toEqual(
      expect.any(String),
    );
    // The store's version is in force before the station state restores the newest stored readings.
    expect((await call<StationDto>('GET', '/api/stations/ct-ww-01')).body.latest['COD']?.value).toBe(30);
    const ts = await publish('cum-thu', 'wastewater', 'ct-ww-01', { COD: 31 });
    await eventually(async () => {
      const { body } = await call<StationDto>('GET', '/api/stations/ct-ww-01');
      expect([body.latest['COD']?.value, body.lastSeen]).toEqual([31, ts]);
    });
    await eventually(() =>
      expect(readingEvents.some((e) => e.station === 'ct-ww-01' && e.time === ts)).toBe(true),
    );
    const refused = await rejections('unknown_station');
    await publish('phong-khe', 'wastewater', 'pk-ww-09', { COD: 99 });
    await eventually(async () => expect(await rejections('unknown_station')).toBe(refused + 1));
  });
});

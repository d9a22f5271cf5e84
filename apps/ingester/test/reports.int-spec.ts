import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { parse } from 'csv-parse/sync';
import type { AqiOverviewDto, ComplianceReportDto, StationAqiDto } from '@langxanh/contracts';
import { startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { AppModule } from '../src/app/app.module';

/**
 * VN_AQI and compliance endpoints against a real InfluxDB 1.6.7 holding known readings (written as line protocol
 * in the ingester's schema, with calibrating/error statuses), the ingester in-process.
 */
describe('VN_AQI and compliance API (real influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  const DB = 'langxanh_reports_test';
  const H = 3_600_000;
  // Vietnam day 2026-11-20 = [2026-11-19T17:00Z, 2026-11-20T17:00Z).
  const DAY_START = Date.parse('2026-11-20T00:00:00+07:00');
  const DAY_END = DAY_START + 24 * H;

  /** Wastewater compliance needs a signed-in user in scope: the tests read as the first administrator. */
  let token = '';
  const get = async (path: string) => fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await get(path);
    return { status: response.status, body: (await response.json()) as T };
  };

  const write = async (lines: string[]) => {
    const response = await fetch(`${influx.url}/write?db=${DB}&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    expect(response.status).toBe(204);
  };

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    Object.assign(process.env, {
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `ingester-reports-${process.pid}`,
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: DB,
      SPOOL_DIR: mkdtempSync(join(tmpdir(), 'langxanh-spool-')),
      REGISTRY_FILE: `${__dirname}/../../../deploy/registry/bac-ninh.json`,
      LOG_LEVEL: 'warn',
      AUTH_DATA_DIR: mkdtempSync(join(tmpdir(), 'langxanh-reports-auth-')),
      AUTH_JWT_SECRET: 'reports-test-secret-reports-test-secret',
      AUTH_BCRYPT_COST: '4',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'reports-admin-password',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'reports-admin-password' }),
    });
    token = ((await login.json()) as { token: string }).token;

    const lines: string[] = [];
    // vm-air-01: one sample at :30 of every hour from 12 h before the day to its end. PM2.5 55.7 µg/m³ throughout,
    // NO2 80 except 130.8 at 13:30; plus a calibrating PM2.5 of 900 and an error NO2 of 5000 that must not count.
    for (let t = DAY_START - 12 * H + 30 * 60_000; t < DAY_END; t += H) {
      const no2 = t === DAY_START + 13.5 * H ? 130.8 : 80;
      lines.push(`air,cluster=van-mon,station=vm-air-01 PM2.5=55.7,NO2=${no2} ${t}`);
    }
    lines.push(
      `air,cluster=van-mon,station=vm-air-01 PM2.5=900,PM2.5_status="01" ${DAY_START + 5 * H + 60_000}`,
    );
    lines.push(
      `air,cluster=van-mon,station=vm-air-01 NO2=5000,NO2_status="02" ${DAY_START + 6 * H + 60_000}`,
    );
    // vm-air-02: PM10 only for the last 3 hours of the day (150 µg/m³).
    for (let h = 21; h < 24; h++)
      lines.push(`air,cluster=van-mon,station=vm-air-02 PM10=150 ${DAY_START + h * H}`);
    // pk-ww-01 (QCVN 40:2011 column B, Kq 0.9, Kf 1.0: COD ≤ 135 mg/L, pH 5.5–9): five COD samples, one in error.
    const cod = [
      [100, ''],
      [180, ''],
      [200, ',COD_status="02"'],
      [140, ''],
      [120, ''],
    ] as const;
    cod.forEach(([value, status], i) =>
      lines.push(
        `wastewater,cluster=phong-khe,station=pk-ww-01 COD=${value},pH=7.1${status} ${DAY_START + (i + 1) * H}`,
      ),
    );
    lines.push(`wastewater,cluster=phong-khe,station=pk-ww-01 pH=4.5,pH_status="01" ${DAY_START + 10 * H}`);
    await write(lines);
  });

  afterAll(async () => {
    await app?.close();
    await stopAll();
  });

  it('GET /api/stations/{id}/aqi: hourly NowCast AQI, the last 24 hours and the daily AQI of 7 days', async () => {
    const { status, body } = await getJson<StationAqiDto>(
      `/api/stations/vm-air-01/aqi?at=${new Date(DAY_END + 59_000).toISOString()}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ station: 'vm-air-01', scale: 'VN_AQI', method: 'QĐ 1459/QĐ-TCMT' });
    // Hour ending 00:00 of 21/11: NowCast of a constant 55.7 is 55.7 → (150 − 100)/(80 − 50) × 5.7 + 100 = 109.5 → 110.
    expect(body.current.time).toBe(new Date(DAY_END).toISOString());
    expect(body.current.nowcast['PM2.5']).toBeCloseTo(55.7, 6);
    expect(body.current).toMatchObject({
      aqi: 110,
      dominant: 'PM2.5',
      band: { key: 'poor', colour: '#FF7E00' },
    });
    expect(body.hourly).toHaveLength(24);
    expect(body.hourly[0].time).toBe(new Date(DAY_END - 23 * H).toISOString());
    // Hour ending 14:00 holds NO2 130.8 → 65 (the error value 5000 at 06:01 is left out of hour 07:00).
    const at14 = body.hourly.find((h) => h.time === new Date(DAY_START + 14 * H).toISOString())!;
    expect(at14.subIndices.find((s) => s.parameter === 'NO2')).toMatchObject({
      concentration: 130.8,
      aqi: 65,
    });
    const at07 = body.hourly.find((h) => h.time === new Date(DAY_START + 7 * H).toISOString())!;
    expect(at07.subIndices.find((s) => s.parameter === 'NO2')).toMatchObject({ concentration: 80, aqi: 40 });
    expect(body.daily.map((d) => d.date)).toEqual([
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
    const day = body.daily[6];
    // Daily: PM2.5 24-h mean 55.7 → 110 (the calibrating 900 left out); NO2 max 1 h 130.8 → 65.
    expect(day).toMatchObject({
      aqi: 110,
      dominant: 'PM2.5',
      provisional: false,
      hoursPresent: { 'PM2.5': 24, NO2: 24 },
    });
    expect(day.subIndices.find((s) => s.parameter === 'PM2.5')).toMatchObject({
      basis: '24h',
      concentration: 55.7,
    });
    expect(day.subIndices.find((s) => s.parameter === 'NO2')).toMatchObject({ basis: 'max1h', aqi: 65 });
    // The second scale, labelled: PM2.5 55.7 µg/m³ is US EPA (2024) 151, "Unhealthy".
    expect(day.usEpa).toEqual({
      scale: 'US_EPA_AQI_2024',
      aqi: 151,
      category: 'unhealthy',
      dominant: 'PM2.5',
    });
    // The day before has its last 12 hours only: provisional. Earlier days have no data: no index.
    expect(body.daily[5]).toMatchObject({
      date: '2026-11-19',
      aqi: 110,
      provisional: true,
      hoursPresent: { 'PM2.5': 12 },
    });
    expect(body.daily[0]).toMatchObject({ aqi: null, reason: 'no_pm' });
  });

  it('GET /api/aqi: every air station in one answer', async () => {
    const { status, body } = await getJson<AqiOverviewDto>(
      `/api/aqi?at=${encodeURIComponent('2026-11-21T00:30:00+07:00')}`,
    );
    expect(status).toBe(200);
    const byStation = new Map(body.stations.map((s) => [s.station, s]));
    expect(byStation.get('vm-air-01')).toMatchObject({
      cluster: 'van-mon',
      aqi: 110,
      dominant: 'PM2.5',
      time: new Date(DAY_END).toISOString(),
    });
    // PM10 150 for 3 hours → NowCast 150 → 100.
    expect(byStation.get('vm-air-02')).toMatchObject({
      aqi: 100,
      band: { key: 'moderate' },
      dominant: 'PM10',
    });
    expect(byStation.get('pk-air-01')).toMatchObject({ aqi: null, band: null });
    expect(byStation.has('pk-ww-01')).toBe(false);
  });

  it('GET /api/stations/{id}/compliance: 24-h and 1-h means of air, calibrating and error data left out', async () => {
    const { status, body } = await getJson<ComplianceReportDto>(
      '/api/stations/vm-air-01/compliance?from=2026-11-20&to=2026-11-20',
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      station: 'vm-air-01',
      from: new Date(DAY_START).toISOString(),
      to: new Date(DAY_END).toISOString(),
      excludedStatuses: ['01', '02'],
    });
    const pm25 = body.rows.find((r) => r.ruleId === 'qcvn05-2023/PM2.5/24h')!;
    expect(pm25).toMatchObject({
      max: 45,
      basis: '24h',
      expected: 1,
      measured: 1,
      completenessPct: 100,
      exceedances: 1,
      exceedanceSharePct: 100,
      excludedSamples: 1,
    });
    expect(pm25.worst?.value).toBeCloseTo(55.7, 6);
    const no2 = body.rows.find((r) => r.ruleId === 'qcvn05-2023/NO2/1h')!;
    expect(no2).toMatchObject({ max: 200, expected: 24, measured: 24, exceedances: 0, excludedSamples: 1 });
    expect(no2.worst).toEqual({
      value: 130.8,
      from: new Date(DAY_START + 13 * H).toISOString(),
      to: new Date(DAY_START + 14 * H).toISOString(),
    });
    const so2 = body.rows.find((r) => r.ruleId === 'qcvn05-2023/SO2/1h')!;
    expect(so2).toMatchObject({ expected: 24, measured: 0, completenessPct: 0, worst: null });
  });

  it('compliance of instant limits counts samples; the CSV download has the same counts', async () => {
    const path = '/api/stations/pk-ww-01/compliance?from=2026-11-20&to=2026-11-20';
    const { body } = await getJson<ComplianceReportDto>(path);
    const cod = body.rows.find((r) => r.parameter === 'COD')!;
    // 100, 180, 140, 120 valid (200 is a device error): two above 135; one sample a minute expected.
    expect(cod).toMatchObject({
      max: 135,
      basis: 'samples',
      expected: 1440,
      measured: 4,
      exceedances: 2,
      exceedanceSharePct: 50,
      excludedSamples: 1,
      completenessPct: 0.3,
    });
    expect(cod.worst).toEqual({
      value: 180,
      from: new Date(DAY_START + 2 * H).toISOString(),
      to: new Date(DAY_START + 2 * H).toISOString(),
    });
    const ph = body.rows.find((r) => r.parameter === 'pH')!;
    expect(ph).toMatchObject({ comparison: 'outside', measured: 5, exceedances: 0, excludedSamples: 1 });

    const response = await get(`${path}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="langxanh-compliance_pk-ww-01_2026-11-20_2026-11-20.csv"',
    );
    const records = parse(await response.text(), { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(body.rows.length);
    for (const row of body.rows) {
      const line = records.find((r) => r.rule_id === row.ruleId)!;
      expect([line.measured, line.exceedances, line.excluded_samples]).toEqual([
        String(row.measured),
        String(row.exceedances),
        String(row.excludedSamples),
      ]);
    }
  });

  it('answers a range of 400 days (8-h means reach 7 h before it)', async () => {
    const { status, body } = await getJson<ComplianceReportDto>(
      '/api/stations/vm-air-01/compliance?from=2025-10-24&to=2026-11-27',
    );
    expect(status).toBe(200);
    // PM2.5 24 h: 50 µg/m³ until 31/12/2025, 45 from 01/01/2026; only 20/11/2026 has data (55.7 > 45).
    const pm25 = body.rows.filter((r) => r.parameter === 'PM2.5');
    expect(pm25.map((r) => [r.max, r.measured, r.exceedances])).toEqual([
      [50, 0, 0],
      [45, 1, 1],
    ]);
  });

  it('rejects unknown query fields, bad periods and wrong stations', async () => {
    expect((await get('/api/stations/pk-ww-01/compliance?from=2026-11-20&to=2026-11-20&foo=1')).status).toBe(
      400,
    );
    expect((await get('/api/stations/pk-ww-01/compliance?from=2026-11-20')).status).toBe(400);
    expect((await get('/api/stations/pk-ww-01/compliance?from=2026-11-21&to=2026-11-20')).status).toBe(400);
    expect((await get('/api/stations/pk-ww-01/compliance?from=2024-01&to=2026-11&format=xml')).status).toBe(
      400,
    );
    expect((await get('/api/stations/pk-ww-01/compliance?from=2020-01&to=2026-11')).status).toBe(400);
    expect((await get('/api/stations/nope/compliance?from=2026-11-20&to=2026-11-20')).status).toBe(404);
    expect((await get('/api/stations/pk-ww-01/aqi')).status).toBe(400);
    expect((await get('/api/stations/vm-air-01/aqi?at=yesterday')).status).toBe(400);
    expect((await get('/api/aqi?station=vm-air-01')).status).toBe(400);
  });
});

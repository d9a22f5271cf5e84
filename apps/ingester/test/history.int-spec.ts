import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DeleteReadingsResultDto, ImportBatchResultDto } from '@langxanh/contracts';
import { eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { AppModule } from '../src/app/app.module';
import { inProcessEnv } from './support/in-process-env';

/**
 * The history routes (issue 13 item 5) against a real InfluxDB 1.6.7, the ingester in-process: a batch imported by
 * an administrator is stored through the spool at the right UTC times (refusals counted), a time range deleted is
 * gone while the rest stays, both are in the audit log with their range, and nobody else may call them.
 */
describe('history import and deletion (real influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let token = '';
  let authDir = '';
  const DB = 'langxanh_history_test';

  const call = (method: string, path: string, body?: unknown, bearer = token) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const stored = async (station: string): Promise<[number, number][]> => {
    const q = encodeURIComponent(`SELECT "PM2.5" FROM "air" WHERE "station" = '${station}'`);
    const response = await fetch(`${influx.url}/query?db=${DB}&epoch=ms&q=${q}`);
    const body = (await response.json()) as { results: { series?: { values: [number, number][] }[] }[] };
    return body.results[0].series?.[0].values ?? [];
  };

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    const env = inProcessEnv('history', broker, influx);
    authDir = env.AUTH_DATA_DIR;
    Object.assign(process.env, env);
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const login = await call('POST', '/api/auth/login', { username: 'admin', password: 'history-admin-password' }, '');
    token = ((await login.json()) as { token: string }).token;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await stopAll();
  });

  it('imports a batch through the spool, deletes a range, audits both with their range', async () => {
    const readings = [0, 1, 2, 3].map((h) => ({
      ts: `2018-01-01T0${h + 1}:00:00`,
      values: { 'PM2.5': 10 + h },
      status: '00',
    }));
    readings.push({ ts: '2018-01-01T06:00:00', values: { 'PM2.5': -2 }, status: '00' });
    const response = await call('POST', '/api/stations/pk-air-02/readings', { readings });
    expect(response.status).toBe(200);
    const result = (await response.json()) as ImportBatchResultDto;
    expect(result).toMatchObject({
      station: 'pk-air-02',
      received: 5,
      stored: 4,
      refused: { out_of_range: 1 },
      droppedValues: {},
    });
    expect(result.rejections.map((r) => [r.index, r.reason])).toEqual([
      [4, 'out_of_range'],
      [4, 'no_valid_values'],
    ]);
    const H = 3_600_000;
    const t0 = Date.UTC(2017, 11, 31, 18); // 2018-01-01T01:00+07:00
    await eventually(async () => expect(await stored('pk-air-02')).toEqual([0, 1, 2, 3].map((h) => [t0 + h * H, 10 + h])));

    const removed = await call(
      'DELETE',
      `/api/stations/pk-air-02/readings?from=${encodeURIComponent('2018-01-01T02:00:00+07:00')}&to=2018-01-01T04:00:00`,
    );
    expect(removed.status).toBe(200);
    expect((await removed.json()) as DeleteReadingsResultDto).toEqual({
      station: 'pk-air-02',
      from: new Date(t0 + H).toISOString(),
      to: new Date(t0 + 3 * H).toISOString(),
    });
    expect(await stored('pk-air-02')).toEqual([
      [t0, 10],
      [t0 + 3 * H, 13],
    ]);

    // The audit entry is appended after the answer is sent: read until it is there.
    await eventually(() => {
      const audit = readFileSync(join(authDir, 'audit.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { action: string; actor: string; outcome: string; target: Record<string, string> });
      expect(audit.filter((a) => a.action.startsWith('readings.'))).toEqual([
        expect.objectContaining({ action: 'readings.import', actor: 'admin', outcome: 'ok', target: { id: 'pk-air-02' } }),
        expect.objectContaining({
          action: 'readings.delete',
          actor: 'admin',
          outcome: 'ok',
          target: { id: 'pk-air-02', from: '2018-01-01T02:00:00+07:00', to: '2018-01-01T04:00:00' },
        }),
      ]);
    });
  });

  it('refuses anonymous callers, unknown stations, bad ranges and oversized batches', async () => {
    const one = { readings: [{ ts: '2018-01-01T01:00:00', values: { 'PM2.5': 1 } }] };
    expect((await call('POST', '/api/stations/pk-air-02/readings', one, '')).status).toBe(401);
    expect((await call('DELETE', '/api/stations/pk-air-02/readings?from=2018-01-01&to=2018-01-02', undefined, '')).status).toBe(401);
    expect((await call('POST', '/api/stations/nowhere/readings', one)).status).toBe(404);
    expect((await call('DELETE', '/api/stations/pk-air-02/readings?from=2018-01-02&to=2018-01-01')).status).toBe(400);
    expect((await call('DELETE', '/api/stations/pk-air-02/readings?from=2018-01-02')).status).toBe(400);
    expect((await call('POST', '/api/stations/pk-air-02/readings', { readings: [] })).status).toBe(400);
    const many = { readings: Array.from({ length: 501 }, () => 1) };
    expect((await call('POST', '/api/stations/pk-air-02/readings', many)).status).toBe(400);
  });
});

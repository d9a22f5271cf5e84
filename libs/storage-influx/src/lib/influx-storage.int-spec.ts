/**
 * Against a real influxd 1.x (Debian's 1.6.7 here), spawned on a free loopback port with a temporary data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AlertDto, Reading } from '@langxanh/contracts';
import { setLogger } from '@influxdata/influxdb-client';
// Test-only dependencies: the tooling lib that spawns influxd, and the spool whose drain is the production write
// path; the library code imports neither.
import { eventually, type RunningService, startInfluxd, stopAll } from '@langxanh/local-services';
import { Spool, SpoolDrain } from '@langxanh/spool';
import { memoryLogger, sampleAlert, writeReadings } from '../test/samples';
import { writeFailureVerdict } from './errors';
import type { InfluxStorageOptions } from './influx-connection';
import { InfluxStorage } from './influx-storage';
import { ProcessingClock, alertToLine, readingToLine } from './points';

setLogger({ error: () => undefined, warn: () => undefined });

const T0 = Date.UTC(2026, 10, 29, 7, 0, 0); // 14:00 ICT
let influx: RunningService;
const open: InfluxStorage[] = [];
let dbCounter = 0;

async function connectStorage(options: Partial<InfluxStorageOptions> = {}): Promise<InfluxStorage> {
  const storage = new InfluxStorage(
    {
      url: influx.url,
      api: 'auto',
      database: `it_${process.pid}_${++dbCounter}`,
      ...options,
    },
    memoryLogger(),
  );
  open.push(storage);
  await storage.connect();
  return storage;
}

const reading = (
  station: string,
  time: number,
  values: Record<string, number>,
  status: Reading['status'] = {},
) =>
  ({
    cluster: 'phong-khe',
    kind: 'wastewater',
    station,
    time,
    values,
    status: Object.fromEntries(Object.keys(values).map((k) => [k, status[k] ?? '00'])),
  }) as Reading;

/** Writes alert states as the ingester does: processing-time stamps, one request. */
async function writeAlerts(storage: InfluxStorage, alerts: readonly AlertDto[]): Promise<void> {
  const clock = new ProcessingClock();
  await storage.writeLines(alerts.map((alert) => `${alertToLine(alert, clock.next())}\n`).join(''));
}

beforeAll(async () => {
  influx = await startInfluxd({ httpPort: 0 });
});

afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await stopAll();
});

describe('InfluxStorage on a real influxd 1.x', () => {
  it('connects with api auto as v1 and creates the database', async () => {
    const storage = await connectStorage();
    expect(storage.api).toBe('v1');
    expect(storage.version).toMatch(/^1\./);
    await expect(storage.ping()).resolves.toBe(true);
    const dbs = await storage.query<{ name: string }>('SHOW DATABASES');
    expect(dbs[0].rows.map((r) => r.name)).toContain(`it_${process.pid}_${dbCounter}`);
  });

  it('writes readings that read back, integers stored as floats, status only when not 00', async () => {
    const storage = await connectStorage();
    await writeReadings(storage, [
      reading('pk-ww-01', T0, { COD: 40, pH: 7 }, { pH: '01' }),
      reading('pk-ww-01', T0 + 60_000, { COD: 85.5, pH: 7.25 }),
    ]);

    const rows = await storage.query('SELECT * FROM "wastewater" ORDER BY time');
    expect(rows[0].rows).toEqual([
      { time: T0, COD: 40, pH: 7, pH_status: '01', cluster: 'phong-khe', station: 'pk-ww-01' },
      { time: T0 + 60_000, COD: 85.5, pH: 7.25, pH_status: null, cluster: 'phong-khe', station: 'pk-ww-01' },
    ]);
    const types = await storage.query<{ fieldKey: string; fieldType: string }>(
      'SHOW FIELD KEYS FROM "wastewater"',
    );
    expect(Object.fromEntries(types[0].rows.map((r) => [r.fieldKey, r.fieldType]))).toEqual({
      COD: 'float',
      pH: 'float',
      pH_status: 'string',
    });
    // A later fractional value is accepted: the field really is a float.
    await expect(
      writeReadings(storage, [reading('pk-ww-01', T0 + 120_000, { COD: 40.5 })]),
    ).resolves.toBeUndefined();
  });

  it('is idempotent: the same reading written twice is one point', async () => {
    const storage = await connectStorage();
    const r = reading('pk-ww-02', T0, { COD: 50 });
    await writeReadings(storage, [r]);
    await writeReadings(storage, [r, r]);
    const count = await storage.query<{ count: number }>('SELECT count("COD") AS "count" FROM "wastewater"');
    expect(count[0].rows[0].count).toBe(1);
  });

  it('readingBuckets: mean/min/max/count per bucket, gaps as null with count 0', async () => {
    const storage = await connectStorage();
    const points = [
      [0, 10],
      [20, 30],
      [60, 50],
      // nothing in [120 s, 180 s)
      [190, 70],
    ] as const;
    await writeReadings(storage, [
      ...points.map(([offsetS, cod]) => reading('pk-ww-01', T0 + offsetS * 1_000, { COD: cod })),
      reading('pk-ww-02', T0, { COD: 999 }), // another station: not counted
    ]);

    const buckets = await storage.readingBuckets({
      kind: 'wastewater',
      station: 'pk-ww-01',
      parameter: 'COD',
      from: T0,
      to: T0 + 300_000,
      everyS: 60,
    });
    expect(buckets).toEqual([
      { time: '2026-11-29T07:00:00.000Z', mean: 20, min: 10, max: 30, count: 2 },
      { time: '2026-11-29T07:01:00.000Z', mean: 50, min: 50, max: 50, count: 1 },
      { time: '2026-11-29T07:02:00.000Z', mean: null, min: null, max: null, count: 0 },
      { time: '2026-11-29T07:03:00.000Z', mean: 70, min: 70, max: 70, count: 1 },
      { time: '2026-11-29T07:04:00.000Z', mean: null, min: null, max: null, count: 0 },
    ]);

    const empty = await storage.readingBuckets({
      kind: 'wastewater',
      station: 'pk-ww-03',
      parameter: 'pH',
      from: T0,
      to: T0 + 120_000,
      everyS: 60,
    });
    expect(empty).toEqual([
      { time: '2026-11-29T07:00:00.000Z', mean: null, min: null, max: null, count: 0 },
      { time: '2026-11-29T07:01:00.000Z', mean: null, min: null, max: null, count: 0 },
    ]);
  });

  it('recentTimes: the newest times of one parameter of one station, newest first, from `since` on', async () => {
    const storage = await connectStorage();
    await writeReadings(storage, [
      ...[0, 300, 600, 900, 1200].map((offsetS) => reading('pk-ww-01', T0 + offsetS * 1_000, { COD: 1 })),
      reading('pk-ww-01', T0 + 1_500_000, { pH: 7 }), // another parameter: not counted
      reading('pk-ww-02', T0 + 1_800_000, { COD: 2 }), // another station: not counted
    ]);
    const query = { kind: 'wastewater' as const, station: 'pk-ww-01', parameter: 'COD', since: T0, limit: 3 };
    await expect(storage.recentTimes(query)).resolves.toEqual([T0 + 1_200_000, T0 + 900_000, T0 + 600_000]);
    await expect(storage.recentTimes({ ...query, since: T0 + 700_000, limit: 10 })).resolves.toEqual([
      T0 + 1_200_000,
      T0 + 900_000,
    ]);
    await expect(storage.recentTimes({ ...query, station: 'pk-ww-03' })).resolves.toEqual([]);
  });

  it('latestByStation: the last value of each parameter per station', async () => {
    const storage = await connectStorage();
    await writeReadings(storage, [
      reading('pk-ww-01', T0, { COD: 10, pH: 7 }),
      reading('pk-ww-01', T0 + 60_000, { COD: 20 }),
      reading('pk-ww-02', T0 + 30_000, { TSS: 5 }),
    ]);
    const latest = await storage.latestByStation('wastewater');
    expect(Object.fromEntries(latest)).toEqual({
      'pk-ww-01': { time: T0 + 60_000, values: { COD: 20, pH: 7 } },
      'pk-ww-02': { time: T0 + 30_000, values: { TSS: 5 } },
    });
    expect((await storage.latestByStation('air')).size).toBe(0);
  });

  it('writes alerts and reads them back newest first', async () => {
    const storage = await connectStorage();
    const resolved = { ...sampleAlert, state: 'resolved' as const, resolvedAt: '2026-11-29T07:30:00.000Z' };
    await writeAlerts(storage, [sampleAlert, resolved]);
    expect(await storage.alertHistory(10)).toEqual([resolved, sampleAlert]);
    expect(await storage.alertHistory(1)).toEqual([resolved]);
  });

  it('gives the newest state of each station and rule, however many changes came after it', async () => {
    const storage = await connectStorage();
    const other = { ...sampleAlert, id: 'dh-ww-01:r:1', station: 'dh-ww-01' };
    await writeAlerts(storage, [
      other,
      ...Array.from({ length: 30 }, (_, i) => ({
        ...sampleAlert,
        state: i % 2 === 0 ? ('active' as const) : ('resolved' as const),
        lastValue: i,
      })),
    ]);
    const latest = await storage.latestAlertStates();
    const byStation = Object.fromEntries(latest.map((a) => [a.station, a]));
    expect(byStation['dh-ww-01']).toEqual(other);
    expect(byStation[sampleAlert.station]).toMatchObject({ state: 'resolved', lastValue: 29 });
  });

  it('loses nothing when influxd is killed and restarted mid-stream (spool → SpoolDrain → writeLines)', async () => {
    let appended = 0;
    let failures = 0;
    const restartedAt: number[] = [];
    const storage = await connectStorage();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'langxanh-it-spool-'));
    const spool = Spool.open({ dir, maxBytes: 64 * 1024 * 1024, fullPolicy: 'block' });
    // The ingester's settings, with a shorter back-off so that the test does not wait long.
    const drain = new SpoolDrain({
      spool,
      write: (body) => storage.writeLines(body),
      classify: writeFailureVerdict,
      batchBytes: 512 * 1024,
      retryMinMs: 100,
      retryMaxMs: 1_000,
      lingerMs: 100,
      quarantineDir: path.join(dir, 'quarantine'),
      events: { failed: () => failures++ },
    });
    drain.start();
    try {
      const total = 20_000;
      const restarts = (async () => {
        await eventually(() => expect(appended).toBeGreaterThan(total / 4), { timeoutMs: 30_000 });
        restartedAt.push(appended);
        await influx.restart({ signal: 'SIGKILL', downtimeMs: 500 });
        await eventually(() => expect(appended).toBeGreaterThan((total * 3) / 5), { timeoutMs: 30_000 });
        restartedAt.push(appended);
        await influx.restart({ signal: 'SIGTERM', downtimeMs: 300 });
      })();
      // About 200 readings every 20 ms (≈ 10 000/s): the stream spans both restarts.
      for (let i = 0; i < total; i++) {
        const r = reading(`pk-ww-${String(i % 10).padStart(2, '0')}`, T0 + i * 1_000, { COD: i });
        spool.append(`${readingToLine(r).line}\n`);
        drain.notify();
        appended++;
        if (i % 200 === 199) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await restarts;
      expect(restartedAt[1]).toBeLessThan(total); // both restarts happened while writing
      await eventually(() => expect(spool.stats().pendingLines).toBe(0), {
        timeoutMs: 40_000,
        intervalMs: 200,
      });
      expect(failures).toBeGreaterThan(0); // writes did fail and were retried
      expect(fs.existsSync(path.join(dir, 'quarantine'))).toBe(false);
      const count = await storage.query<{ count: number }>(
        'SELECT count("COD") AS "count" FROM "wastewater"',
      );
      expect(count[0].rows[0].count).toBe(total);
    } finally {
      await drain.stop();
      spool.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('InfluxDB 1.x authentication', () => {
  let secured: RunningService;
  beforeAll(async () => {
    secured = await startInfluxd({ httpPort: 0, authEnabled: true });
    // With no user yet, 1.x accepts this one statement without credentials.
    const res = await fetch(`${secured.url}/query`, {
      method: 'POST',
      body: new URLSearchParams({ q: `CREATE USER "admin" WITH PASSWORD 's3cret' WITH ALL PRIVILEGES` }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => secured.stop());

  it('accepts username/password as Basic authentication', async () => {
    const storage = new InfluxStorage(
      {
        url: secured.url,
        api: 'auto',
        database: 'secured',
        username: 'admin',
        password: 's3cret',
      },
      memoryLogger(),
    );
    open.push(storage);
    await expect(storage.connect()).resolves.toMatchObject({ api: 'v1' });
    await writeReadings(storage, [reading('pk-ww-01', T0, { COD: 1 })]);
    expect((await storage.query('SELECT * FROM "wastewater"'))[0].rows).toHaveLength(1);
  });

  it('refuses a wrong password with a fatal 401', async () => {
    const storage = new InfluxStorage(
      { url: secured.url, api: 'v1', database: 'secured', username: 'admin', password: 'wrong' },
      memoryLogger(),
    );
    open.push(storage);
    await expect(storage.connect()).rejects.toMatchObject({ retriable: false, statusCode: 401 });
  });
});

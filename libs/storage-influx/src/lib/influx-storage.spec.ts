import { setLogger } from '@influxdata/influxdb-client';
import { type FakeInflux, startFakeInflux } from '../test/fake-influx';
import { memoryLogger, sampleAlert, sampleReading } from '../test/samples';
import { InfluxInputError, InfluxQueryError } from './errors';
import { type InfluxStorageOptions, influxMajorVersion, routeInfluxClientLogs } from './influx-connection';
import { InfluxStorage } from './influx-storage';
import { readingToLine } from './points';

// The client may log to the console itself; InfluxStorage reports through its own logger.
setLogger({ error: () => undefined, warn: () => undefined });

const READING_LINE =
  'wastewater,cluster=phong-khe,station=pk-ww-01 COD=40,pH=7.1,pH_status="01" 1764403500000';
/** The sample reading's line as the spool holds it (points.ts), with its newline. */
const READING_BODY = `${readingToLine(sampleReading).line}\n`;

let servers: FakeInflux[] = [];
let storages: InfluxStorage[] = [];

async function setup(
  fake: Parameters<typeof startFakeInflux>[0],
  options: Partial<InfluxStorageOptions>,
): Promise<{ server: FakeInflux; storage: InfluxStorage; logger: ReturnType<typeof memoryLogger> }> {
  const server = await startFakeInflux(fake);
  servers.push(server);
  const logger = memoryLogger();
  const storage = new InfluxStorage({ url: server.url, api: 'auto', database: 'env', ...options }, logger);
  storages.push(storage);
  return { server, storage, logger };
}

afterEach(async () => {
  await Promise.all(storages.map((s) => s.close()));
  await Promise.all(servers.map((s) => s.close()));
  storages = [];
  servers = [];
});

describe('InfluxStorage against a fake InfluxDB 2.x', () => {
  const v2 = { version: 'v2.7.11' };
  const v2Options = { org: 'langxanh', token: 'secret-token' };

  it('detects v2 from /ping and does not create a database', async () => {
    const { server, storage } = await setup(v2, v2Options);
    await expect(storage.connect()).resolves.toEqual({ api: 'v2', version: 'v2.7.11' });
    expect(storage.api).toBe('v2');
    expect(storage.version).toBe('v2.7.11');
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /ping']);
    expect(server.requests[0].headers.authorization).toBe('Token secret-token');
  });

  it('POSTs line protocol to /api/v2/write?org=&bucket=&precision=ms with the token', async () => {
    const { server, storage } = await setup(v2, v2Options);
    await storage.connect();
    const second = readingToLine({
      ...sampleReading,
      station: 'pk-ww-02',
      values: { TSS: 12 },
      status: { TSS: '00' },
    });
    await storage.writeLines(`${READING_BODY}${second.line}`);

    expect(server.writes()).toHaveLength(1);
    const [write] = server.writes();
    expect(write.method).toBe('POST');
    expect(write.url).toBe('/api/v2/write?org=langxanh&bucket=env&precision=ms');
    expect(write.headers.authorization).toBe('Token secret-token');
    expect(write.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(write.body.split('\n')).toEqual([
      READING_LINE,
      'wastewater,cluster=phong-khe,station=pk-ww-02 TSS=12 1764403500000',
    ]);
  });

  it('leaves org out of the write URL when none is configured (InfluxDB 3)', async () => {
    const { server, storage } = await setup({ version: '3.0.1' }, { token: 't3' });
    await expect(storage.connect()).resolves.toEqual({ api: 'v2', version: '3.0.1' });
    await storage.writeLines(READING_BODY);
    expect(server.writes()[0].url).toBe('/api/v2/write?bucket=env&precision=ms');
    expect(server.writes()[0].headers.authorization).toBe('Token t3');
  });

  it('POSTs InfluxQL to /query with db, epoch=ms and the token', async () => {
    const { server, storage } = await setup(
      {
        ...v2,
        query: () => ({
          body: {
            results: [
              { statement_id: 0, series: [{ name: 'air', columns: ['time', 'v'], values: [[1, 2]] }] },
            ],
          },
        }),
      },
      v2Options,
    );
    await storage.connect();
    const series = await storage.query('SELECT "v" FROM "air"');
    expect(series).toEqual([{ name: 'air', tags: {}, rows: [{ time: 1, v: 2 }], statementId: 0 }]);
    const [query] = server.queries();
    expect(query.method).toBe('POST');
    expect(query.url).toBe('/query?db=env&epoch=ms');
    expect(query.headers.authorization).toBe('Token secret-token');
    expect(query.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(query.body).get('q')).toBe('SELECT "v" FROM "air"');
  });

  it('close() makes connect() refuse with CLOSED', async () => {
    const { storage } = await setup(v2, v2Options);
    await storage.connect();
    expect(storage.connected).toBe(true);
    await storage.close();
    await storage.close();
    expect(storage.connected).toBe(false);
    await expect(storage.connect()).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('InfluxStorage.writeLines (the spool path: one request, no buffer, no retry)', () => {
  it('POSTs the lines as given to the v2 endpoint with the token, and to the v1 endpoint with Basic credentials', async () => {
    const body = `${READING_LINE}\n${READING_LINE.replace('pk-ww-01', 'pk-ww-02')}\n`;
    const v2 = await setup({ version: 'v2.7.11' }, { org: 'langxanh', token: 'secret-token' });
    await v2.storage.connect();
    await v2.storage.writeLines(body);
    expect(v2.server.writes().map((w) => [w.url, w.headers.authorization, w.body])).toEqual([
      ['/api/v2/write?org=langxanh&bucket=env&precision=ms', 'Token secret-token', body],
    ]);
    const v1 = await setup({ version: '1.6.7~rc0' }, { username: 'ingester', password: 'pw' });
    await v1.storage.connect();
    await v1.storage.writeLines(body);
    expect(v1.server.writes().map((w) => [w.url, w.headers.authorization, w.body])).toEqual([
      ['/write?db=env&precision=ms', `Basic ${Buffer.from('ingester:pw').toString('base64')}`, body],
    ]);
  });

  it('rejects with a retriable error for 503 and a fatal one for 400, sending once each', async () => {
    const { server, storage } = await setup(
      { version: 'v2.7.11', writeStatuses: [503, 400] },
      { org: 'o', token: 't' },
    );
    await storage.connect();
    await expect(storage.writeLines(`${READING_LINE}\n`)).rejects.toMatchObject({
      code: 'HTTP',
      retriable: true,
      statusCode: 503,
    });
    await expect(storage.writeLines(`${READING_LINE}\n`)).rejects.toMatchObject({
      code: 'HTTP',
      retriable: false,
      statusCode: 400,
    });
    expect(server.writes()).toHaveLength(2);
  });

  it('needs connect() first', async () => {
    const storage = new InfluxStorage({ url: 'http://127.0.0.1:9', api: 'v1', database: 'env' });
    storages.push(storage);
    await expect(storage.writeLines('m v=1 1\n')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });
});

describe('InfluxStorage against a fake InfluxDB 1.x', () => {
  const v1 = { version: '1.6.7~rc0' };

  /** A connected storage whose fake answers every query with one series; `seen()` is the last statement. */
  async function oneSeriesV1(name: string, columns: string[], values: unknown[][]) {
    let last = '';
    const answer = { body: { results: [{ statement_id: 0, series: [{ name, columns, values }] }] } };
    const made = await setup(
      {
        ...v1,
        query: (q) => {
          last = q;
          return answer;
        },
      },
      {},
    );
    await made.storage.connect();
    return { ...made, seen: () => last };
  }

  it('detects v1, creates the database and writes to /write?db=&rp=&precision=ms without a token', async () => {
    const { server, storage } = await setup(v1, { retentionPolicy: 'autogen' });
    await expect(storage.connect()).resolves.toEqual({ api: 'v1', version: '1.6.7~rc0' });
    const [create] = server.queries();
    expect(create.url).toBe('/query?epoch=ms');
    expect(new URLSearchParams(create.body).get('q')).toBe('CREATE DATABASE "env"');

    await storage.writeLines(READING_BODY);
    const [write] = server.writes();
    expect(write.method).toBe('POST');
    expect(write.url).toBe('/write?db=env&rp=autogen&precision=ms');
    expect(write.headers.authorization).toBeUndefined();
    expect(write.body).toBe(`${READING_LINE}\n`);

    await storage.query('SHOW MEASUREMENTS');
    expect(server.queries()[1].url).toBe('/query?db=env&rp=autogen&epoch=ms');
  });

  it('uses Basic authentication for v1 credentials and skips CREATE DATABASE when asked', async () => {
    const { server, storage } = await setup(v1, {
      api: 'v1',
      username: 'ingester',
      password: 'pw',
      createDatabase: false,
    });
    await storage.connect();
    await storage.writeLines(READING_BODY);
    const basic = `Basic ${Buffer.from('ingester:pw').toString('base64')}`;
    expect(server.requests.map((r) => r.path)).toEqual(['/ping', '/write']);
    for (const request of server.requests) expect(request.headers.authorization).toBe(basic);
    expect(server.writes()[0].url).toBe('/write?db=env&precision=ms');
  });

  it('falls back on the token when /ping gives no version', async () => {
    const a = await setup({}, { token: 't' });
    await expect(a.storage.connect()).resolves.toEqual({ api: 'v2', version: undefined });
    const b = await setup({}, {});
    await expect(b.storage.connect()).resolves.toEqual({ api: 'v1', version: undefined });
    expect(b.logger.lines.some((l) => l.startsWith('warn:') && l.includes('assuming v1'))).toBe(true);
  });

  it('readingBuckets: validated InfluxQL, epoch-aligned buckets, gaps as null with count 0', async () => {
    const { server, storage, seen } = await oneSeriesV1('air', ['time', 'mean', 'min', 'max', 'count'], [
      [1699999980000, 10, 5, 15, 2],
      [1700000040000, null, null, null, 0],
    ]);
    const buckets = await storage.readingBuckets({
      kind: 'air',
      station: 'dk-air-01',
      parameter: 'PM2.5',
      from: 1700000000000,
      to: 1700000180000,
      everyS: 60,
    });
    expect(seen()).toBe(
      'SELECT mean("PM2.5") AS "mean", min("PM2.5") AS "min", max("PM2.5") AS "max", count("PM2.5") AS "count" ' +
        `FROM "air" WHERE "station" = 'dk-air-01' AND time >= 1700000000000ms AND time < 1700000180000ms ` +
        'GROUP BY time(60s) fill(null)',
    );
    expect(server.queries().at(-1)?.url).toBe('/query?db=env&epoch=ms');
    expect(buckets).toEqual([
      { time: '2023-11-14T22:13:00.000Z', mean: 10, min: 5, max: 15, count: 2 },
      { time: '2023-11-14T22:14:00.000Z', mean: null, min: null, max: null, count: 0 },
      { time: '2023-11-14T22:15:00.000Z', mean: null, min: null, max: null, count: 0 },
      { time: '2023-11-14T22:16:00.000Z', mean: null, min: null, max: null, count: 0 },
    ]);
  });

  it.each([
    [{ station: "x' OR '1'='1" }, /invalid station id/],
    [{ parameter: 'PM2.5") FROM "alert" --' }, /not in the air catalogue/],
    [{ parameter: 'COD' }, /not in the air catalogue/],
    [{ kind: 'air; DROP DATABASE env' }, /unknown station kind/],
    [{ from: 1.5 }, /non-negative integer/],
    [{ from: 10, to: 10 }, /must be before/],
    [{ everyS: 0 }, /positive integer/],
    [{ from: 0, to: 1e12, everyS: 1 }, /buckets requested/],
  ])('readingBuckets refuses %j before sending anything', async (patch, message) => {
    const { server, storage } = await setup(v1, {});
    await storage.connect();
    const before = server.requests.length;
    const query = {
      kind: 'air',
      station: 'dk-air-01',
      parameter: 'PM2.5',
      from: 0,
      to: 60_000,
      everyS: 60,
      ...patch,
    };
    await expect(
      storage.readingBuckets(query as Parameters<InfluxStorage['readingBuckets']>[0]),
    ).rejects.toThrow(InfluxInputError);
    await expect(
      storage.readingBuckets(query as Parameters<InfluxStorage['readingBuckets']>[0]),
    ).rejects.toThrow(message);
    expect(server.requests.length).toBe(before);
  });

  it('recentTimes: the newest times of one field of one station, newest first, validated and bounded', async () => {
    const { server, storage, seen } = await oneSeriesV1('air', ['time', 'PM2.5'], [
      [1700000600000, 12],
      [1700000300000, 11],
    ]);
    const query = { kind: 'air' as const, station: 'dk-air-01', parameter: 'PM2.5', since: 1699000000000, limit: 25 };
    await expect(storage.recentTimes(query)).resolves.toEqual([1700000600000, 1700000300000]);
    expect(seen()).toBe(
      `SELECT "PM2.5" FROM "air" WHERE "station" = 'dk-air-01' AND time >= 1699000000000ms ORDER BY time DESC LIMIT 25`,
    );
    const before = server.requests.length;
    await expect(storage.recentTimes({ ...query, limit: 1_001 })).rejects.toThrow(InfluxInputError);
    await expect(storage.recentTimes({ ...query, station: "x' OR '1'='1" })).rejects.toThrow(InfluxInputError);
    await expect(storage.recentTimes({ ...query, parameter: 'COD' })).rejects.toThrow(InfluxInputError);
    expect(server.requests.length).toBe(before);
  });

  it('latestByStation: one last() per catalogue parameter, newest time per station', async () => {
    let seen = '';
    const { storage } = await setup(
      {
        ...v1,
        query: (q) => {
          seen = q;
          return {
            body: {
              results: [
                {
                  statement_id: 0,
                  series: [
                    {
                      name: 'waste',
                      tags: { station: 'b1' },
                      columns: ['time', 'fill'],
                      values: [[2000, 81]],
                    },
                    {
                      name: 'waste',
                      tags: { station: 'b2' },
                      columns: ['time', 'fill'],
                      values: [[1000, 10]],
                    },
                  ],
                },
                { statement_id: 1 },
                {
                  statement_id: 2,
                  series: [
                    {
                      name: 'waste',
                      tags: { station: 'b1' },
                      columns: ['time', 'battery'],
                      values: [[3000, 97]],
                    },
                  ],
                },
                { statement_id: 3 },
              ],
            },
          };
        },
      },
      {},
    );
    await storage.connect();
    const latest = await storage.latestByStation('waste');
    expect(seen).toBe(
      ['fill', 'temp', 'battery', 'tilt']
        .map((p) => `SELECT last("${p}") AS "${p}" FROM "waste" GROUP BY "station"`)
        .join('; '),
    );
    expect(Object.fromEntries(latest)).toEqual({
      b1: { time: 3000, values: { fill: 81, battery: 97 } },
      b2: { time: 1000, values: { fill: 10 } },
    });
  });

  it('alertHistory: newest first from the json field', async () => {
    let seen = '';
    const { storage } = await setup(
      {
        ...v1,
        query: (q) => {
          seen = q;
          const rows = [
            [2, JSON.stringify({ ...sampleAlert, state: 'resolved' })],
            [1, JSON.stringify(sampleAlert)],
            [0, '{broken'],
          ];
          return {
            body: {
              results: [
                { statement_id: 0, series: [{ name: 'alert', columns: ['time', 'json'], values: rows }] },
              ],
            },
          };
        },
      },
      {},
    );
    await storage.connect();
    const alerts = await storage.alertHistory(3);
    expect(seen).toBe('SELECT "json" FROM "alert" ORDER BY time DESC LIMIT 3');
    expect(alerts.map((a) => a.state)).toEqual(['resolved', 'active']);
    await expect(storage.alertHistory(0)).rejects.toThrow(InfluxInputError);
    await expect(storage.alertHistory(1e9)).rejects.toThrow(InfluxInputError);
  });

  it('query errors become InfluxQueryError (in the result, or HTTP 400)', async () => {
    const { storage } = await setup(
      {
        ...v1,
        query: (q) =>
          q.startsWith('SELEC ')
            ? { status: 400, body: { error: 'error parsing query: found SELEC' } }
            : q === 'CREATE DATABASE "env"'
              ? { body: { results: [{ statement_id: 0 }] } }
              : { body: { results: [{ statement_id: 0, error: 'database not found: env' }] } },
      },
      {},
    );
    await storage.connect();
    await expect(storage.query('SELEC x')).rejects.toMatchObject({
      name: 'InfluxQueryError',
      code: 'QUERY',
      retriable: false,
      statusCode: 400,
      message: expect.stringContaining('error parsing query'),
    });
    await expect(storage.query('SELECT 1')).rejects.toThrow(InfluxQueryError);
    await expect(storage.query('SELECT 1')).rejects.toThrow(/database not found/);
  });
});

describe('InfluxStorage without a server', () => {
  it('connect() throws a retriable UNREACHABLE error; ping() is false; writes need connect()', async () => {
    const fake = await startFakeInflux({});
    const url = fake.url;
    await fake.close(); // nothing listens on this port any more
    const storage = new InfluxStorage({ url, api: 'auto', database: 'env' }, memoryLogger());
    storages.push(storage);
    await expect(storage.ping()).resolves.toBe(false);
    await expect(storage.connect()).rejects.toMatchObject({ code: 'UNREACHABLE', retriable: true });
    expect(storage.connected).toBe(false);
    await expect(storage.writeLines(READING_BODY)).rejects.toThrow(/connect\(\)/);
    await expect(storage.query('SELECT 1')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('rejects bad options at construction', () => {
    expect(() => new InfluxStorage({ url: 'nope', api: 'v1', database: 'x' })).toThrow(InfluxInputError);
    expect(() => new InfluxStorage({ url: 'ftp://x', api: 'v1', database: 'x' })).toThrow(InfluxInputError);
    expect(() => new InfluxStorage({ url: 'http://x', api: 'v1', database: '' })).toThrow(InfluxInputError);
    expect(() => new InfluxStorage({ url: 'http://x', api: 'v1', database: 'x', timeoutMs: 0 })).toThrow(
      InfluxInputError,
    );
  });

  it.each([
    ['1.6.7~rc0', 1],
    ['v2.7.11', 2],
    ['3.0.1', 3],
    ['OSS', undefined],
    [undefined, undefined],
  ])('major version of %s is %s', (version, major) => expect(influxMajorVersion(version)).toBe(major));
});

describe('routeInfluxClientLogs', () => {
  afterAll(() => setLogger({ error: () => undefined, warn: () => undefined }));

  it('sends the client’s own messages to the given logger (warnings dropped when quiet)', async () => {
    const { Log } = await import('@influxdata/influxdb-client');
    const logger = memoryLogger();
    routeInfluxClientLogs(logger);
    Log.warn('Write to InfluxDB failed (attempt: 1).', new Error('ECONNREFUSED'));
    routeInfluxClientLogs(logger, { quiet: true });
    Log.warn('dropped');
    Log.error('Retry buffer closed with 3 items', null);
    expect(logger.lines).toEqual([
      'warn: influxdb-client: Write to InfluxDB failed (attempt: 1).: ECONNREFUSED',
      'error: influxdb-client: Retry buffer closed with 3 items',
    ]);
  });
});

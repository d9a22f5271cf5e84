import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic, type AlertDto, type HealthDto, type SessionDto } from '@langxanh/contracts';
import { eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { AppModule } from '../src/app/app.module';
import { inProcessEnv } from './support/in-process-env';

/**
 * Issue 19: the averaging windows' warm-up never blocks readiness. A real Mosquitto and InfluxDB 1.6.7; between the
 * ingester and influxd a plain HTTP relay (this file) that holds back the warm-up's requests — the InfluxQL reads
 * with `GROUP BY time(…)`, which nothing else sends at start-up — until the test lets them through, so the warm-up
 * is "still running" for as long as the test needs, deterministically. Everything else (writes, the alert restore,
 * pings) passes at once, and every answer is influxd's own.
 *
 * Shown: (1) while the warm-up is held, readiness answers 200, health says `averages.state: warming`, and a
 * published reading is written to InfluxDB; (2) once it is let through, the 1-h SO2 mean (QCVN 05:2023 Bảng 1:
 * 350 µg/m³, 75 % of the hour needed: docs/alert-rules.md) is computed from the stored minutes AND the live ones, each
 * minute once — the live minutes are in InfluxDB too by the time the held read runs, so a broken `liveSince` cut would
 * count them twice and the mean would differ; (3) health says `ready` afterwards.
 * On main's code (warm-up inside start-up) the ingester does not listen before the held read ends: (1) times out.
 */
describe('warm-up of the averaging windows in the background (real mosquitto + influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let relay: Server;
  let app: INestApplication | undefined;
  let starting: Promise<void>;
  let baseUrl: string | undefined;
  let publisher: MqttClient;
  /** Warm-up reads held back; `waiting` until the ingester's request ends (answered, or given up by its timeout). */
  const held: { forward: () => void; waiting: boolean }[] = [];
  const stillHeld = () => held.filter((h) => h.waiting).length;
  let holding = true;
  let heldCount = 0;
  let firstHeldAt = 0;
  const DB = 'langxanh_warmup_test';
  const station = 'db-air-01';
  const topic = readingTopic('dai-bai', 'air', station);
  // One minute boundary for the whole test: stored minutes -50 … -7, live -6 … -1 (all before the restart time).
  const minute = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  /** A different SO2 value per minute (µg/m³), so that a minute counted twice or missed changes the mean. */
  const so2 = (m: number) => 330 + ((m * 37) % 90);
  const stored = Array.from({ length: 44 }, (_, i) => 50 - i); // minutes before `minute`
  const liveWhileHeld = [6, 5, 4];
  const liveAfter = [3, 2, 1];

  /** Forwards every request to influxd; holds the warm-up reads (`GROUP BY time(`) while `holding`. */
  const startRelay = async (): Promise<string> => {
    relay = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const target = new URL(req.url ?? '/', influx.url);
        const forward = () => {
          const out = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          });
          out.on('error', () => res.destroy());
          out.end(body);
        };
        const text = decodeURIComponent(`${req.url} ${body.toString('utf8')}`.replace(/\+/g, ' '));
        if (holding && target.pathname === '/query' && /GROUP BY time\(/i.test(text)) {
          heldCount += 1;
          firstHeldAt ||= Date.now();
          const entry = { forward, waiting: true };
          res.on('close', () => (entry.waiting = false));
          held.push(entry);
        } else forward();
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  };
  const release = () => {
    holding = false;
    for (const { forward } of held.splice(0)) forward();
  };
  const influxQuery = async (q: string): Promise<unknown[][]> => {
    const url = `${influx.url}/query?db=${DB}&epoch=ms&q=${encodeURIComponent(q)}`;
    const body = (await (await fetch(url)).json()) as { results: { series?: { values: unknown[][] }[] }[] };
    return body.results[0].series?.[0].values ?? [];
  };
  let token = '';
  const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, body: (await response.json()) as T };
  };
  const publish = (m: number) =>
    publisher.publishAsync(topic, JSON.stringify({ ts: minute - m * 60_000, values: { SO2: so2(m) } }), { qos: 1 });

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    // The stored history: written straight to influxd as the ingester writes readings (measurement per kind).
    await fetch(`${influx.url}/query?q=${encodeURIComponent(`CREATE DATABASE ${DB}`)}`, { method: 'POST' });
    const lines = stored.map((m) => `air,cluster=dai-bai,station=${station} SO2=${so2(m)} ${minute - m * 60_000}`).join('\n');
    const written = await fetch(`${influx.url}/write?db=${DB}&precision=ms`, { method: 'POST', body: lines });
    expect(written.status).toBe(204);
    const relayUrl = await startRelay();
    Object.assign(
      process.env,
      inProcessEnv('warmup', broker, { ...influx, url: relayUrl }, { INFLUX_DATABASE: DB, LIVE_THROTTLE_MS: '0', INFLUX_RETRY_MIN_MS: '200', INFLUX_RETRY_MAX_MS: '1000' }),
    );
    publisher = await mqtt.connectAsync(broker.url, { clientId: `warmup-publisher-${process.pid}` });
    // Started, not awaited: on main's code start-up itself waits for the held warm-up.
    starting = (async () => {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
      app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
      await app.listen(0, '127.0.0.1');
      baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    })();
  }, 60_000);

  afterAll(async () => {
    release();
    await starting?.catch(() => undefined);
    await publisher?.endAsync();
    await app?.close();
    await new Promise((resolve) => relay?.close(resolve));
    await stopAll();
  });

  it('is ready, accepts and stores readings while warming; fires the 1-h mean from stored + live minutes once warm; then says ready', async () => {
    // (1) Ready while a warm-up read is held and its request still waits for the answer.
    await eventually(
      async () => {
        expect(baseUrl).toBeDefined();
        expect((await getJson('/api/health/ready')).status).toBe(200);
      },
      { timeoutMs: 30_000 },
    );
    // Ready before the held read could have ended by the InfluxDB client's 10 s request timeout: on main's code the
    // ingester listens only after the warm-up ended (here: after the held read gave up).
    expect(firstHeldAt).toBeGreaterThan(0);
    expect(Date.now() - firstHeldAt).toBeLessThan(9_000);
    expect(stillHeld()).toBeGreaterThan(0);
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'warmup-admin-password' }),
    });
    token = ((await login.json()) as SessionDto).token;
    const warming = (await getJson<HealthDto>('/api/health/ready')).body;
    expect(warming.averages).toMatchObject({ state: 'warming', stations: { warmed: 0 } });
    expect(warming.averages!.stations.total).toBeGreaterThan(0);
    expect(heldCount).toBeGreaterThan(0);
    for (const m of liveWhileHeld) await publish(m);
    await eventually(async () => expect(await influxQuery(`SELECT count("SO2") FROM "air" WHERE "station"='${station}'`)).toEqual([[0, 47]]), {
      timeoutMs: 20_000,
    });
    // Three live minutes are far below 75 % of the hour: no alert yet, and the warm-up is still held.
    expect((await getJson<AlertDto[]>(`/api/alerts?station=${station}`)).body).toEqual([]);
    expect((await getJson<HealthDto>('/api/health')).body.averages?.state).toBe('warming');

    // (2) Let the warm-up read through: it now sees the live minutes -6 … -4 in InfluxDB too.
    release();
    const ready = await eventually(
      async () => {
        const body = (await getJson<HealthDto>('/api/health')).body;
        expect(body.averages?.state).toBe('ready');
        return body.averages!;
      },
      { timeoutMs: 30_000 },
    );
    // (3) Ready: every station with averaged rules warmed, none failed.
    expect(ready.stations.warmed).toBe(ready.stations.total);
    expect(ready.failed).toBe(0);
    expect(Date.parse(ready.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(ready.since));
    for (const m of liveAfter) await publish(m);
    const alert = await eventually(
      async () => {
        const open = (await getJson<AlertDto[]>(`/api/alerts?station=${station}`)).body.filter((a) => a.parameter === 'SO2' && a.averagingPeriod === '1h');
        expect(open).toHaveLength(1);
        return open[0];
      },
      { timeoutMs: 20_000 },
    );
    // The first reading whose hour holds ≥ 75 % of its minutes (45 of 60) and a mean above 350 raises it: recomputed
    // here over the seeded and live values, each minute once (the hour ending at the reading's minute).
    const values = new Map<number, number>();
    for (const m of [...stored, ...liveWhileHeld, ...liveAfter]) values.set(m, so2(m));
    let expected: { at: number; mean: number } | undefined;
    for (const m of [...liveWhileHeld, ...liveAfter]) {
      const inHour = [...values].filter(([k]) => k >= m && k < m + 60).map(([, v]) => v);
      const mean = inHour.reduce((a, b) => a + b, 0) / inHour.length;
      if (inHour.length >= 45 && mean > 350 && liveAfter.includes(m)) {
        expected = { at: minute - m * 60_000, mean };
        break;
      }
    }
    expect(expected).toBeDefined();
    expect(alert.max).toBe(350);
    expect(alert.raisedAt).toBe(new Date(expected!.at).toISOString());
    expect(alert.triggerValue).toBeCloseTo(expected!.mean, 6);
  });
});

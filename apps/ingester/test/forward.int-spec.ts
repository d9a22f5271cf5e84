import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic } from '@langxanh/contracts';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  startPureFtpd,
  stopAll,
  type RunningFtpServer,
  type RunningService,
} from '@langxanh/local-services';
import { formatTt10FileName, parseTt10 } from '@langxanh/tt10';
import { AppModule } from '../src/app/app.module';
import { inProcessEnv } from './support/in-process-env';

/**
 * Forwarding (issue 13 item 3) with a REAL receiver: Debian's pure-ftpd (libs/local-services startPureFtpd), the
 * ingester in-process with real mosquitto and influxd. Readings arrive by MQTT and by the history import route;
 * the receiver is down for a while; afterwards it holds every file, in order, none twice.
 */
describe('forwarding TT 10 files to a central FTP receiver (real pure-ftpd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let receiver: RunningFtpServer;
  let app: INestApplication;
  let publisher: MqttClient;
  let baseUrl = '';
  let forwardDir = '';
  const received = () =>
    existsSync(receiver.homeOf('central'))
      ? readdirSync(receiver.homeOf('central')).filter((n) => n.endsWith('.txt')).sort()
      : [];
  /** The uploads in the order the receiver logged them (`PUT` lines of its transfer log, Common Log Format). */
  const uploads = () =>
    readFileSync(join(receiver.dataDir, 'transfers.log'), 'utf8')
      .split('\n')
      .map((line) => /"PUT ([^"]+)"/.exec(line)?.[1])
      .filter((path): path is string => path !== undefined)
      .map((path) => path.split('/').pop() as string);
  const queued = () => readdirSync(join(forwardDir, 'queue'));
  /** Pids whose parent is `pid` (pure-ftpd forks one process per session, which outlives the listener). */
  const childrenOf = (pid: number | undefined): number[] =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((entry) => {
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
        } catch {
          return false; // the process ended meanwhile
        }
      })
      .map(Number);

  beforeAll(async () => {
    [broker, influx, receiver] = await Promise.all([
      startMosquitto({ port: 0 }),
      startInfluxd({ httpPort: 0 }),
      startPureFtpd({
        accounts: [{ user: 'central', password: 'central-password' }],
        dataDir: mkdtempSync(join(tmpdir(), 'langxanh-receiver-')),
      }),
    ]);
    forwardDir = mkdtempSync(join(tmpdir(), 'langxanh-forward-'));
    Object.assign(
      process.env,
      inProcessEnv('forward', broker, influx, {
        FORWARD_FTP_URL: `ftp://central:central-password@127.0.0.1:${receiver.port}/`,
        FORWARD_STATIONS: 'pk-air-01,db-ww-01',
        FORWARD_DIR: forwardDir,
        FORWARD_RETRY_MIN_MS: '100',
        FORWARD_RETRY_MAX_MS: '400',
      }),
    );
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    publisher = await mqtt.connectAsync(broker.url, { clientId: `forward-publisher-${process.pid}` });
  }, 60_000);

  afterAll(async () => {
    await publisher?.endAsync();
    await app?.close();
    await stopAll();
    await receiver?.stop();
  });

  it('holds every file in order, none twice, after the receiver was down', async () => {
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
    const air = (i: number) => ({ time: t0 + i * 60_000, pm25: 20 + i });
    const publish = (i: number) =>
      publisher.publishAsync(
        readingTopic('phong-khe', 'air', 'pk-air-01'),
        JSON.stringify({ ts: air(i).time, values: { 'PM2.5': air(i).pm25, PM10: 40 }, status: '00' }),
        { qos: 1 },
      );
    const airName = (i: number) =>
      formatTt10FileName({ province: 'BN', facility: 'phong-khe', station: 'pk-air-01' }, air(i).time);
    const expected: string[] = [];

    // Receiver up: three MQTT readings arrive.
    for (const i of [0, 1, 2]) {
      await publish(i);
      expected.push(airName(i));
    }
    await eventually(() => expect(received()).toEqual([...expected].sort()), { timeoutMs: 20_000 });

    // Receiver down: MQTT readings and an imported reading of a TT 10 station queue up on disk.
    const sessions = childrenOf(receiver.pid);
    await receiver.stop();
    for (const pid of sessions) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone with its listener
      }
    }
    for (const i of [3, 4, 5]) {
      await publish(i);
      expected.push(airName(i));
    }
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'forward-admin-password' }),
    });
    const { token } = (await login.json()) as { token: string };
    const imported = await fetch(`${baseUrl}/api/stations/db-ww-01/readings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ readings: [{ ts: t0 + 6 * 60_000, values: { COD: 45.2, pH: 7.1 }, status: { COD: '00', pH: '01' } }] }),
    });
    expect(imported.status).toBe(200);
    expected.push(formatTt10FileName({ province: 'BN', facility: 'DAIBAI', station: 'NT01' }, t0 + 6 * 60_000));
    await publish(7);
    expected.push(airName(7));
    await eventually(() => expect(queued()).toHaveLength(5));
    // Still queued after several failed attempts (back-off 100 → 400 ms): delayed, not dropped.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(queued().map((entry) => entry.replace(/^\d{12}_/, ''))).toEqual(expected.slice(3));

    // Receiver back (a new pure-ftpd on the same port and folders): the backlog follows in order.
    receiver = await startPureFtpd({
      accounts: [{ user: 'central', password: 'central-password' }],
      dataDir: receiver.dataDir,
      port: receiver.port,
    });
    await eventually(() => expect(received()).toEqual([...expected].sort()), { timeoutMs: 30_000 });
    expect(queued()).toEqual([]);

    // In order and none twice: the receiver's transfer log (both runs) lists each upload once, in reading order.
    await eventually(() => expect(uploads()).toEqual(expected.map((name) => `.${name}.part`)));
    const cod = parseTt10(readFileSync(join(receiver.homeOf('central'), expected[6])));
    expect(cod.map((l) => [l.symbol, l.value, l.unit, l.status])).toEqual([
      ['COD', 45.2, 'mg/L', '00'],
      ['pH', 7.1, '', '01'],
    ]);
    const pm = parseTt10(readFileSync(join(receiver.homeOf('central'), expected[0])));
    expect(pm.map((l) => [l.symbol, l.value, l.time])).toEqual([
      ['PM2,5', 20, t0],
      ['PM10', 40, t0],
    ]);
  });
});

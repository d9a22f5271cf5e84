import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import getPort from 'get-port';
import mqtt from 'mqtt';
import { readingTopic, statusTopic } from '@langxanh/contracts';
import {
  canConnect,
  eventually,
  requireBinaries,
  withDeathSignal,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';
import { AppModule } from '../src/app/app.module';
import { MqttAdapter } from '../src/mqtt/mqtt.adapter';

const MOSQUITTO_DIR = join(__dirname, '../../../deploy/mosquitto');
const ACL_FILE = join(MOSQUITTO_DIR, 'acl');
const PROD_CONF = join(MOSQUITTO_DIR, 'mosquitto.prod.conf');

/** `credentials.sh` as an operator runs it; returns `{username, password}` from its output. */
function credentials(passwordFile: string, ...args: string[]): { username: string; password: string } {
  const out = execFileSync('bash', [join(MOSQUITTO_DIR, 'credentials.sh'), ...args], {
    env: { ...process.env, PASSWORD_FILE: passwordFile },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const field = (name: string) =>
    /^(\w+)=(.*)$/m.exec(out.split('\n').find((l) => l.startsWith(`${name}=`)) ?? '')?.[2] ?? '';
  return { username: field('username'), password: field('password') };
}

/**
 * The shipped broker security against a real Mosquitto and a real InfluxDB, with the ingester in-process: the
 * ACL file of deploy/mosquitto, a password file made by its credentials.sh, and the authentication lines of
 * mosquitto.prod.conf. A station's credentials cannot publish as another station, and nothing it tries reaches
 * InfluxDB.
 */
describe('broker access control (shipped ACL, real mosquitto + influxd)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'langxanh-acl-'));
  const passwordFile = join(dir, 'passwd');
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let station: { username: string; password: string };
  const influxValues = async (query: string): Promise<unknown[][]> => {
    const url = `${influx.url}/query?db=langxanh_acl&epoch=ms&q=${encodeURIComponent(query)}`;
    const body = (await (await fetch(url)).json()) as { results: { series?: { values: unknown[][] }[] }[] };
    return body.results[0].series?.[0].values ?? [];
  };

  beforeAll(async () => {
    station = credentials(passwordFile, 'station', 'pk-air-01');
    const ingester = credentials(passwordFile, 'ingester');
    expect(station.username).toBe('phong-khe/air/pk-air-01');
    // The production file's authentication and hardening lines, with the test's own password file.
    const prodLines = readFileSync(PROD_CONF, 'utf8')
      .split('\n')
      .filter((l) => /^(allow_anonymous|use_username_as_clientid|max_packet_size) /.test(l));
    expect(prodLines).toContain('allow_anonymous false');
    // Also the production queue bound: with `max_queued_messages 0` (the test brokers' "no maximum"), Mosquitto
    // 2.0.11 drops an MQTT 5 client's connection after refusing one of its QoS 1 publishes.
    const maxQueued = Number(/^max_queued_messages (\d+)$/m.exec(readFileSync(PROD_CONF, 'utf8'))?.[1]);
    expect(maxQueued).toBeGreaterThanOrEqual(100_000);
    expect(readFileSync(PROD_CONF, 'utf8')).toMatch(/^acl_file .*\/acl$/m);
    [broker, influx] = await Promise.all([
      startMosquitto({
        port: 0,
        maxQueuedMessages: maxQueued,
        extraConfig: [...prodLines, `password_file ${passwordFile}`, `acl_file ${ACL_FILE}`],
      }),
      startInfluxd({ httpPort: 0 }),
    ]);
    Object.assign(process.env, {
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `ingester-acl-${process.pid}`,
      MQTT_USERNAME: ingester.username,
      MQTT_PASSWORD: ingester.password,
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: 'langxanh_acl',
      INFLUX_FLUSH_INTERVAL_MS: '200',
      REGISTRY_FILE: join(__dirname, '../../../deploy/registry/bac-ninh.json'),
      LOG_LEVEL: 'warn',
      SPOOL_DIR: join(dir, 'spool'),
      AUTH_DATA_DIR: join(dir, 'auth'),
      AUTH_JWT_SECRET: 'acl-test-secret-acl-test-secret-acl-test',
      AUTH_BCRYPT_COST: '4',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await eventually(async () => expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200), {
      timeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    await app?.close();
    await stopAll();
    for (const key of ['MQTT_USERNAME', 'MQTT_PASSWORD']) delete process.env[key];
  });

  it("lets the ingester read the broker's version and drop counter ($SYS/broker/#, issue 15 item 19)", async () => {
    const mqttAdapter = app.get(MqttAdapter);
    await eventually(() => expect(mqttAdapter.broker().dropped?.broker).toBe(0), { timeoutMs: 15_000 });
    expect(mqttAdapter.broker().version).toMatch(/^mosquitto version 2\./);
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(
      mqtt.connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 5_000 }),
    ).rejects.toThrow(/Not authorized/);
    await expect(
      mqtt.connectAsync(broker.url, { username: station.username, password: 'wrong', reconnectPeriod: 0 }),
    ).rejects.toThrow(/Not authorized/);
  });

  it("refuses a station's publish to another station's topic, and that reading never reaches InfluxDB", async () => {
    const t = Date.now() - 10_000;
    const foreign = readingTopic('da-hoi', 'air', 'dh-air-01');
    const own = readingTopic('phong-khe', 'air', 'pk-air-01');
    const spoofed = JSON.stringify({ ts: t, values: { 'PM2.5': 999 } });
    // One connection at a time: the broker uses the username as client id, so a second one would take over.
    // MQTT 5: the broker answers "not authorized".
    const v5 = await mqtt.connectAsync(broker.url, { ...station, protocolVersion: 5, reconnectPeriod: 0 });
    await expect(v5.publishAsync(foreign, spoofed, { qos: 1 })).rejects.toThrow(/Not authorized/);
    await expect(
      v5.publishAsync(statusTopic('da-hoi', 'air', 'dh-air-01'), 'offline', { qos: 1, retain: true }),
    ).rejects.toThrow(/Not authorized/);
    await v5.publishAsync(own, JSON.stringify({ ts: t + 1000, values: { 'PM2.5': 31 } }), { qos: 1 });
    await v5.endAsync();
    // MQTT 3.1.1: the broker acknowledges and drops the message. Nor may a station read: Mosquitto grants the
    // subscription but delivers nothing the ACL does not let it read, not even its own reading.
    const v311 = await mqtt.connectAsync(broker.url, { ...station, protocolVersion: 4, reconnectPeriod: 0 });
    await v311.publishAsync(foreign, spoofed, { qos: 1 });
    const delivered: string[] = [];
    v311.on('message', (topic) => delivered.push(topic));
    await v311.subscribeAsync('#', { qos: 1 });
    await v311.publishAsync(own, JSON.stringify({ ts: t + 2000, values: { 'PM2.5': 32 } }), { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await v311.endAsync();

    // Its own readings are stored; once the later one is, the refused ones would have been too.
    await eventually(async () =>
      expect(await influxValues(`SELECT "PM2.5" FROM "air" WHERE "station"='pk-air-01'`)).toEqual([
        [t + 1000, 31],
        [t + 2000, 32],
      ]),
    );
    expect(await influxValues(`SELECT * FROM "air" WHERE "station"='dh-air-01'`)).toEqual([]);
    expect(delivered).toEqual([]);
    expect(await influxValues(`SELECT count("PM2.5") FROM "air" WHERE "cluster"='da-hoi'`)).toEqual([]);
  });

  it('gives the username as client id: a stolen credential cannot take over another station by its client id', async () => {
    const a = await mqtt.connectAsync(broker.url, { ...station, clientId: 'dh-air-01', reconnectPeriod: 0 });
    // The broker replaced the client id; the ingester (its own username) is still connected.
    expect(a.connected).toBe(true);
    const health = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/health`);
    expect(health.status).toBe(200);
    await a.endAsync();
  });

  it('refuses a revoked station after the broker reloads its password file', async () => {
    credentials(passwordFile, 'revoke', 'pk-air-01');
    broker.kill('SIGHUP');
    await eventually(() =>
      expect(mqtt.connectAsync(broker.url, { ...station, reconnectPeriod: 0 })).rejects.toThrow(
        /Not authorized/,
      ),
    );
  });
});

/**
 * The whole shipped `mosquitto.prod.conf`, only its paths and ports moved to a temporary folder and free loopback
 * ports: it starts, refuses anonymous clients on both listeners, and serves stations over TLS with the certificate
 * of make-dev-cert.sh, with the shipped ACL.
 */
describe('production broker configuration (TLS, real mosquitto)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'langxanh-prod-broker-'));
  const passwordFile = join(dir, 'passwd');
  let child: ChildProcess | undefined;
  let tlsPort = 0;
  let localPort = 0;
  let ca: Buffer;
  let station: { username: string; password: string };

  beforeAll(async () => {
    execFileSync('bash', [join(MOSQUITTO_DIR, 'make-dev-cert.sh'), join(dir, 'tls')], { stdio: 'ignore' });
    ca = readFileSync(join(dir, 'tls', 'ca.crt'));
    [tlsPort, localPort] = [await getPort({ host: '127.0.0.1' }), await getPort({ host: '127.0.0.1' })];
    const config = readFileSync(PROD_CONF, 'utf8')
      .replaceAll('/etc/mosquitto/langxanh/tls/', `${dir}/tls/`)
      .replace('/etc/mosquitto/langxanh/passwd', passwordFile)
      .replace('/etc/mosquitto/langxanh/acl', ACL_FILE)
      .replace('/var/lib/mosquitto/', `${dir}/`)
      .replace('/run/mosquitto/mosquitto.pid', join(dir, 'mosquitto.pid'))
      .replace(/^listener 8883$/m, `listener ${tlsPort} 127.0.0.1`)
      .replace(/^listener 1883 127\.0\.0\.1$/m, `listener ${localPort} 127.0.0.1`)
      .replace(/^log_dest syslog$/m, 'log_dest stderr');
    const settings = config.split('\n').filter((l) => !l.startsWith('#'));
    expect(settings.filter((l) => /\/etc\/|\/var\/|\/run\/|listener (8883|1883)\b/.test(l))).toEqual([]);
    const configFile = join(dir, 'mosquitto.conf');
    writeFileSync(configFile, `${config}\n${process.getuid?.() === 0 ? 'user root\n' : ''}`);
    station = credentials(passwordFile, 'station', 'dh-air-01');
    const [binary] = requireBinaries(['mosquitto']);
    const [command, args] = withDeathSignal(binary, ['-c', configFile]);
    child = spawn(command, args, { stdio: 'ignore' });
    await eventually(async () => expect(await canConnect(tlsPort)).toBe(true), { timeoutMs: 10_000 });
  });

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('refuses anonymous clients on both listeners', async () => {
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${localPort}`, { reconnectPeriod: 0, connectTimeout: 5_000 }),
    ).rejects.toThrow(/Not authorized/);
    await expect(
      mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, { ca, reconnectPeriod: 0, connectTimeout: 5_000 }),
    ).rejects.toThrow(/Not authorized/);
  });

  it('takes a station over TLS, verified against the development CA, on its own topics only', async () => {
    const client = await mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, {
      ...station,
      ca,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    try {
      await client.publishAsync(readingTopic('da-hoi', 'air', 'dh-air-01'), '{}', { qos: 1 });
      await expect(
        client.publishAsync(readingTopic('phong-khe', 'air', 'pk-air-01'), '{}', { qos: 1 }),
      ).rejects.toThrow(/Not authorized/);
    } finally {
      await client.endAsync();
    }
    // Without the CA the server certificate is not trusted.
    await expect(
      mqtt.connectAsync(`mqtts://localhost:${tlsPort}`, {
        ...station,
        reconnectPeriod: 0,
        connectTimeout: 5_000,
      }),
    ).rejects.toThrow(/self.signed|certificate/i);
  });
});

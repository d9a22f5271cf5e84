import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic, type DeliveryRecord, type SessionDto } from '@langxanh/contracts';
import { eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { AppModule } from '../src/app/app.module';

/**
 * Issue 15 item 11: credentials inside the configured URLs (MQTT_URL, INFLUX_URL, ALERT_WEBHOOK_URL) never appear
 * in `/api/health` or in the delivery records of `/api/notifications`, against a real Mosquitto and InfluxDB with
 * the ingester in-process and a webhook receiver that refuses every delivery.
 */
describe('credentials in configured URLs are redacted (real mosquitto + influxd)', () => {
  const SECRETS = ['mqtt-s3cret', 'influx-s3cret', 'hook-s3cret', 'tok-s3cret'];
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let hook: Server;
  let publisher: MqttClient;
  let baseUrl: string;
  let dir: string;
  const hookHeaders: IncomingHttpHeaders[] = [];
  const withCredentials = (url: string, userinfo: string) => url.replace('://', `://${userinfo}@`);

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    hook = createServer((request, response) => {
      hookHeaders.push(request.headers);
      request.resume();
      request.on('end', () => response.writeHead(503).end());
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookPort = (hook.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'langxanh-redact-'));
    Object.assign(process.env, {
      // the dev broker allows anonymous clients and ignores the credentials; InfluxDB 1.x without auth too
      MQTT_URL: withCredentials(broker.url, 'ingester:mqtt-s3cret'),
      MQTT_CLIENT_ID: `ingester-redact-${process.pid}`,
      INFLUX_URL: withCredentials(influx.url, 'writer:influx-s3cret'),
      INFLUX_DATABASE: 'langxanh_redact',
      ALERT_WEBHOOK_URL: `http://bridge:hook-s3cret@127.0.0.1:${hookPort}/hook?token=tok-s3cret&chat=7`,
      ALERT_MQTT_ENABLED: 'false',
      NOTIFY_MAX_ATTEMPTS: '1',
      SPOOL_DIR: join(dir, 'spool'),
      REGISTRY_FILE: join(__dirname, '../../../deploy/registry/bac-ninh.json'),
      LOG_LEVEL: 'error',
      AUTH_DATA_DIR: join(dir, 'auth'),
      AUTH_JWT_SECRET: 'redact-test-secret-redact-test-secret-01',
      AUTH_BCRYPT_COST: '4',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'redact-admin-password',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await eventually(async () => expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200), {
      timeoutMs: 20_000,
    });
    publisher = await mqtt.connectAsync(broker.url, { clientId: `publisher-redact-${process.pid}` });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await app?.close();
    await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
    await stopAll();
    for (const key of ['ALERT_WEBHOOK_URL', 'NOTIFY_MAX_ATTEMPTS', 'ALERT_MQTT_ENABLED']) delete process.env[key];
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const login = async (): Promise<string> => {
    const response = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'redact-admin-password' }),
    });
    return ((await response.json()) as SessionDto).token;
  };

  it('shows the broker and database without their credentials in /api/health, and still connects', async () => {
    const token = await login();
    const text = await (await fetch(`${baseUrl}/api/health`, { headers: { authorization: `Bearer ${token}` } })).text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).toContain('mqtt://***@127.0.0.1');
    expect(JSON.parse(text)).toMatchObject({ broker: { connected: true } });
  });

  it('sends the webhook credentials as Basic authorization and records a failed delivery without them', async () => {
    // QCVN 40:2011 B COD 150 × Kq 0.9 × Kf 1.0 = 135 mg/L for pk-ww-01 (registry): two readings of 200 in a row
    // (the rule's `consecutive: 2`) raise a critical alert.
    const topic = readingTopic('phong-khe', 'wastewater', 'pk-ww-01');
    for (const ago of [6_000, 5_000]) {
      await publisher.publishAsync(topic, JSON.stringify({ ts: Date.now() - ago, values: { COD: 200 } }), { qos: 1 });
    }
    const token = await login();
    const failed = await eventually(
      async () => {
        const records = (await (
          await fetch(`${baseUrl}/api/notifications`, { headers: { authorization: `Bearer ${token}` } })
        ).json()) as DeliveryRecord[];
        const record = records.find((r) => r.channel === 'webhook' && r.outcome === 'failed');
        expect(record).toBeDefined();
        return record as DeliveryRecord;
      },
      { timeoutMs: 15_000 },
    );
    const text = JSON.stringify(failed);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(failed.error).toMatch(/webhook http:\/\/\*\*\*@127\.0\.0\.1:\d+\/hook\?token=\*\*\*&chat=7 answered HTTP 503/);
    expect(hookHeaders[0]?.authorization).toBe(`Basic ${Buffer.from('bridge:hook-s3cret').toString('base64')}`);
  });
});

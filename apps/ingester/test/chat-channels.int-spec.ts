import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import mqtt, { type MqttClient } from 'mqtt';
import {
  readingTopic,
  type AlertDto,
  type DeliveryRecord,
  type Registry,
  type SessionDto,
  type SilenceDto,
} from '@langxanh/contracts';
import { AppModule } from '../src/app/app.module';
import { inProcessEnv } from './support/in-process-env';
import { eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';

/** One request the fake provider got, and whether it answered success. */
interface Received {
  readonly provider: 'telegram' | 'zalo';
  readonly path: string;
  readonly accessToken?: string;
  readonly body: Record<string, unknown>;
  readonly accepted: boolean;
  /** Telegram `chat_id` or Zalo `recipient.user_id`. */
  readonly to: string;
  readonly text: string;
  /** Epoch ms of arrival. */
  readonly at: number;
}

const TELEGRAM_TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijk';
const ZALO_TOKEN = 'zalo-oa-access-token-for-tests-only';

/**
 * Telegram and Zalo notifications end to end: in-process ingester with a real Mosquitto and InfluxDB 1.6.7, and one
 * local HTTP server on 127.0.0.1 speaking both providers' documented formats (Telegram Bot API `sendMessage`, its
 * `{ok:false, error_code, description, parameters.retry_after}` 429; Zalo OA API v3 `message/cs` with its
 * `{error: -216, message}` failure inside HTTP 200). Each provider fails the first request to one destination, so
 * every delivery below went through a retry. Exactly once per transition and destination, escalation to the
 * department, none under a maintenance window, none again after a restart.
 */
describe('Telegram and Zalo channels (real mosquitto + influxd, local provider server)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let publisher: MqttClient;
  let provider: HttpServer;
  let dir: string;
  let managerToken = '';
  const received: Received[] = [];
  const failedOnce = new Set<string>();

  const registry = (): Registry => {
    const full = JSON.parse(readFileSync(join(__dirname, '../../../deploy/registry/bac-ninh.json'), 'utf8')) as Registry;
    const cluster = full.clusters[0];
    const pick = (id: string) => {
      const station = cluster.stations.find((s) => s.id === id);
      if (!station) throw new Error(id);
      return station;
    };
    return {
      province: full.province,
      department: {
        name: 'Sở NN&MT Bắc Ninh',
        phone: '+84 222 000 0000',
        email: 'so@example.vn',
        telegramChatId: '@so_nnmt_bacninh',
        zaloUserId: '99887766554433',
      },
      clusters: [
        {
          ...cluster,
          manager: { ...cluster.manager, telegramChatId: '111111111', zaloUserId: '2468013579' },
          contacts: [
            { name: 'Vận hành', phone: '+84 222 000 0001', email: 'vanhanh@example.vn', telegramChatId: '-1002233445566' },
            { name: 'Kế toán', phone: '+84 222 000 0002', email: 'ketoan@example.vn' },
          ],
          stations: [pick('pk-ww-01'), pick('pk-bin-01')],
        },
      ],
    };
  };

  const readBody = (request: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => resolve(body));
    });

  const startApp = async (): Promise<void> => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  const api = async <T>(method: string, path: string, body?: object, token = managerToken): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const publish = (topic: string, payload: object) => publisher.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
  const alertsOf = async (query: string) => (await api<AlertDto[]>('GET', `/api/alerts?${query}`)).body;
  const records = async (alertId: string) =>
    (await api<DeliveryRecord[]>('GET', `/api/notifications?alert=${encodeURIComponent(alertId)}`)).body;
  /** Accepted messages whose text carries `key`, as `provider:destination`, sorted. */
  const deliveredOf = (key: string) =>
    received
      .filter((r) => r.accepted && r.text.includes(key))
      .map((r) => `${r.provider}:${r.to}`)
      .sort();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    provider = createServer((request, response) => {
      void readBody(request).then((text) => {
        const body = JSON.parse(text) as Record<string, unknown>;
        const answer = (status: number, json: object) =>
          response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        if (request.url === `/bot${TELEGRAM_TOKEN}/sendMessage`) {
          const to = String(body['chat_id']);
          const first = !failedOnce.has(`telegram:${to}`);
          // The group chat is rate limited on its first message (Bot API 429 with parameters.retry_after, seconds).
          const accepted = !(first && to === '-1002233445566');
          received.push({ provider: 'telegram', path: request.url, body, accepted, to, text: String(body['text']), at: Date.now() });
          if (!accepted) {
            failedOnce.add(`telegram:${to}`);
            return answer(429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
          }
          return answer(200, { ok: true, result: { message_id: received.length, chat: { id: to }, text: body['text'] } });
        }
        if (request.url === '/v3.0/oa/message/cs') {
          const to = String((body['recipient'] as { user_id?: unknown } | undefined)?.user_id);
          const accessToken = String(request.headers['access_token']);
          const first = !failedOnce.has(`zalo:${to}`);
          const accepted = accessToken === ZALO_TOKEN && !(first && to === '2468013579');
          const textOf = String((body['message'] as { text?: unknown } | undefined)?.text);
          received.push({ provider: 'zalo', path: request.url, accessToken, body, accepted, to, text: textOf, at: Date.now() });
          // The OA API answers failures in HTTP 200 with a non-zero `error`.
          if (!accepted) {
            failedOnce.add(`zalo:${to}`);
            return answer(200, { error: -216, message: 'Access token is invalid' });
          }
          return answer(200, { error: 0, message: 'Success', data: { message_id: `m${received.length}`, user_id: to } });
        }
        answer(404, { ok: false, error_code: 404, description: 'Not Found' });
      });
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;

    dir = mkdtempSync(join(tmpdir(), 'langxanh-chat-'));
    writeFileSync(join(dir, 'registry.json'), JSON.stringify(registry()));
    Object.assign(
      process.env,
      inProcessEnv('chat', broker, influx, {
        SPOOL_DIR: join(dir, 'spool'),
        REGISTRY_FILE: join(dir, 'registry.json'),
        LOG_LEVEL: 'error',
        INFLUX_FLUSH_INTERVAL_MS: '200',
        LIVE_THROTTLE_MS: '0',
        OFFLINE_GRACE_S: '3600',
        ALERT_CHECK_INTERVAL_MS: '200',
        ALERT_ESCALATE_AFTER_S: '3',
        NOTIFY_RETRY_BASE_MS: '100',
        SMTP_HOST: '',
        ALERT_WEBHOOK_URL: '',
        ALERT_MQTT_ENABLED: 'false',
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_API_URL: providerUrl,
        ZALO_OA_ACCESS_TOKEN: ZALO_TOKEN,
        ZALO_API_URL: providerUrl,
      }),
    );
    await startApp();
    const login = async (username: string, password: string): Promise<string> =>
      (await api<SessionDto>('POST', '/api/auth/login', { username, password }, '')).body.token;
    const adminToken = await login('admin', 'chat-admin-password');
    const created = await api(
      'POST',
      '/api/users',
      { username: 'quanly-pk', password: 'quanly-pk-password', role: 'manager', clusters: ['phong-khe'] },
      adminToken,
    );
    expect(created.status).toBe(201);
    managerToken = await login('quanly-pk', 'quanly-pk-password');
    publisher = await mqtt.connectAsync(broker.url, { clientId: `publisher-chat-${process.pid}` });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await app?.close();
    await new Promise<void>((resolve) => (provider ? provider.close(() => resolve()) : resolve()));
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
    for (const key of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_API_URL', 'ZALO_OA_ACCESS_TOKEN', 'ZALO_API_URL']) delete process.env[key];
  });

  it('sends a raised exceedance once to each Telegram chat and Zalo user of the cluster, through the retries, in the providers\' formats', async () => {
    // QCVN 40:2011 B COD 150 × Kq 0.9 × Kf 1.0 = 135 mg/L for pk-ww-01 (registry).
    const topic = readingTopic('phong-khe', 'wastewater', 'pk-ww-01');
    const t = Date.now() - 10_000;
    await publish(topic, { ts: t, values: { COD: 200 } });
    await publish(topic, { ts: t, values: { COD: 200 } }); // a QoS 1 redelivery
    // LàngXanh confirms an instantaneous wastewater exceedance on the 2nd consecutive reading (docs/alert-rules.md).
    await publish(topic, { ts: t + 1_000, values: { COD: 205 } });
    const alert = await eventually(async () => {
      const [found] = await alertsOf('station=pk-ww-01&type=threshold');
      expect(found?.parameter).toBe('COD');
      return found;
    });
    const key = `${alert.id}|raised:critical`;
    await eventually(async () => {
      const outcomes = (await records(alert.id)).filter((r) => r.key === key);
      expect(outcomes.map((r) => `${r.channel}:${r.outcome}`).sort()).toEqual(['telegram:sent', 'zalo:sent']);
    }, { timeoutMs: 15_000 });
    // Manager and contact on Telegram (the contact's group after its 429), the manager on Zalo (after -216); the
    // contact without ids gets nothing, the department nothing before escalation.
    expect(deliveredOf(key)).toEqual(['telegram:-1002233445566', 'telegram:111111111', 'zalo:2468013579']);
    const outcomes = (await records(alert.id)).filter((r) => r.key === key);
    const telegram = outcomes.find((r) => r.channel === 'telegram');
    expect(telegram).toMatchObject({ attempts: 2, recipients: ['111111111', '-1002233445566'] });
    expect(outcomes.find((r) => r.channel === 'zalo')).toMatchObject({ attempts: 2, recipients: ['2468013579'] });
    // The 429's retry_after (1 s) was waited for, not the 100 ms back-off.
    const group = received.filter((r) => r.provider === 'telegram' && r.to === '-1002233445566' && r.text.includes(key));
    expect(group.map((r) => r.accepted)).toEqual([false, true]);
    expect(group[1].at - group[0].at).toBeGreaterThanOrEqual(950);
    // The retry went only to the chat not reached yet.
    expect(received.filter((r) => r.provider === 'telegram' && r.to === '111111111' && r.text.includes(key))).toHaveLength(1);
    // The documented request shapes.
    const tg = received.find((r) => r.provider === 'telegram' && r.accepted && r.text.includes(key));
    expect(Object.keys(tg?.body ?? {}).sort()).toEqual(['chat_id', 'text']);
    expect(tg?.text).toContain('COD');
    expect(tg?.text).toMatch(/\+07:00/);
    const zl = received.find((r) => r.provider === 'zalo' && r.accepted && r.text.includes(key));
    expect(zl?.accessToken).toBe(ZALO_TOKEN);
    expect(zl?.body).toEqual({ recipient: { user_id: '2468013579' }, message: { text: expect.stringContaining('COD') } });
  });

  it('escalates to the department on both channels, then sends the acknowledgement once', async () => {
    const [cod] = await alertsOf('station=pk-ww-01&type=threshold');
    const escalated = `${cod.id}|escalated`;
    await eventually(() => expect(deliveredOf(escalated)).toContain('telegram:@so_nnmt_bacninh'), { timeoutMs: 15_000 });
    await eventually(() =>
      expect(deliveredOf(escalated)).toEqual([
        'telegram:-1002233445566',
        'telegram:111111111',
        'telegram:@so_nnmt_bacninh',
        'zalo:2468013579',
        'zalo:99887766554433',
      ]),
    );
    expect((await api('POST', `/api/alerts/${encodeURIComponent(cod.id)}/acknowledge`, { comment: 'đã xử lý' })).status).toBe(200);
    const acknowledged = `${cod.id}|acknowledged`;
    await eventually(() =>
      expect(deliveredOf(acknowledged)).toEqual(['telegram:-1002233445566', 'telegram:111111111', 'zalo:2468013579']),
    );
  });

  it('sends nothing under a maintenance window and records the notifications as suppressed', async () => {
    const created = await api<SilenceDto>('POST', '/api/silences', {
      station: 'pk-bin-01',
      kind: 'maintenance',
      to: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'thay cảm biến',
    });
    expect(created.status).toBe(201);
    const topic = readingTopic('phong-khe', 'waste', 'pk-bin-01');
    await publish(topic, { ts: Date.now() - 2_000, values: { fill: 95 } });
    await publish(topic, { ts: Date.now() - 1_000, values: { fill: 96 } });
    const full = await eventually(async () => {
      const [found] = await alertsOf('station=pk-bin-01');
      expect(found?.ruleId).toBe('waste/full');
      return found;
    });
    await eventually(async () => {
      const outcomes = await records(full.id);
      expect(outcomes.map((r) => `${r.channel}:${r.outcome}`).sort()).toEqual(['telegram:suppressed', 'zalo:suppressed']);
    });
    expect(received.filter((r) => r.text.includes(full.id))).toEqual([]);
  });

  it('sends nothing again after a restart: each transition reached each destination exactly once over the run', async () => {
    const before = received.length;
    await app.close();
    await startApp();
    // The restored open alerts owe nothing: every outcome was stored. Wait for a full round of start-up work.
    await eventually(async () => expect((await api('GET', '/api/health')).status).toBe(200), { timeoutMs: 20_000 });
    await sleep(1_500);
    expect(received.slice(before)).toEqual([]);
    const accepted = received.filter((r) => r.accepted).map((r) => `${r.provider}:${r.to}:${r.text.split('\n').pop()}`);
    expect(new Set(accepted).size).toBe(accepted.length);
    // The bot token never appears in a stored outcome.
    const all = (await api<DeliveryRecord[]>('GET', '/api/notifications')).body;
    expect(JSON.stringify(all)).not.toContain(TELEGRAM_TOKEN.split(':')[1]);
    expect(JSON.stringify(all)).not.toContain(ZALO_TOKEN);
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { simpleParser } from 'mailparser';
import mqtt, { type MqttClient } from 'mqtt';
import { SMTPServer } from 'smtp-server';
import {
  ALERT_SUBSCRIPTION,
  readingTopic,
  statusTopic,
  type AlertDto,
  type AlertNotification,
  type HealthDto,
  type Registry,
  type SessionDto,
  type SilenceDto,
} from '@langxanh/contracts';
import { AppModule } from '../src/app/app.module';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';

interface Mail {
  readonly to: string[];
  readonly subject: string;
  readonly key: string;
}

/**
 * Alerting end to end, in-process ingester against a real Mosquitto and InfluxDB 1.6.7, a local SMTP sink
 * (smtp-server + mailparser) and a local HTTP webhook receiver on 127.0.0.1: deadman, notifications sent exactly
 * once per state change, escalation stopped by an acknowledgement, silences, restart without re-sending.
 */
describe('alerting (real mosquitto + influxd, SMTP sink, webhook receiver)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let publisher: MqttClient;
  let listener: MqttClient;
  let smtp: SMTPServer;
  let webhook: HttpServer;
  let dir: string;
  let adminToken = '';
  const mails: Mail[] = [];
  const hooks: AlertNotification[] = [];
  const mqttAlerts: AlertNotification[] = [];

  const registry = (): Registry => {
    const full = JSON.parse(
      readFileSync(join(__dirname, '../../../deploy/registry/bac-ninh.json'), 'utf8'),
    ) as Registry;
    const cluster = full.clusters[0];
    const pick = (id: string) => {
      const station = cluster.stations.find((s) => s.id === id);
      if (!station) throw new Error(id);
      return station;
    };
    return {
      province: full.province,
      department: { name: 'Sở NN&MT Bắc Ninh', phone: '+84 222 000 0000', email: 'so@example.vn' },
      clusters: [
        {
          ...cluster,
          contacts: [{ name: 'Vận hành', phone: '+84 222 000 0001', email: 'vanhanh@example.vn' }],
          // The air station reports every second, so its deadman fires after 3 s (OFFLINE_AFTER_INTERVALS 3).
          stations: [pick('pk-ww-01'), { ...pick('pk-air-01'), expectedIntervalS: 1 }, pick('pk-bin-01')],
        },
      ],
    };
  };

  const startApp = async (): Promise<void> => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  };
  /** Signed in as the manager of phong-khe (the cluster of every station here) unless another token is given. */
  let managerToken = '';
  const api = async <T>(
    method: string,
    path: string,
    body?: object,
    token = managerToken,
  ): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const publish = (topic: string, payload: object) =>
    publisher.publishAsync(topic, JSON.stringify(payload), { qos: 1 });
  const alertsOf = async (query: string) => (await api<AlertDto[]>('GET', `/api/alerts?${query}`)).body;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) =>
              a.value.map((v) => v.address ?? ''),
            );
            mails.push({
              to,
              subject: parsed.subject ?? '',
              key: String(parsed.headers.get('x-langxanh-key') ?? ''),
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        hooks.push(JSON.parse(body) as AlertNotification);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));

    dir = mkdtempSync(join(tmpdir(), 'langxanh-alerts-'));
    writeFileSync(join(dir, 'registry.json'), JSON.stringify(registry()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const hookPort = (webhook.address() as AddressInfo).port;
    Object.assign(process.env, {
      MQTT_URL: broker.url,
      MQTT_CLIENT_ID: `ingester-alerts-${process.pid}`,
      INFLUX_URL: influx.url,
      INFLUX_DATABASE: 'langxanh_alerts_test',
      SPOOL_DIR: join(dir, 'spool'),
      INFLUX_FLUSH_INTERVAL_MS: '200',
      LIVE_THROTTLE_MS: '0',
      REGISTRY_FILE: join(dir, 'registry.json'),
      LOG_LEVEL: 'error',
      OFFLINE_AFTER_INTERVALS: '3',
      OFFLINE_GRACE_S: '3600',
      ALERT_CHECK_INTERVAL_MS: '200',
      ALERT_ESCALATE_AFTER_S: '4',
      NOTIFY_RETRY_BASE_MS: '100',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_SECURE: 'false',
      SMTP_FROM: 'LàngXanh <canhbao@example.vn>',
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/hook`,
      ALERT_MQTT_ENABLED: 'true',
      AUTH_DATA_DIR: join(dir, 'auth'),
      AUTH_JWT_SECRET: 'alerts-test-secret-alerts-test-secret-0123',
      AUTH_BCRYPT_COST: '4',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'alerts-admin-password',
    });
    await startApp();
    const login = async (username: string, password: string): Promise<string> =>
      (await api<SessionDto>('POST', '/api/auth/login', { username, password }, '')).body.token;
    adminToken = await login('admin', 'alerts-admin-password');
    const created = await api(
      'POST',
      '/api/users',
      { username: 'quanly-pk', password: 'quanly-pk-password', role: 'manager', clusters: ['phong-khe'] },
      adminToken,
    );
    expect(created.status).toBe(201);
    managerToken = await login('quanly-pk', 'quanly-pk-password');
    publisher = await mqtt.connectAsync(broker.url, { clientId: `publisher-alerts-${process.pid}` });
    listener = await mqtt.connectAsync(broker.url, { clientId: `listener-alerts-${process.pid}` });
    listener.on('message', (_topic, payload) =>
      mqttAlerts.push(JSON.parse(payload.toString('utf8')) as AlertNotification),
    );
    await listener.subscribeAsync(ALERT_SUBSCRIPTION, { qos: 1 });
    await eventually(async () => expect((await api('GET', '/api/health')).status).toBe(200), {
      timeoutMs: 20_000,
    });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await listener?.endAsync();
    await app?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (webhook ? webhook.close(() => resolve()) : resolve()));
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('flags a station that stops publishing offline within the configured time, with no further message', async () => {
    const topic = readingTopic('phong-khe', 'air', 'pk-air-01');
    await publish(topic, { ts: Date.now() - 500, values: { 'PM2.5': 20 } });
    const lastPublished = Date.now();
    // Heartbeats only (status `online`) from now on: they are not readings.
    const heartbeats = setInterval(
      () =>
        void publisher.publishAsync(statusTopic('phong-khe', 'air', 'pk-air-01'), 'online', {
          qos: 1,
          retain: true,
        }),
      300,
    );
    const offline = await eventually(
      async () => {
        const [alert] = await alertsOf('type=offline&station=pk-air-01');
        expect(alert).toBeDefined();
        return alert;
      },
      { timeoutMs: 10_000 },
    ).finally(() => clearInterval(heartbeats));
    // 3 × 1 s expected interval, checked every 200 ms.
    const after = Date.parse(offline.raisedAt) - lastPublished;
    expect(after).toBeGreaterThanOrEqual(2_500);
    expect(after).toBeLessThan(3_000 + 1_500);
    expect(offline).toMatchObject({ state: 'active', parameter: 'silence', ruleId: 'station/offline' });
    expect((await api<{ state: string }>('GET', '/api/stations/pk-air-01')).body.state).toBe('offline');

    await publish(topic, { ts: Date.now(), values: { 'PM2.5': 21 } });
    await eventually(async () => {
      const all = await alertsOf('type=offline&station=pk-air-01&state=all');
      expect(all.find((a) => a.id === offline.id)?.state).toBe('resolved');
    });
  });

  it("delivers an exceedance to the cluster's managers by e-mail, webhook and MQTT exactly once, even when redelivered", async () => {
    // QCVN 40:2011 B COD 150 × Kq 0.9 × Kf 1.0 = 135 mg/L for pk-ww-01 (registry).
    const topic = readingTopic('phong-khe', 'wastewater', 'pk-ww-01');
    const t = Date.now() - 10_000;
    const over = { ts: t, values: { COD: 200 } };
    await publish(topic, over);
    await publish(topic, over); // a QoS 1 redelivery of the same reading
    await publish(topic, { ts: t + 1_000, values: { COD: 205 } });
    const alert = await eventually(async () => {
      const [found] = await alertsOf('station=pk-ww-01&type=threshold');
      expect(found?.parameter).toBe('COD');
      return found;
    });
    const key = `${alert.id}|raised:critical`;
    await eventually(() => {
      expect(mails.filter((m) => m.key === key)).toHaveLength(1);
      expect(hooks.filter((h) => h.key === key)).toHaveLength(1);
      expect(mqttAlerts.filter((h) => h.key === key)).toHaveLength(1);
    });
    await publish(topic, over); // redelivered once more, later
    await sleep(1_000);
    const mail = mails.filter((m) => m.key === key);
    expect(mail).toHaveLength(1);
    expect(mail[0].to.sort()).toEqual(['quanly.phong-khe@example.vn', 'vanhanh@example.vn']);
    expect(mail[0].subject).toContain('COD');
    expect(hooks.filter((h) => h.key === key)).toHaveLength(1);
    const hook = hooks.find((h) => h.key === key);
    expect(hook).toMatchObject({
      version: 1,
      stage: 'raised',
      cluster: { id: 'phong-khe' },
      station: { id: 'pk-ww-01' },
    });
    expect(hook?.alert.source.document).toBe('QCVN 40:2011/BTNMT');
    const health = (await api<HealthDto>('GET', '/api/health', undefined, adminToken)).body;
    expect(health.notifications?.byChannel.email?.sent).toBeGreaterThanOrEqual(1);
    expect(health.notifications?.byChannel.webhook?.failed).toBeUndefined();
  });

  it('escalates an unacknowledged critical alert to the department, and acknowledging stops the escalation', async () => {
    const topic = readingTopic('phong-khe', 'wastewater', 'pk-ww-01');
    // pH 5.5–9 (column B): 3.0 is outside. Acknowledged at once: never escalated.
    // Escalation counts from when the ingester raised it: 4 s here.
    // Two readings: LàngXanh's policy confirms an instantaneous wastewater exceedance on the 2nd consecutive one.
    await publish(topic, { ts: Date.now() - 200, values: { pH: 3 } });
    await publish(topic, { ts: Date.now() - 100, values: { pH: 3 } });
    const ph = await eventually(async () => {
      const found = (await alertsOf('station=pk-ww-01')).find((a) => a.parameter === 'pH');
      expect(found).toBeDefined();
      return found!;
    });
    const ack = await api<AlertDto>('POST', `/api/alerts/${encodeURIComponent(ph.id)}/acknowledge`, {
      comment: 'đã cử người kiểm tra',
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'quanly-pk',
      comments: [{ by: 'quanly-pk', text: 'đã cử người kiểm tra' }],
    });
    // Not without signing in; recorded in the audit log.
    expect(
      (await api('POST', `/api/alerts/${encodeURIComponent(ph.id)}/comments`, { text: 'x' }, '')).status,
    ).toBe(401);
    const audit = await api<{ action: string; actor: string; outcome: string }[]>(
      'GET',
      '/api/audit?limit=50',
      undefined,
      adminToken,
    );
    expect(audit.body).toContainEqual(
      expect.objectContaining({ action: 'alert.acknowledge', actor: 'quanly-pk', outcome: 'ok' }),
    );
    expect((await api('POST', `/api/alerts/${encodeURIComponent(ph.id)}/acknowledge`, {})).status).toBe(409);
    expect(
      (await api('POST', `/api/alerts/${encodeURIComponent(ph.id)}/comments`, { text: 'xong', extra: 1 }))
        .status,
    ).toBe(400);
    expect(
      (await api('POST', `/api/alerts/${encodeURIComponent(ph.id)}/comments`, { text: 'van đã đóng' }))
        .status,
    ).toBe(201);

    // The COD alert of the previous test was never acknowledged: it escalates (ALERT_ESCALATE_AFTER_S = 4).
    const cod = (await alertsOf('station=pk-ww-01')).find((a) => a.parameter === 'COD');
    expect(cod?.state).toBe('active');
    await eventually(
      () => {
        const escalated = mails.filter((m) => m.key === `${cod?.id}|escalated`);
        expect(escalated).toHaveLength(1);
        expect(escalated[0].to).toContain('so@example.vn');
      },
      { timeoutMs: 10_000 },
    );
    // Well past the pH alert's escalation time: nothing escalated for it.
    await eventually(async () => expect(Date.now() - Date.parse(ph.raisedAt)).toBeGreaterThan(6_000), {
      timeoutMs: 10_000,
      intervalMs: 200,
    });
    expect(mails.filter((m) => m.key.startsWith(ph.id) && m.key.endsWith('escalated'))).toEqual([]);
    expect(
      hooks
        .filter((h) => h.alert.id === ph.id)
        .map((h) => h.stage)
        .sort(),
    ).toEqual(['acknowledged', 'raised']);
    const stored = (await alertsOf('station=pk-ww-01')).find((a) => a.id === ph.id);
    expect(stored?.escalatedAt).toBeUndefined();
    expect(stored?.comments?.map((c) => c.text)).toEqual(['đã cử người kiểm tra', 'van đã đóng']);
  });

  it('records alerts under a maintenance window but sends no notification', async () => {
    const created = await api<SilenceDto>('POST', '/api/silences', {
      station: 'pk-bin-01',
      kind: 'maintenance',
      to: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'thay cảm biến',
    });
    expect(created.status).toBe(201);
    expect(
      (
        await api('POST', '/api/silences', {
          station: 'nope',
          to: new Date(Date.now() + 60_000).toISOString(),
          reason: 'x',
        })
      ).status,
    ).toBe(400);
    const topic = readingTopic('phong-khe', 'waste', 'pk-bin-01');
    await publish(topic, { ts: Date.now() - 2_000, values: { fill: 95 } });
    await publish(topic, { ts: Date.now() - 1_000, values: { fill: 96 } });
    const full = await eventually(async () => {
      const [found] = await alertsOf('station=pk-bin-01');
      expect(found?.ruleId).toBe('waste/full');
      return found;
    });
    await eventually(async () => {
      const records = (
        await api<{ outcome: string }[]>('GET', `/api/notifications?alert=${encodeURIComponent(full.id)}`)
      ).body;
      expect(records.map((r) => r.outcome)).toEqual(['suppressed', 'suppressed', 'suppressed']);
    });
    expect(mails.filter((m) => m.key.startsWith(full.id))).toEqual([]);
    expect(hooks.filter((h) => h.alert.id === full.id)).toEqual([]);
    expect((await api<SilenceDto[]>('GET', '/api/silences')).body.map((s) => s.id)).toEqual([
      created.body.id,
    ]);
  });

  it('lists alerts by cluster, station, state, severity, type and raise time, and refuses unknown filters', async () => {
    const all = await alertsOf('state=all');
    expect(all.length).toBeGreaterThanOrEqual(4);
    const critical = await alertsOf('state=all&severity=critical&cluster=phong-khe');
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.every((a) => a.severity === 'critical' && a.cluster === 'phong-khe')).toBe(true);
    // another cluster is refused, not answered with an empty list that reads as "no alerts there" (as the export)
    expect((await api('GET', '/api/alerts?state=all&cluster=da-hoi')).status).toBe(403);
    expect((await alertsOf('state=acknowledged')).map((a) => a.parameter)).toEqual(['pH']);
    const oldest = Math.min(...all.map((a) => Date.parse(a.raisedAt)));
    const firstOnly = await alertsOf(
      `state=all&from=${new Date(oldest).toISOString()}&to=${new Date(oldest + 1).toISOString()}`,
    );
    expect(firstOnly.map((a) => Date.parse(a.raisedAt))).toEqual([oldest]);
    expect((await api('GET', '/api/alerts?colour=red')).status).toBe(400);
    expect((await api('GET', '/api/alerts?from=yesterday')).status).toBe(400);
    expect((await api('GET', '/api/alerts?severity=minor')).status).toBe(400);
    expect((await api('GET', `/api/alerts/${encodeURIComponent('pk-ww-01:nope:1')}`)).status).toBe(404);
  });

  it('keeps open alerts open after a restart and re-sends nothing', async () => {
    // The 1-s air station has gone silent again since the first test: a second offline alert is open. A comment on
    // the first, resolved one is the newest point of that station and rule; it must not hide the open one.
    const offline = await eventually(async () => {
      const all = await alertsOf('station=pk-air-01&type=offline&state=all');
      expect(all.map((a) => a.state).sort()).toEqual(['active', 'resolved']);
      return all;
    });
    const resolvedOffline = offline.find((a) => a.state === 'resolved');
    expect(
      (
        await api('POST', `/api/alerts/${encodeURIComponent(resolvedOffline?.id ?? '')}/comments`, {
          text: 'mất điện lưới',
        })
      ).status,
    ).toBe(201);
    const openBefore = (await alertsOf('state=open')).map((a) => a.id).sort();
    expect(openBefore.length).toBeGreaterThanOrEqual(4);
    await sleep(500);
    const mailKeys = mails.map((m) => m.key);
    const hookKeys = hooks.map((h) => h.key);

    await app.close();
    await startApp();

    const openAfter = (await alertsOf('state=open')).map((a) => a.id);
    for (const id of openBefore) expect(openAfter).toContain(id);
    const ph = (await alertsOf('station=pk-ww-01')).find((a) => a.parameter === 'pH');
    expect(ph).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'quanly-pk' });
    expect((await api<SilenceDto[]>('GET', '/api/silences')).body).toHaveLength(1);
    await sleep(2_000);
    // Still one open offline alert for the silent station: the restored one, not a new one.
    const offlineAfter = await alertsOf('station=pk-air-01&type=offline&state=all');
    expect(offlineAfter.map((a) => a.id).sort()).toEqual(offline.map((a) => a.id).sort());
    // Deliveries made after the restart are for new alerts only (e.g. the 1-s air station going silent again).
    const newMails = mails.slice(mailKeys.length).map((m) => m.key);
    const newHooks = hooks.slice(hookKeys.length).map((h) => h.key);
    for (const key of newMails) expect(mailKeys).not.toContain(key);
    for (const key of newHooks) expect(hookKeys).not.toContain(key);
    // Over the whole run, every notification key reached each channel exactly once.
    expect(new Set(hooks.map((h) => h.key)).size).toBe(hooks.length);
    expect(new Set(mails.map((m) => m.key)).size).toBe(mails.length);
    expect(new Set(mqttAlerts.map((m) => m.key)).size).toBe(mqttAlerts.length);
  });
});

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, BrowserContext } from 'playwright-core';
import { io } from 'socket.io-client';
import { readingTopic, type ReadingEventDto } from '@langxanh/contracts';
import { eventually, makeTestCertificate, startInfluxd, startMosquitto, type RunningService } from '@langxanh/local-services';
import {
  pickPort,
  PRODUCTION_SCRIPT,
  renderEnvFile,
  SHIPPED_ENV_EXAMPLE,
  SHIPPED_REGISTRY,
  startNginx,
  startProductionMode,
  type AppProcess,
} from '@langxanh/stack';
import { launchBrowser, ROOT, tempDataDir } from './support';

const DASHBOARD_DIST = join(ROOT, 'dist/apps/dashboard');
const SHOT_DIR = join(ROOT, 'tmp', 'screenshots');

/** GET over HTTPS trusting only the test certificate: status, headers, body. */
function httpsGet(url: string, ca: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Issue 16: production mode from the build, as docs/deploy.md runs it — `deploy/scripts/prod.sh` (npm run
 * start:prod) with an env file made from the shipped template (NODE_ENV=production, generated secrets), the
 * ingester serving `dist/apps/dashboard` itself, Debian's nginx with the shipped site terminating TLS in front,
 * real Mosquitto and InfluxDB. No `vite preview` is started. Chromium checks the CSP, that another origin cannot
 * frame the dashboard, and that sign-in, the API and socket.io work through the proxy.
 */
describe('production mode behind nginx (TLS)', () => {
  let dataDir: string;
  let broker: RunningService;
  let influx: RunningService;
  let app: AppProcess;
  let nginx: AppProcess;
  let origin: string;
  let plainOrigin: string;
  let ca: Buffer;
  let browser: Browser;
  let context: BrowserContext;
  let attacker: Server;
  let attackerPage = '';
  let publisher: MqttClient;
  const admin = { username: 'quantri', password: randomBytes(18).toString('base64') };

  beforeAll(async () => {
    // the build this test serves (the e2e target builds the dashboard first)
    expect(existsSync(join(DASHBOARD_DIST, 'index.html'))).toBe(true);
    expect(existsSync(join(DASHBOARD_DIST, '.security-headers.json'))).toBe(true);
    dataDir = tempDataDir('production');
    [broker, influx] = await Promise.all([
      startMosquitto({ port: 0, strictPort: false, dataDir: join(dataDir, 'mosquitto') }),
      startInfluxd({ httpPort: 0, strictPort: false, dataDir: join(dataDir, 'influxdb') }),
    ]);
    const [port, httpPort, httpsPort] = [await pickPort(0, 0), await pickPort(0, 0), await pickPort(0, 0)];
    const state = join(dataDir, 'state');
    const envFile = join(dataDir, 'langxanh.env');
    writeFileSync(
      envFile,
      renderEnvFile(readFileSync(join(ROOT, SHIPPED_ENV_EXAMPLE), 'utf8'), {
        AUTH_JWT_SECRET: randomBytes(48).toString('base64'),
        ADMIN_USERNAME: admin.username,
        ADMIN_PASSWORD: admin.password,
        HTTP_PORT: String(port),
        DASHBOARD_DIR: DASHBOARD_DIST,
        SPOOL_DIR: join(state, 'spool'),
        AUTH_DATA_DIR: join(state, 'auth'),
        FORWARD_DIR: join(state, 'forward'),
        REGISTRY_FILE: join(ROOT, SHIPPED_REGISTRY),
        MQTT_URL: broker.url,
        // the test broker is anonymous and keeps no queue bound (libs/local-services)
        MQTT_USERNAME: undefined,
        MQTT_PASSWORD: undefined,
        MQTT_BROKER_MAX_QUEUED_MESSAGES: undefined,
        INFLUX_URL: influx.url,
        AUTH_BCRYPT_COST: '4',
        LIVE_THROTTLE_MS: '0',
      }),
      { mode: 0o600 },
    );
    app = await startProductionMode({ root: ROOT, envFile, port, logFile: join(dataDir, 'production.log') });
    const cert = makeTestCertificate(dataDir);
    ca = readFileSync(cert.certFile);
    nginx = await startNginx(join(dataDir, 'nginx'), ROOT, {
      httpPort,
      httpsPort,
      upstreamPort: port,
      certFile: cert.certFile,
      keyFile: cert.keyAndCertFile,
    });
    origin = `https://127.0.0.1:${httpsPort}`;
    plainOrigin = `http://127.0.0.1:${httpPort}`;
    browser = await launchBrowser();
    context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
    attacker = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackerPage);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    publisher = await mqtt.connectAsync(broker.url, { clientId: `e2e-prod-${process.pid}` });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await nginx?.stop();
    await app?.stop();
    await broker?.stop();
    await influx?.stop();
  });

  it('refuses to start from the template as shipped (its CHANGE_ME secret is weak), naming the variable', () => {
    const envFile = join(dataDir, 'unfilled.env');
    writeFileSync(envFile, readFileSync(join(ROOT, SHIPPED_ENV_EXAMPLE), 'utf8'), { mode: 0o600 });
    const env: NodeJS.ProcessEnv = { ...process.env, LANGXANH_ENV_FILE: envFile };
    delete env['NODE_ENV'];
    const run = spawnSync('bash', [join(ROOT, PRODUCTION_SCRIPT)], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/AUTH_JWT_SECRET: .*NODE_ENV=production/);
  });

  it('runs in production and serves the built dashboard itself, with its CSP, over TLS', async () => {
    expect(readFileSync(app.logFile, 'utf8')).toContain(`serving the dashboard from ${DASHBOARD_DIST}`);
    const page = await httpsGet(`${origin}/stations/dk-ww-01`, ca);
    expect(page.status).toBe(200);
    expect(page.body).toBe(readFileSync(join(DASHBOARD_DIST, 'index.html'), 'utf8'));
    const expected = JSON.parse(readFileSync(join(DASHBOARD_DIST, '.security-headers.json'), 'utf8')) as Record<string, string>;
    for (const [name, value] of Object.entries(expected)) expect(page.headers[name.toLowerCase()]).toBe(value);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-cache');
    // nginx's one HSTS header (two years), not the ingester's
    expect(page.headers['strict-transport-security']).toBe('max-age=63072000');
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(asset).toBeDefined();
    expect((await httpsGet(`${origin}${asset}`, ca)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // plain HTTP only redirects
    const plain = await fetch(`${plainOrigin}/login`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe(`https://127.0.0.1/login`);
  });

  it('cannot be framed by a page of another origin (Chromium refuses it)', async () => {
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) refused.push(message.text());
    });
    attackerPage = `<!doctype html><title>free prize</title><iframe src="${origin}/login" width="800" height="600"></iframe>`;
    await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
    await eventually(() => expect(refused.length).toBeGreaterThan(0), { timeoutMs: 15_000 });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(await frame!.locator('[data-testid="login-username"]').count()).toBe(0);
    await page.close();
  });

  it('signs in, calls the API and receives a live reading over socket.io through nginx, with no CSP violation', async () => {
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${origin}/login?next=${encodeURIComponent('/')}`);
    await page.getByTestId('login-username').fill(admin.username);
    await page.getByTestId('login-password').fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor({ state: 'attached', timeout: 15_000 });
    await eventually(
      async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('connected'),
      { timeoutMs: 30_000 },
    );
    await page.getByTestId('station-card-dk-ww-01').waitFor({ timeout: 30_000 });

    // a second client: socket.io over wss:// through nginx, signed in through nginx
    const session = await signInWithCa(origin, admin, ca);
    const socket = io(origin, { path: '/socket.io', transports: ['websocket'], auth: { token: session }, ca: ca.toString('utf8') });
    const received: ReadingEventDto[] = [];
    socket.on('reading', (event) => received.push(event));
    try {
      await eventually(() => expect(socket.connected).toBe(true), { timeoutMs: 20_000 });
      await publisher.publishAsync(
        readingTopic('dong-ky', 'wastewater', 'dk-ww-01'),
        JSON.stringify({ ts: Date.now(), values: { pH: 6.37, TSS: 41 } }),
        { qos: 1 },
      );
      await eventually(() => expect(received.some((r) => r.station === 'dk-ww-01')).toBe(true), { timeoutMs: 20_000 });
      await eventually(
        async () => expect(await page.getByTestId('station-value-dk-ww-01-pH').textContent()).toMatch(/6[.,]37/),
        { timeoutMs: 20_000 },
      );
    } finally {
      socket.close();
    }
    mkdirSync(SHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SHOT_DIR, 'production-behind-nginx.png') });
    expect(violations).toEqual([]);
    await page.close();
  });
});

/** `POST /api/auth/login` over HTTPS with the test CA (Node's fetch has no per-request CA). */
function signInWithCa(origin: string, credentials: { username: string; password: string }, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(credentials);
    const req = httpsRequest(
      `${origin}/api/auth/login`,
      { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 10_000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve((JSON.parse(text) as { token: string }).token) : reject(new Error(`login → ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

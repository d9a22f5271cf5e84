import { readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AuditEntry } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { launchBrowser, ROOT, tempDataDir } from './support';

/** Every file under `dir` (recursively) with its permission bits. */
function modes(dir: string): { path: string; mode: number; directory: boolean }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const here = { path, mode: statSync(path).mode & 0o777, directory: entry.isDirectory() };
    return entry.isDirectory() ? [here, ...modes(path)] : [here];
  });
}

/**
 * Issue 15, items 12, 13, 14, 17 and 18 against the running system as `npm start` starts it (built ingester with real
 * Mosquitto and InfluxDB, dashboard behind `vite preview`), attacked from a page on another loopback origin in
 * Chromium and with plain HTTP.
 */
describe('hardening of the running system', () => {
  let stack: Stack;
  let browser: Browser;
  let attacker: Server;
  let attackerOrigin: string;
  let dataDir: string;
  /** The page the attacker's server answers with, set by each test. */
  let attackerPage = '';

  beforeAll(async () => {
    dataDir = tempDataDir('hardening');
    stack = await startStack({ root: ROOT, dataDir, ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 } });
    browser = await launchBrowser();
    attacker = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackerPage);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    // another origin: another host name and port than the dashboard's 127.0.0.1:<port>
    attackerOrigin = `http://localhost:${(attacker.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await stack?.stop();
  });

  const audit = async (): Promise<AuditEntry[]> =>
    (await (await stack.ingester.fetch('/api/audit?limit=1000')).json()) as AuditEntry[];

  async function signedIn(path: string): Promise<{ page: Page; violations: string[] }> {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${stack.dashboardUrl}/login?next=${encodeURIComponent(path)}`);
    await page.getByTestId('login-username').fill(stack.credentials.username);
    await page.getByTestId('login-password').fill(stack.credentials.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor({ state: 'attached', timeout: 15_000 });
    return { page, violations };
  }

  it('item 12: another origin cannot frame the dashboard (Chromium refuses it)', async () => {
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors|Refused to (display|frame)/i.test(message.text())) refused.push(message.text());
    });
    attackerPage = `<!doctype html><title>free prize</title><iframe id="victim" src="${stack.dashboardUrl}/login" width="800" height="600"></iframe>`;
    await page.goto(`${attackerOrigin}/`);
    await eventually(() => expect(refused.length).toBeGreaterThan(0), { timeoutMs: 15_000 });
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(await frame!.locator('[data-testid="login-username"]').count()).toBe(0);
    await page.close();

    const headers = (await fetch(`${stack.dashboardUrl}/login`)).headers;
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
  });

  it('item 12: the dashboard works under its CSP: sign-in, API, live socket, with no violation', async () => {
    const { page, violations } = await signedIn('/');
    await eventually(
      async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('connected'),
      { timeoutMs: 30_000 },
    );
    await page.getByTestId('cluster-phong-khe').waitFor({ timeout: 30_000 });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('item 13: a form posted from another site cannot sign in nor lock a person out (415), through the dashboard or not', async () => {
    const page = await browser.newPage();
    attackerPage = `<!doctype html><form id="f" method="post" enctype="text/plain" action="${stack.dashboardUrl}/api/auth/login">
      <input name='{"username":"${stack.credentials.username}","password":"' value='x"}'></form>
      <script>document.getElementById('f').submit()</script>`;
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.goto(`${attackerOrigin}/`);
    expect((await answer).status()).toBe(415);
    await page.close();
    for (const origin of [stack.ingesterUrl, stack.dashboardUrl]) {
      for (let i = 0; i < 8; i++) {
        const response = await fetch(`${origin}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `username=${stack.credentials.username}&password=wrong`,
        });
        expect(response.status).toBe(415);
      }
    }
    // the administrator's attempts were not used up
    expect((await stack.ingester.fetch('/api/auth/me')).status).toBe(200);
    const login = await fetch(`${stack.dashboardUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: stack.credentials.username, password: stack.credentials.password }),
    });
    expect(login.status).toBe(200);
  });

  it('item 13: refused (429) logins are audited, over HTTP to the ingester', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await fetch(`${stack.ingesterUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'doan-mo', password: 'wrong-password-1' }),
      });
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    // The standard header and the API's error body (hostile trial: only `Retry-After-login`, body `http_error`).
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last?.json()) as { error: string }).error).toBe('too_many_requests');
    const refused = (await audit()).filter((e) => e.actor === 'doan-mo' && e.status === 429);
    expect(refused.length).toBe(statuses.filter((s) => s === 429).length);
    expect(refused[0]).toMatchObject({ action: 'auth.login', outcome: 'denied', ip: '127.0.0.1' });
  });

  it('item 14: a local client cannot forge its address with X-Forwarded-For, directly or through the dashboard', async () => {
    for (const [origin, username] of [
      [stack.ingesterUrl, 'gia-mao-1'],
      [stack.dashboardUrl, 'gia-mao-2'],
    ] as const) {
      await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ username, password: 'wrong-password-1' }),
      });
    }
    const entries = await audit();
    expect(entries.find((e) => e.actor === 'gia-mao-1')?.ip).toBe('127.0.0.1');
    expect(entries.find((e) => e.actor === 'gia-mao-2')?.ip).toBe('127.0.0.1');
  });

  it('item 18: the dashboard is back within a few seconds after a network cut, and refetches', async () => {
    const { page } = await signedIn('/');
    const state = () => page.getByTestId('connection-status').getAttribute('data-state');
    await eventually(async () => expect(await state()).toBe('connected'), { timeoutMs: 30_000 });
    await page.context().setOffline(true);
    await eventually(async () => expect(await state()).toBe('reconnecting'), { timeoutMs: 60_000 });
    // the cut lasts 15 s: long enough for a growing back-off to reach its cap
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const snapshots: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/stations')) snapshots.push(r.url());
    });
    await page.context().setOffline(false);
    const back = Date.now();
    await eventually(async () => expect(await state()).toBe('connected'), { timeoutMs: 30_000, intervalMs: 100 });
    expect(Date.now() - back).toBeLessThan(4_000);
    await eventually(() => expect(snapshots.length).toBeGreaterThan(0), { timeoutMs: 10_000 });
    await page.close();
  });

  it('item 17: spool segments, auth files and logs are readable by their owner only', async () => {
    // something spooled: a silence (alert documents go through the spool too)
    await stack.ingester.fetch('/api/silences', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ station: 'pk-ww-01', to: new Date(Date.now() + 3_600_000).toISOString(), reason: 'kiểm tra' }),
    });
    const spool = join(dataDir, 'spool');
    await eventually(() => expect(modes(spool).some((f) => !f.directory)).toBe(true), { timeoutMs: 10_000 });
    const open = [...modes(spool), ...modes(join(dataDir, 'auth')), ...modes(stack.logDir)].filter(
      (f) => (f.mode & 0o077) !== 0,
    );
    expect(open.map((f) => `${f.path} ${f.mode.toString(8)}`)).toEqual([]);
  });
});

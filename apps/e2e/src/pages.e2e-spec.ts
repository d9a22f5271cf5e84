import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { readingTopic, type AlertDto, type SessionDto, type StationDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { launchBrowser, ROOT, tempDataDir } from './support';

/** Screenshots of every page at both sizes, signed in and anonymous (tmp/ is not committed). */
const SHOT_DIR = join(ROOT, 'tmp', 'screenshots', 'pages');
const shots: string[] = [];

const DESKTOP = { width: 1440, height: 900 } as const;
const PHONE = { width: 390, height: 844 } as const;
const SIZES = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

/** pk-ww-01 is silent for the whole run: the test publishes its readings (three parameters over their limits). */
const FED_STATION = 'pk-ww-01';
const FED_PARAMETERS = ['COD', 'TSS', 'BOD5'] as const;

/** Every page of the dashboard, with what shows that it has loaded. */
const PAGES: readonly { readonly name: string; readonly path: string; readonly ready: string }[] = [
  { name: 'overview', path: '/', ready: '[data-testid^="cluster-"]' },
  { name: 'station-air', path: '/stations/pk-air-01', ready: '[data-testid="aqi-panel"], [data-testid="sign-in-required"]' },
  { name: 'station-wastewater', path: `/stations/${FED_STATION}`, ready: '[data-testid^="chart-"], [data-testid="sign-in-required"]' },
  { name: 'station-waste', path: '/stations/pk-bin-01', ready: '[data-testid^="chart-"], [data-testid="sign-in-required"]' },
  { name: 'alerts', path: '/alerts', ready: '[data-testid="alert-list"], [data-testid="sign-in-required"]' },
  { name: 'waste', path: '/waste', ready: '[data-testid="waste-table"], [data-testid="sign-in-required"]' },
  // signed in, the login page says so (its heading); the user's name may sit in the folded phone menu
  { name: 'login', path: '/login', ready: '[data-testid="login-username"], #main h1' },
];

/** Seven pages in one test, each up to 90 s to settle on this shared 2-core machine. */
const PAGES_TIMEOUT_MS = 15 * 60_000;

/** What a page did in the browser: console errors, uncaught errors, API requests and refused answers. */
interface Watch {
  readonly errors: string[];
  readonly requests: string[];
  readonly refused: string[];
}

/**
 * Every page at 1440×900 and 390×844, signed in and anonymous, in Chromium against the running system: no
 * horizontal scroll, no console error, no request refused (401/403) to an anonymous visitor; three alerts
 * acknowledged at once on the phone; the overview asks each API path once; a second visit to a station page asks
 * nothing while the cache is fresh.
 */
describe('every page, desktop and phone, signed in and anonymous', () => {
  let stack: Stack;
  let browser: Browser;
  let publisher: MqttClient;
  let session: SessionDto | undefined;
  let feeder: ReturnType<typeof setInterval> | undefined;

  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${stack.dashboardUrl}${path}`, {
      headers: session ? { authorization: `Bearer ${session.token}` } : {},
    });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
    return (await response.json()) as T;
  };

  /** A new page of the given size, signed in (the session put in `sessionStorage` before the app starts) or not. */
  async function open(viewport: { width: number; height: number }, signedIn: boolean): Promise<{ page: Page; watch: Watch }> {
    const page = await browser.newPage({ viewport });
    const watch: Watch = { errors: [], requests: [], refused: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') watch.errors.push(message.text());
    });
    page.on('pageerror', (error) => watch.errors.push(error.message));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) watch.requests.push(`${request.method()} ${url.pathname}${url.search}`);
    });
    page.on('response', (response) => {
      if (response.status() === 401 || response.status() === 403) watch.refused.push(`${response.status()} ${response.url()}`);
    });
    if (signedIn && session) {
      await page.addInitScript((stored: string) => window.sessionStorage.setItem('langxanh.session', stored), JSON.stringify(session));
    }
    return { page, watch };
  }

  const scrollOverflow = (page: Page): Promise<number> =>
    page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);

  async function shot(page: Page, name: string): Promise<void> {
    const path = join(SHOT_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    shots.push(path);
  }

  beforeAll(async () => {
    mkdirSync(SHOT_DIR, { recursive: true });
    stack = await startStack({
      root: ROOT,
      dataDir: tempDataDir('pages'),
      ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 },
      simulatorArgs: ['--seed', 'e2e-pages', '--time-scale', '30', '--incident-rate', '0', '--pause', `${FED_STATION}@0+36000`],
    });
    const credentials = (stack as Partial<{ credentials: { username: string; password: string } }>).credentials;
    if (!credentials) throw new Error('the stack created no development administrator');
    const response = await fetch(`${stack.dashboardUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: credentials.username, password: credentials.password }),
    });
    if (!response.ok) throw new Error(`login → ${response.status}`);
    session = (await response.json()) as SessionDto;
    publisher = await mqtt.connectAsync(stack.broker.url, { clientId: `e2e-pages-${process.pid}` });
    browser = await launchBrowser();

    // three limits exceeded on the fed station: three active alerts to acknowledge at once
    const station = await api<StationDto>(`/api/stations/${FED_STATION}`);
    const values: Record<string, number> = { pH: 7.2 };
    for (const parameter of FED_PARAMETERS) {
      const rule = station.limits.find((l) => l.parameter === parameter && l.max !== undefined);
      if (!rule?.max) throw new Error(`no upper limit of ${parameter} on ${FED_STATION}`);
      values[parameter] = Math.round(rule.max * 3);
    }
    const topic = readingTopic(station.clusterId, 'wastewater', FED_STATION);
    const publish = async (): Promise<void> => {
      await publisher.publishAsync(topic, JSON.stringify({ ts: Date.now(), values }), { qos: 1 });
    };
    await publish();
    feeder = setInterval(() => void publish(), 2_000);
  });

  afterAll(async () => {
    if (feeder) clearInterval(feeder);
    await publisher?.endAsync();
    await browser?.close();
    await stack?.stop();
    if (shots.length > 0) process.stdout.write(`Screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
  });

  describe.each(SIZES)('%s', (size, viewport) => {
    it.each([
      ['signed in', true],
      ['anonymous', false],
    ] as const)('%s: every page fits the width, logs no error and (anonymous) is refused nothing', async (who, signedIn) => {
      const problems: string[] = [];
      for (const target of PAGES) {
        const { page, watch } = await open(viewport, signedIn);
        await page.goto(`${stack.dashboardUrl}${target.path}`);
        await page.locator(target.ready).first().waitFor({ timeout: 90_000 });
        // charts and panels settle: the page's own requests are answered
        await eventually(async () => expect(await page.locator('[role="status"]:has-text("Đang tải")').count()).toBe(0), {
          timeoutMs: 90_000,
          intervalMs: 250,
        });
        const overflow = await scrollOverflow(page);
        if (overflow > 0) problems.push(`${target.path}: scrolls sideways by ${overflow} px`);
        if (watch.errors.length > 0) problems.push(`${target.path}: console errors ${JSON.stringify(watch.errors)}`);
        if (!signedIn && watch.refused.length > 0) problems.push(`${target.path}: refused ${JSON.stringify(watch.refused)}`);
        if (size === 'phone' && signedIn) {
          // the header's menu opens and every navigation link is inside the screen
          await page.getByTestId('menu-button').click();
          const box = await page.getByTestId('nav-alerts').boundingBox();
          if (!box || box.x + box.width > viewport.width) problems.push(`${target.path}: the menu's links leave the screen`);
          await shot(page, `${target.name}-${size}-${who.replace(' ', '-')}-menu`);
          await page.getByTestId('menu-button').click();
        }
        await shot(page, `${target.name}-${size}-${who.replace(' ', '-')}`);
        await page.close();
      }
      expect(problems).toEqual([]);
    }, PAGES_TIMEOUT_MS);
  });

  it('acknowledges three alerts at once on the phone', async () => {
    const alerts = await eventually(
      async () => {
        const list = (await api<AlertDto[]>('/api/alerts?state=active')).filter((a) => a.station === FED_STATION);
        expect(list.length).toBeGreaterThanOrEqual(3);
        return list.slice(0, 3);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const { page, watch } = await open(PHONE, true);
    await page.goto(`${stack.dashboardUrl}/alerts?station=${FED_STATION}`);
    for (const alert of alerts) await page.getByTestId(`alert-select-${alert.id}`).check({ timeout: 90_000 });
    expect(await page.getByTestId('bulk-selected-count').innerText()).toContain('3');
    await shot(page, 'alerts-phone-bulk-selected');
    await page.getByTestId('bulk-acknowledge-submit').click();
    for (const alert of alerts) {
      await eventually(async () => expect(await page.getByTestId(`alert-row-${alert.id}`).getAttribute('data-state')).toBe('acknowledged'), {
        timeoutMs: 15_000,
      });
    }
    expect(watch.requests.filter((r) => r === 'POST /api/alerts/acknowledge')).toHaveLength(1);
    const stored = await api<AlertDto[]>('/api/alerts?state=all');
    for (const alert of alerts) expect(stored.find((a) => a.id === alert.id)?.state).toBe('acknowledged');
    expect(await scrollOverflow(page)).toBeLessThanOrEqual(0);
    await shot(page, 'alerts-phone-bulk-acknowledged');
    await page.close();
  }, 10 * 60_000);

  it('asks each API path once when the overview loads', async () => {
    const { page, watch } = await open(DESKTOP, true);
    await page.goto(`${stack.dashboardUrl}/`);
    await page.locator('[data-testid^="cluster-"]').first().waitFor({ timeout: 90_000 });
    // the snapshot, the AQI of the map and the footer's health are in
    await eventually(
      async () => {
        const paths = watch.requests.map((r) => r.split('?')[0]);
        for (const path of ['GET /api/clusters', 'GET /api/stations', 'GET /api/alerts', 'GET /api/aqi', 'GET /api/health']) {
          expect(paths).toContain(path);
        }
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    await eventually(async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('connected'), {
      timeoutMs: 20_000,
    });
    const counts = new Map<string, number>();
    for (const request of watch.requests) counts.set(request, (counts.get(request) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
    await page.close();
  }, 10 * 60_000);

  it('shows a station page again from the cache: no request on the second visit while the data is fresh', async () => {
    const { page, watch } = await open(DESKTOP, true);
    await page.goto(`${stack.dashboardUrl}/stations/pk-air-01`);
    await page.getByTestId('aqi-panel').waitFor({ timeout: 90_000 });
    await page.locator('[data-testid^="chart-"]').first().waitFor({ timeout: 90_000 });
    await eventually(async () => expect(await page.locator('[role="status"]:has-text("Đang tải")').count()).toBe(0), {
      timeoutMs: 20_000,
      intervalMs: 250,
    });
    const firstVisit = watch.requests.length;
    // away (the overview, inside the app) and back with the browser's back button
    await page.locator('.nav a[href="/"]').click();
    await page.locator('[data-testid^="cluster-"]').first().waitFor({ timeout: 90_000 });
    const beforeReturn = watch.requests.length;
    await page.goBack();
    await page.getByTestId('aqi-panel').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid^="chart-"]').first().waitFor({ timeout: 10_000 });
    const onReturn = watch.requests.slice(beforeReturn).filter((r) => !r.startsWith('GET /api/health'));
    expect(firstVisit).toBeGreaterThan(0);
    expect(onReturn).toEqual([]);
    await page.close();
  }, 10 * 60_000);
});

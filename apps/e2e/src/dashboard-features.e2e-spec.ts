import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import {
  parseRegistry,
  readingTopic,
  type AlertDto,
  type ComplianceReportDto,
  type ReadingsDto,
  type SessionDto,
  type StationDto,
} from '@langxanh/contracts';
import { COMPLIANCE_CSV_HEADERS } from '@langxanh/reports';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { launchBrowser, ROOT, tempDataDir } from './support';

const registry = parseRegistry(JSON.parse(readFileSync(join(ROOT, 'deploy/registry/bac-ninh.json'), 'utf8')));
const STATION_COUNT = registry.clusters.reduce((n, c) => n + c.stations.length, 0);

/** Screenshots of the main pages (tmp/ is not committed); their paths are printed at the end. */
const SHOT_DIR = join(ROOT, 'tmp', 'screenshots');
const shots: string[] = [];

/** pk-air-01 is silent from 25 s to 70 s after the simulators start: its chart must show a gap there. */
const GAP_STATION = 'pk-air-01';
const GAP_FROM_S = 25;
const GAP_S = 45;
/** pk-ww-01 is silent for the whole run: the test publishes its readings itself (an alert it controls). */
const FED_STATION = 'pk-ww-01';

/** `YYYY-MM-DDTHH:mm` in Vietnam time, as the dashboard's custom range takes it in the URL. */
const vietnamLocal = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);

/** Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF), enough for the compliance CSV. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * The dashboard features of the department's issue, in a real browser against the running system fed by the
 * simulators: overview and map, live values, English, an alert acknowledged, a gap where a station paused, and the
 * compliance CSV against the API.
 */
describe('dashboard features over the running system', () => {
  let stack: Stack;
  let browser: Browser;
  let publisher: MqttClient;
  let simulatorsStart: number;
  let token: string | undefined;
  let credentials: { username: string; password: string } | undefined;
  let published = 0;
  let feeder: ReturnType<typeof setInterval> | undefined;

  const authHeaders = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${stack.dashboardUrl}${path}`, { headers: authHeaders() });
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
    return (await response.json()) as T;
  };

  let session: SessionDto | undefined;
  let signedInThroughForm = false;

  /**
   * A new page (own storage), signed in when the system has accounts: the first one through the login page, the
   * others with that session put in `sessionStorage` before the app starts (logins are rate-limited per address).
   */
  async function open(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    if (credentials && !signedInThroughForm) {
      await page.goto(`${stack.dashboardUrl}/login?next=${encodeURIComponent(path)}`);
      await page.getByTestId('login-username').fill(credentials.username);
      await page.getByTestId('login-password').fill(credentials.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('user-name').waitFor({ state: 'attached', timeout: 15_000 });
      signedInThroughForm = true;
      return page;
    }
    if (session) {
      await page.addInitScript((stored: string) => window.sessionStorage.setItem('langxanh.session', stored), JSON.stringify(session));
    }
    await page.goto(`${stack.dashboardUrl}${path}`);
    if (session) await page.getByTestId('user-name').waitFor({ state: 'attached', timeout: 15_000 });
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    const path = join(SHOT_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    shots.push(path);
  }

  beforeAll(async () => {
    mkdirSync(SHOT_DIR, { recursive: true });
    stack = await startStack({
      root: ROOT,
      dataDir: tempDataDir('dashboard-features'),
      ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 },
      simulatorArgs: [
        '--seed',
        'e2e-features',
        '--time-scale',
        '30',
        '--incident-rate',
        '0',
        '--pause',
        `${GAP_STATION}@${GAP_FROM_S}+${GAP_S}`,
        '--pause',
        `${FED_STATION}@0+36000`,
      ],
    });
    simulatorsStart = Date.now();
    // With access control the stack creates a development administrator (absent before it).
    credentials = (stack as Partial<{ credentials: { username: string; password: string } }>).credentials;
    if (credentials) {
      const response = await fetch(`${stack.dashboardUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: credentials.username, password: credentials.password }),
      });
      if (!response.ok) throw new Error(`login → ${response.status}`);
      session = (await response.json()) as SessionDto;
      token = session.token;
    }
    publisher = await mqtt.connectAsync(stack.broker.url, { clientId: `e2e-dash-${process.pid}` });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    if (feeder) clearInterval(feeder);
    await publisher?.endAsync();
    await browser?.close();
    await stack?.stop();
    if (shots.length > 0) process.stdout.write(`Screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
  });

  it('loads the overview: every cluster, the province map with every station, live connection', async () => {
    const page = await open('/');
    for (const cluster of registry.clusters) await page.getByTestId(`cluster-${cluster.id}`).waitFor({ timeout: 30_000 });
    await page.getByTestId('province-map').waitFor();
    expect(await page.getByTestId('province-outline').getAttribute('d')).toMatch(/^M/);
    expect(await page.locator('[data-testid^="map-station-"]').count()).toBe(STATION_COUNT);
    await eventually(
      async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('connected'),
      { timeoutMs: 30_000 },
    );
    // markers take their colour from live data once readings arrive
    await eventually(
      async () => {
        const categories = await page
          .locator('[data-testid^="map-station-"]')
          .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-category')));
        expect(categories.filter((c) => c !== 'no_data').length).toBeGreaterThan(STATION_COUNT / 2);
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    await shot(page, 'overview');
    await page.close();
  });

  it('changes a live value without reloading', async () => {
    const page = await open('/');
    const value = page.getByTestId('station-value-pk-air-02-PM2.5');
    await value.waitFor({ timeout: 30_000 });
    const first = await value.textContent();
    await eventually(async () => expect(await value.textContent()).not.toBe(first), { timeoutMs: 30_000, intervalMs: 500 });
    await page.close();
  });

  it('switches the labels to English', async () => {
    const page = await open('/');
    await page.getByTestId('nav-alerts').waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    const viNav = await page.getByTestId('nav-waste').innerText();
    const viTitle = await page.locator('h1').first().innerText();
    await page.getByTestId('language-en').click();
    await eventually(async () => expect(await page.locator('html').getAttribute('lang')).toBe('en'));
    expect(await page.getByTestId('nav-waste').innerText()).toBe('Waste collection');
    expect(await page.getByTestId('nav-waste').innerText()).not.toBe(viNav);
    expect(await page.locator('h1').first().innerText()).not.toBe(viTitle);
    expect(await page.getByTestId('language-en').getAttribute('aria-pressed')).toBe('true');
    await shot(page, 'overview-en');
    await page.close();
  });

  /** Publishes readings of the fed station over its COD limit every 2 s (raises an alert that stays active). */
  async function startFeeder(): Promise<void> {
    if (feeder) return;
    const station = await api<StationDto>(`/api/stations/${FED_STATION}`);
    const cod = station.limits.find((l) => l.parameter === 'COD' && l.max !== undefined);
    expect(cod).toBeDefined();
    const high = Math.round((cod?.max ?? 150) * 3);
    const topic = readingTopic(station.clusterId, 'wastewater', FED_STATION);
    const publish = async (): Promise<void> => {
      await publisher.publishAsync(topic, JSON.stringify({ ts: Date.now(), values: { COD: high, pH: 7.2 } }), { qos: 1 });
      published += 1;
    };
    await publish();
    feeder = setInterval(() => void publish(), 2_000);
  }

  it('says "reconnecting" while the connection is lost, then backfills what it missed, without duplicates', async () => {
    const page = await open('/');
    await page.getByTestId(`station-card-${FED_STATION}`).waitFor({ timeout: 30_000 });
    await eventually(
      async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('connected'),
      { timeoutMs: 30_000 },
    );
    expect(await page.getByTestId(`station-state-${FED_STATION}`).getAttribute('data-state')).not.toBe('exceeding');

    await page.context().setOffline(true);
    await page.getByTestId('reconnecting-banner').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('reconnecting');
    await shot(page, 'reconnecting');
    // meanwhile the station exceeds its limit: an alert is raised that this page has not heard of
    await startFeeder();
    await eventually(
      async () => {
        const list = await api<AlertDto[]>('/api/alerts?state=all');
        expect(list.some((a) => a.station === FED_STATION && a.parameter === 'COD')).toBe(true);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );

    await page.context().setOffline(false);
    await eventually(
      async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('connected'),
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(await page.getByTestId('reconnecting-banner').count()).toBe(0);
    await eventually(
      async () => expect(await page.getByTestId(`station-state-${FED_STATION}`).getAttribute('data-state')).toBe('exceeding'),
      { timeoutMs: 30_000 },
    );
    await eventually(async () => expect(await page.getByTestId(`station-value-${FED_STATION}-COD`).count()).toBe(1));
    // the alert list shows the alert raised while offline once, not twice
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('alert-list').waitFor();
    const rows = page.locator(`[data-testid^="alert-row-${FED_STATION}:"][data-testid*="/COD:"]`);
    await eventually(async () => expect(await rows.count()).toBe(1), { timeoutMs: 15_000 });
    await page.close();
  });

  it('shows a raised alert, live, and acknowledges it with a comment', async () => {
    await startFeeder();
    const page = await open(`/alerts?station=${FED_STATION}`);
    const alert = await eventually(
      async () => {
        const list = await api<AlertDto[]>('/api/alerts?state=active');
        const found = list.find((a) => a.station === FED_STATION && a.parameter === 'COD');
        expect(found).toBeDefined();
        return found as AlertDto;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const row = page.getByTestId(`alert-row-${alert.id}`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getAttribute('data-state')).toBe('active');
    expect(Number(await page.getByTestId('active-alert-count').innerText())).toBeGreaterThanOrEqual(1);
    await shot(page, 'alerts');

    await page.getByTestId(`alert-ack-${alert.id}`).click();
    await row.getByTestId('alert-action-text').fill('Đã gọi cơ sở, kiểm tra bể lắng');
    await row.getByTestId('alert-action-submit').click();
    await eventually(async () => expect(await row.getAttribute('data-state')).toBe('acknowledged'), { timeoutMs: 15_000 });
    // the history sits in the card's folded details (the compact phone-first card): read its text, shown or not
    expect(await page.getByTestId(`alert-history-${alert.id}`).textContent()).toContain('Đã gọi cơ sở');
    const stored = (await api<AlertDto[]>('/api/alerts?state=all')).find((a) => a.id === alert.id);
    expect(stored?.state).toBe('acknowledged');
    await shot(page, 'alerts-acknowledged');
    await page.close();
  });

  it('draws a gap, not a line, where the simulator paused a station; 30 days come in at most ~1 000 points', async () => {
    // wait until the pause is over and the station has reported again for a while
    const resumeAt = simulatorsStart + (GAP_FROM_S + GAP_S + 20) * 1000;
    if (Date.now() < resumeAt) await new Promise((resolve) => setTimeout(resolve, resumeAt - Date.now()));

    const from = simulatorsStart - 60_000;
    const to = Date.now() + 120_000;
    const history = await api<ReadingsDto>(
      `/api/stations/${GAP_STATION}/readings?parameter=PM2.5&from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`,
    );
    const gapStart = simulatorsStart + GAP_FROM_S * 1000 + history.everyS * 1000;
    const gapEnd = simulatorsStart + (GAP_FROM_S + GAP_S) * 1000 - history.everyS * 1000;
    const inGap = history.points.filter((p) => Date.parse(p.time) >= gapStart && Date.parse(p.time) < gapEnd);
    expect(inGap.length).toBeGreaterThan(0);
    expect(inGap.every((p) => p.mean === null && p.count === 0)).toBe(true);

    const page = await open(
      `/stations/${GAP_STATION}?range=custom&from=${encodeURIComponent(vietnamLocal(from))}&to=${encodeURIComponent(vietnamLocal(to))}`,
    );
    const chart = page.getByTestId('chart-PM2.5');
    await chart.waitFor({ timeout: 30_000 });
    const line = chart.locator('path.recharts-line-curve');
    await line.waitFor({ timeout: 30_000 });
    // connectNulls={false}: each run of values is its own sub-path, so a gap means a second "M"
    await eventually(
      async () => {
        const d = (await line.getAttribute('d')) ?? '';
        expect(d.match(/M/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
      },
      { timeoutMs: 15_000 },
    );
    await page.getByTestId('aqi-panel').waitFor();
    await shot(page, 'station-air-gap');

    const month = await api<ReadingsDto>(
      `/api/stations/${GAP_STATION}/readings?parameter=PM2.5&from=${new Date(Date.now() - 30 * 86_400_000).toISOString()}&to=${new Date().toISOString()}`,
    );
    expect(month.points.length).toBeLessThanOrEqual(1_000);
    process.stdout.write(`30-day PM2.5 request: ${month.points.length} points at ${month.everyS} s\n`);
    await page.getByTestId('range-30d').click();
    await page.getByTestId('chart-PM2.5').waitFor();
    await page.close();
  });

  it('downloads the compliance CSV, whose counts match the API', async () => {
    if (feeder) clearInterval(feeder);
    feeder = undefined;
    // the station's data stop changing once the feeder stops (the simulators leave it silent)
    const day = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const query = `from=${day}&to=${day}`;
    const report = await eventually(
      async () => {
        const a = await api<ComplianceReportDto>(`/api/stations/${FED_STATION}/compliance?${query}`);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const b = await api<ComplianceReportDto>(`/api/stations/${FED_STATION}/compliance?${query}`);
        // today is counted up to now (elapsed time only): its end and expected counts grow, the rest must not move
        const settled = (rows: ComplianceReportDto['rows']) => rows.map(({ to: _to, expected: _e, completenessPct: _c, ...rest }) => rest);
        expect(settled(b.rows)).toEqual(settled(a.rows));
        return b;
      },
      { timeoutMs: 30_000 },
    );
    const codRow = report.rows.find((r) => r.parameter === 'COD' && r.averagingPeriod === 'instant');
    expect(codRow?.measured).toBe(published);
    expect(codRow?.exceedances).toBe(published);

    const page = await open(`/stations/${FED_STATION}`);
    await page.getByTestId('compliance').waitFor({ timeout: 30_000 });
    await page.getByTestId('compliance-period-day').click();
    await page.getByTestId('compliance-table').waitFor({ timeout: 30_000 });
    for (const row of report.rows) {
      const cell = page.getByTestId(`compliance-exceedances-${row.ruleId}`).first();
      expect((await cell.innerText()).replace(/\D/g, '')).toBe(String(row.exceedances));
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compliance-csv').click()]);
    const saved = join(SHOT_DIR, download.suggestedFilename());
    await download.saveAs(saved);
    const [header, ...lines] = parseCsv(readFileSync(saved, 'utf8')).filter((r) => r.length > 1);
    // the dashboard asks for the page's language: Vietnamese headers (libs/reports COMPLIANCE_CSV_HEADERS), raw values
    const col = (name: keyof (typeof COMPLIANCE_CSV_HEADERS)['vi']): number => header.indexOf(COMPLIANCE_CSV_HEADERS.vi[name]);
    expect(col('rule_id')).toBeGreaterThanOrEqual(0);
    expect(lines).toHaveLength(report.rows.length);
    for (const row of report.rows) {
      const line = lines.find((l) => l[col('rule_id')] === row.ruleId && l[col('averaging_period')] === row.averagingPeriod);
      expect(line).toBeDefined();
      expect(Number(line?.[col('measured')])).toBe(row.measured);
      expect(Number(line?.[col('exceedances')])).toBe(row.exceedances);
      // the CSV was made a few seconds after the report: today's expected count may have grown by those seconds
      expect(Number(line?.[col('expected')])).toBeGreaterThanOrEqual(row.expected);
      expect(Number(line?.[col('expected')])).toBeLessThanOrEqual(row.expected + 60);
    }
    process.stdout.write(`Compliance CSV: ${saved} (${lines.length} rows; COD instant: ${codRow?.exceedances} of ${codRow?.measured})\n`);
    await shot(page, 'station-wastewater-compliance');
    await page.close();
  });

  it('shows an anonymous visitor public air quality only (with access control)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(stack.dashboardUrl);
    await page.getByTestId('province-map').waitFor({ timeout: 30_000 });
    const air = registry.clusters.flatMap((c) => c.stations.filter((s) => s.kind === 'air').map((s) => s.id));
    for (const id of air) await page.getByTestId(`station-card-${id}`).waitFor();
    const cards = await page.locator('[data-testid^="station-card-"]').count();
    if (credentials) {
      expect(cards).toBe(air.length);
      expect(await page.getByTestId('login-link').count()).toBe(1);
      await shot(page, 'overview-anonymous');
    } else {
      expect(cards).toBe(STATION_COUNT); // no access control: everything is public
    }
    await page.close();
  });

  it('shows the waste collection view with fill levels and forecasts', async () => {
    if (credentials) {
      const login = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await login.goto(`${stack.dashboardUrl}/login`);
      await login.getByTestId('login-form').waitFor();
      await shot(login, 'login');
      await login.close();
    }
    const page = await open('/waste');
    await page.getByTestId('waste-table').waitFor({ timeout: 30_000 });
    const bins = registry.clusters.flatMap((c) => c.stations.filter((s) => s.kind === 'waste'));
    expect(await page.locator('[data-testid^="waste-row-"]').count()).toBe(bins.length);
    await eventually(
      async () => {
        const fills = await page.locator('[data-testid^="waste-fill-"]').allInnerTexts();
        expect(fills.filter((f) => /\d/.test(f)).length).toBe(bins.length);
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
    await page.getByTestId('collect-now-list').waitFor();
    await shot(page, 'waste');
    await page.close();
  });
});

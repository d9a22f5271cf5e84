import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import {
  readingTopic,
  type DeliveryRecord,
  type ReadingsDto,
  type SessionDto,
  type StationDto,
} from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { launchBrowser, login, ROOT, tempDataDir } from './support';

/** Screenshots of every admin page at both sizes (tmp/ is not committed); their paths are printed at the end. */
const SHOT_DIR = join(ROOT, 'tmp', 'screenshots', 'admin');
const shots: string[] = [];

const DESKTOP = { width: 1440, height: 900 } as const;
const PHONE = { width: 390, height: 844 } as const;
type Viewport = typeof DESKTOP | typeof PHONE;
const sizeName = (v: Viewport): string => (v.width === DESKTOP.width ? 'desktop' : 'phone');

type Tree = { readonly [key: string]: string | Tree };
const locales = Object.fromEntries(
  (['vi', 'en'] as const).map((l) => [
    l,
    JSON.parse(readFileSync(join(ROOT, `apps/dashboard/src/i18n/locales/${l}.json`), 'utf8')) as Tree,
  ]),
) as Record<'vi' | 'en', Tree>;
/** A dashboard string as the user reads it (`{{name}}` filled). */
function text(language: 'vi' | 'en', key: string, values: Record<string, string | number> = {}): string {
  let node: string | Tree = locales[language];
  for (const part of key.split('.')) node = (node as Tree)[part];
  if (typeof node !== 'string') throw new Error(`no string ${key}`);
  return node.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(values[name]));
}

/** The manager the test creates, scoped to one cluster. */
const MANAGER = { username: 'quan-ly-pk', password: 'phong-khe-2026-quan-ly', cluster: 'phong-khe' };
/** A wastewater station of that cluster and one of another cluster (wastewater data is not public). */
const IN_SCOPE_STATION = 'pk-ww-01';
const OUT_OF_SCOPE_STATION = 'dh-ww-01';
/** The station the test adds to the registry in the UI, then retires. */
const NEW_STATION = 'pk-ww-09';

/**
 * The admin pages (issue 17, item 1) in a real browser against the running system: a manager created for one
 * cluster signs in scoped; an API token is shown once and stops working when revoked; a maintenance window is
 * created and ended; a failed notification is retried; the audit view shows these actions with their before/after
 * values; every admin page at 1440×900 and 390×844, without sideways scrolling.
 */
describe('admin pages over the running system', () => {
  let stack: Stack;
  let browser: Browser;
  let admin: SessionDto;
  let publisher: MqttClient;

  /** A new page at `viewport`, signed in with `session` (put in `sessionStorage` before the app starts). */
  async function open(path: string, viewport: Viewport, session: SessionDto | null = admin): Promise<Page> {
    const page = await browser.newPage({ viewport });
    if (session) {
      await page.addInitScript(
        (stored: string) => window.sessionStorage.setItem('langxanh.session', stored),
        JSON.stringify(session),
      );
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

  /**
   * The admin page does not make the page scroll sideways: its box fits the window and nothing inside it is wider
   * (tables become cards on a phone or scroll inside their own box). The header is the app's, not measured here.
   */
  async function expectNoSideScroll(page: Page): Promise<void> {
    const box = await page.getByTestId('admin-page').evaluate((el) => ({
      right: el.getBoundingClientRect().right,
      scroll: el.scrollWidth,
      client: el.clientWidth,
      width: window.innerWidth,
    }));
    expect(box.right).toBeLessThanOrEqual(box.width);
    expect(box.scroll).toBeLessThanOrEqual(box.client);
  }

  const apiAs = async (token: string, path: string): Promise<Response> =>
    fetch(`${stack.dashboardUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    mkdirSync(SHOT_DIR, { recursive: true });
    stack = await startStack({
      root: ROOT,
      dataDir: tempDataDir('admin'),
      ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 },
      ingesterEnv: {
        // Notifications by webhook to a port nobody listens on: each delivery fails at once, to be retried by hand.
        ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/langxanh-hook',
        NOTIFY_MAX_ATTEMPTS: '1',
        NOTIFY_RETRY_BASE_MS: '10',
        AUTH_LOGIN_LIMIT: '50',
      },
    });
    admin = await login(stack.dashboardUrl, stack.credentials);
    publisher = await mqtt.connectAsync(stack.broker.url, { clientId: `e2e-admin-${process.pid}` });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await browser?.close();
    await stack?.stop();
    if (shots.length > 0) process.stdout.write(`Screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
  });

  it('refuses a bad account with field errors in Vietnamese and English, from the same rules as the API', async () => {
    const page = await open('/admin/users', DESKTOP);
    await page.getByTestId('user-username').fill('Quan Ly');
    await page.getByTestId('user-password').fill('ngan');
    await page.getByTestId('user-create-submit').click();
    expect(await page.getByTestId('error-username').innerText()).toBe(text('vi', 'admin.validation.name'));
    expect(await page.getByTestId('error-password').innerText()).toBe(
      text('vi', 'admin.validation.tooShort', { min: 12 }),
    );
    await shot(page, 'users-field-errors-vi-desktop');
    await page.getByTestId('language-en').click();
    await page.getByTestId('user-create-submit').click();
    await eventually(async () =>
      expect(await page.getByTestId('error-password').innerText()).toBe(
        text('en', 'admin.validation.tooShort', { min: 12 }),
      ),
    );
    // the API refuses the same body with the same rule (nothing was created)
    const refused = await fetch(`${stack.dashboardUrl}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        username: 'Quan Ly',
        password: 'ngan',
        role: 'manager',
        clusters: [MANAGER.cluster],
      }),
    });
    expect(refused.status).toBe(400);
    const users = (await (await apiAs(admin.token, '/api/users')).json()) as { username: string }[];
    expect(users.map((u) => u.username)).not.toContain('quan ly');
    await page.close();
  });

  it('creates a manager for one cluster, who signs in scoped and is not allowed in the admin pages', async () => {
    const page = await open('/admin/users', DESKTOP);
    await page.getByTestId('user-username').fill(MANAGER.username);
    await page.getByTestId('user-password').fill(MANAGER.password);
    await page.getByTestId('new-user-role').selectOption('manager');
    await page.getByTestId(`new-user-clusters-${MANAGER.cluster}`).check();
    await page.getByTestId('user-create-submit').click();
    await page.getByTestId('user-created').waitFor();
    const row = page.getByTestId(`users-row-${MANAGER.username}`);
    await row.waitFor();
    expect(await row.innerText()).toContain(MANAGER.cluster);
    await shot(page, 'users-created-desktop');
    await page.close();

    // the manager signs in on a phone, through the form
    const phone = await browser.newPage({ viewport: PHONE });
    await phone.goto(`${stack.dashboardUrl}/login?next=%2F`);
    await phone.getByTestId('login-username').fill(MANAGER.username);
    await phone.getByTestId('login-password').fill(MANAGER.password);
    await phone.getByTestId('login-submit').click();
    await phone.getByTestId('user-name').waitFor({ state: 'attached', timeout: 15_000 });
    await phone.getByTestId(`station-card-${IN_SCOPE_STATION}`).waitFor({ timeout: 30_000 });
    expect(await phone.getByTestId(`station-card-${OUT_OF_SCOPE_STATION}`).count()).toBe(0);
    await shot(phone, 'manager-overview-phone');
    await phone.goto(`${stack.dashboardUrl}/admin/users`);
    await phone.getByTestId('admin-not-allowed').waitFor({ timeout: 15_000 });
    await shot(phone, 'manager-not-allowed-phone');
    await phone.close();
  });

  it('disables the manager and resets their password', async () => {
    const page = await open('/admin/users', PHONE);
    await page.getByTestId(`user-edit-${MANAGER.username}`).click();
    await page.getByTestId('user-edit-password').fill('mat-khau-moi-2026-pk');
    await page.getByTestId('user-edit-submit').click();
    await page.getByTestId('user-edit-form').waitFor({ state: 'detached' });
    await page.getByTestId(`user-edit-${MANAGER.username}`).click();
    await page.getByTestId('user-toggle-disabled').click();
    await eventually(async () =>
      expect(await page.getByTestId(`user-status-${MANAGER.username}`).innerText()).toBe(
        text('vi', 'admin.users.disabled'),
      ),
    );
    const refused = await fetch(`${stack.dashboardUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: MANAGER.username, password: 'mat-khau-moi-2026-pk' }),
    });
    expect(refused.status).toBe(401);
    await shot(page, 'users-disabled-phone');
    await page.close();
  });

  it('creates an API token whose secret is shown once, and which stops working when revoked', async () => {
    const page = await open('/admin/tokens', DESKTOP);
    await page.getByTestId('token-name').fill('cong-thong-tin');
    await page.getByTestId('token-role').selectOption('department');
    await page.getByTestId('token-create-submit').click();
    const secret = await page.getByTestId('token-secret-value').innerText();
    expect(secret).toMatch(/^lxt_/);
    await shot(page, 'tokens-secret-desktop');
    expect((await apiAs(secret, '/api/stations')).status).toBe(200);
    // shown once: gone after "I have copied it" and not in the list
    await page.getByTestId('token-secret-done').click();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
    expect(await page.getByTestId('tokens').innerText()).not.toContain(secret);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('token-revoke-cong-thong-tin').click();
    await page.getByTestId('token-revoke-cong-thong-tin').waitFor({ state: 'detached' });
    expect((await apiAs(secret, '/api/stations')).status).toBe(401);
    await page.close();
  });

  it('creates a maintenance window for a station and ends it', async () => {
    const page = await open('/admin/silences', PHONE);
    await page.getByTestId('silence-kind').selectOption('maintenance');
    await page.getByTestId('silence-target').selectOption(IN_SCOPE_STATION);
    const inTwoHours = new Date(Date.now() + 7 * 3_600_000 + 2 * 3_600_000).toISOString().slice(0, 16);
    await page.getByTestId('silence-to').fill(inTwoHours);
    await page.getByTestId('silence-reason').fill('Thay điện cực pH');
    await page.getByTestId('silence-create-submit').click();
    const row = page.locator('[data-testid^="silences-row-"]');
    await row.first().waitFor();
    expect(await row.first().innerText()).toContain('Thay điện cực pH');
    await shot(page, 'silences-phone');
    await page.locator('[data-testid^="silence-end-"]').first().click();
    await page.getByTestId('silences-empty').waitFor();
    await page.close();
  });

  it('retries a failed notification', async () => {
    const station = (await (
      await apiAs(admin.token, `/api/stations/${IN_SCOPE_STATION}`)
    ).json()) as StationDto;
    const cod = station.limits.find((l) => l.parameter === 'COD' && l.max !== undefined);
    expect(cod).toBeDefined();
    const topic = readingTopic(station.clusterId, 'wastewater', IN_SCOPE_STATION);
    // two readings over the limit: the wastewater policy confirms an exceedance on the second one
    for (const ago of [60_000, 1_000]) {
      await publisher.publishAsync(
        topic,
        JSON.stringify({ ts: Date.now() - ago, values: { COD: (cod?.max ?? 150) * 3, pH: 7.2 } }),
        { qos: 1 },
      );
    }
    let failed: DeliveryRecord | undefined;
    await eventually(
      async () => {
        const records = (await (await apiAs(admin.token, '/api/notifications')).json()) as DeliveryRecord[];
        failed = records.find(
          (r) => r.station === IN_SCOPE_STATION && r.channel === 'webhook' && r.outcome === 'failed',
        );
        expect(failed).toBeDefined();
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const page = await open('/admin/notifications', DESKTOP);
    await page.getByTestId('notification-outcome').selectOption('failed');
    await page.getByTestId(`notification-retry-${failed?.id ?? ''}`).click();
    await page.getByTestId('notification-retried').waitFor();
    await eventually(
      async () => {
        const audit = (await (await apiAs(admin.token, '/api/audit?action=notification.retry')).json()) as {
          outcome: string;
        }[];
        expect(audit.map((a) => a.outcome)).toEqual(['ok']);
      },
      { timeoutMs: 10_000 },
    );
    // the new attempt fails again (nobody listens): a failed outcome with its error, listed again
    await eventually(
      async () => {
        await page.reload();
        await page.getByTestId(`notification-retry-${failed?.id ?? ''}`).waitFor({ timeout: 5_000 });
      },
      { timeoutMs: 30_000 },
    );
    await shot(page, 'notifications-desktop');
    await page.close();
  });

  const vietnamToday = (): string => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const stationLimits = async (id: string): Promise<StationDto['limits']> =>
    ((await (await apiAs(admin.token, `/api/stations/${id}`)).json()) as StationDto).limits;

  it('adds a station in the UI whose readings are accepted and shown without a restart', async () => {
    const page = await open('/admin/stations', DESKTOP);
    await page.getByTestId('station-new').click();
    await page.getByTestId('station-cluster').selectOption(MANAGER.cluster);
    await page.getByTestId('station-id').fill(NEW_STATION);
    await page.getByTestId('station-name').fill('Cửa xả thử nghiệm Phong Khê');
    await page.getByTestId('station-lat').fill('21,2035');
    await page.getByTestId('station-lon').fill('106.0462');
    await page.getByTestId('station-expectedIntervalS').fill('60');
    await page.getByTestId('station-column').selectOption('B');
    await page.getByTestId('station-submit').click();
    await page.getByTestId('station-saved').waitFor();
    await page.getByTestId(`stations-row-${NEW_STATION}`).waitFor();
    await shot(page, 'stations-added-desktop');
    await page.close();

    const topic = readingTopic(MANAGER.cluster, 'wastewater', NEW_STATION);
    await publisher.publishAsync(topic, JSON.stringify({ ts: Date.now(), values: { COD: 42.5, pH: 7.1 } }), {
      qos: 1,
    });
    const overview = await open('/', PHONE);
    const value = overview.getByTestId(`station-value-${NEW_STATION}-COD`);
    await value.waitFor({ timeout: 30_000 });
    await eventually(async () => expect(await value.innerText()).toMatch(/42[.,]5/), { timeoutMs: 30_000 });
    await shot(overview, 'overview-new-station-phone');
    await overview.close();
  });

  it('changes a permit limit with an effective date, checked field by field first, and the alert rule uses it', async () => {
    const page = await open('/admin/stations', DESKTOP);
    await page.getByTestId(`station-edit-${NEW_STATION}`).click();
    await page.getByTestId('station-permitNumber').fill('15/GP-UBND');
    await page.getByTestId('station-permitFrom').fill(vietnamToday());
    await page.getByTestId('permit-limit-add').click();
    await page.getByTestId('permit-limit-0-parameter').fill('COD');
    await page.getByTestId('permit-limit-0-min').fill('60');
    await page.getByTestId('permit-limit-0-max').fill('50');
    await page.getByTestId('station-submit').click();
    // min above max: refused by the registry schema's own rule before anything is sent
    await page.getByTestId('error-permit.limits.0').waitFor();
    await page.getByTestId('permit-limit-0-min').fill('');
    await page.getByTestId('station-submit').click();
    await page.getByTestId('station-saved').waitFor();
    await shot(page, 'stations-permit-desktop');
    await page.close();
    await eventually(async () => {
      const cod = (await stationLimits(NEW_STATION)).find((l) => l.parameter === 'COD');
      expect([cod?.max, cod?.source.document]).toEqual([50, 'Giấy phép môi trường 15/GP-UBND']);
    });
    // 80 mg/L: under QCVN 40:2011 column B (150) but over the permit's 50 — readings every second until the
    // station's alert policy (consecutive readings) confirms the exceedance
    const topic = readingTopic(MANAGER.cluster, 'wastewater', NEW_STATION);
    await eventually(
      async () => {
        await publisher.publishAsync(
          topic,
          JSON.stringify({ ts: Date.now(), values: { COD: 80, pH: 7.1 } }),
          { qos: 1 },
        );
        const alerts = (await (await apiAs(admin.token, `/api/alerts?station=${NEW_STATION}`)).json()) as {
          parameter: string;
          max?: number;
        }[];
        expect(alerts.find((a) => a.parameter === 'COD')?.max).toBe(50);
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
  });

  it('restores the previous registry version', async () => {
    const page = await open('/admin/registry', DESKTOP);
    const current = Number((await page.getByTestId('registry-version').innerText()).match(/\d+/)?.[0]);
    expect(current).toBeGreaterThan(1);
    await page.getByTestId(`version-view-${current - 1}`).click();
    await page.getByTestId('version-detail').waitFor();
    await shot(page, 'registry-view-desktop');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId(`version-restore-${current - 1}`).click();
    await page.getByTestId('registry-restored').waitFor();
    await eventually(async () =>
      expect((await stationLimits(NEW_STATION)).find((l) => l.parameter === 'COD')?.max).not.toBe(50),
    );
    await page.close();
  });

  it('retires a station: it leaves the overview while its history stays readable', async () => {
    const page = await open('/admin/stations', PHONE);
    page.once('dialog', (dialog) => void dialog.accept('Thử nghiệm xong'));
    await page.getByTestId(`station-retire-${NEW_STATION}`).click();
    await eventually(async () =>
      expect(await page.getByTestId(`station-status-${NEW_STATION}`).innerText()).toContain(
        text('vi', 'admin.stations.retired'),
      ),
    );
    await shot(page, 'stations-retired-phone');
    await page.close();
    const overview = await open('/', DESKTOP);
    await overview.getByTestId(`station-card-${IN_SCOPE_STATION}`).waitFor({ timeout: 30_000 });
    expect(await overview.getByTestId(`station-card-${NEW_STATION}`).count()).toBe(0);
    await overview.close();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    await eventually(
      async () => {
        const history = await apiAs(
          admin.token,
          `/api/stations/${NEW_STATION}/readings?parameter=COD&from=${from}&to=${to}`,
        );
        expect(history.status).toBe(200);
        const body = (await history.json()) as ReadingsDto;
        expect(body.points.some((p) => p.mean !== null)).toBe(true);
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    );
  });

  it('finds these actions in the audit view with their before and after values', async () => {
    const page = await open('/admin/audit', DESKTOP);
    await page.getByTestId('audit-target').fill(MANAGER.username);
    await page.getByTestId('audit-apply').click();
    const rows = page.locator('[data-testid^="audit-row-"]');
    await eventually(async () => {
      const all = await rows.allInnerTexts();
      expect(
        all.some((r) => r.includes('user.create') && r.includes('manager') && r.includes(MANAGER.cluster)),
      ).toBe(true);
      expect(all.some((r) => r.includes('user.update') && r.includes('disabled') && r.includes('true'))).toBe(
        true,
      );
      expect(
        all.some((r) => r.includes('user.update') && r.includes('password') && r.includes('changed')),
      ).toBe(true);
      expect(all.some((r) => r.includes('token.'))).toBe(false);
    });
    await shot(page, 'audit-user-desktop');
    await page.getByTestId('audit-target').fill('');
    await page.getByTestId('audit-action').fill('token.');
    await page.getByTestId('audit-apply').click();
    await eventually(async () => {
      const all = await rows.allInnerTexts();
      expect(
        all.some(
          (r) => r.includes('token.create') && r.includes('cong-thong-tin') && r.includes('department'),
        ),
      ).toBe(true);
      expect(all.some((r) => r.includes('token.revoke'))).toBe(true);
      expect(all.every((r) => r.includes('token.'))).toBe(true);
    });
    // a time range that ends before the test began finds nothing
    await page.getByTestId('audit-action').fill('');
    await page.getByTestId('audit-to').fill('2020-01-01T00:00');
    await page.getByTestId('audit-apply').click();
    await page.getByTestId('audit-empty').waitFor();
    // the registry changes, each with what changed before → after
    await page.getByTestId('audit-to').fill('');
    await page.getByTestId('audit-action').fill('registry.');
    await page.getByTestId('audit-apply').click();
    await eventually(async () => {
      const all = await rows.allInnerTexts();
      for (const action of [
        'registry.station.create',
        'registry.station.update',
        'registry.restore',
        'registry.station.retire',
      ]) {
        expect([action, all.some((r) => r.includes(action))]).toEqual([action, true]);
      }
      expect(all.some((r) => r.includes('registry.station.update') && r.includes('15/GP-UBND'))).toBe(true);
    });
    await shot(page, 'audit-registry-desktop');
    await page.close();
  });

  it('shows every admin page at 1440×900 and 390×844 without sideways scrolling', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const section of [
        'users',
        'tokens',
        'stations',
        'registry',
        'silences',
        'notifications',
        'audit',
      ]) {
        const page = await open(`/admin/${section}`, viewport);
        await page.getByTestId(`admin-${section}`).waitFor({ timeout: 15_000 });
        await page.waitForLoadState('networkidle');
        await expectNoSideScroll(page);
        await shot(page, `admin-${section}-${sizeName(viewport)}`);
        await page.close();
      }
    }
  });
});

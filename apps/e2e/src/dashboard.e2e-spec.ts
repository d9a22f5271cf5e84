import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseRegistry } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { launchBrowser, ROOT, tempDataDir } from './support';

const registry = parseRegistry(JSON.parse(readFileSync(join(ROOT, 'deploy/registry/bac-ninh.json'), 'utf8')));

/**
 * What a newcomer sees after `npm start`: the whole stack as processes (built ingester, dashboard behind vite
 * preview, simulators), and a headless browser at the printed URL.
 */
describe('dashboard over the running system', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({
      root: ROOT,
      dataDir: tempDataDir('dashboard'),
      ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 },
      simulatorArgs: ['--seed', 'e2e', '--time-scale', '30'],
    });
    browser = await launchBrowser();
  });

  /** A new page signed in as the development administrator (wastewater and waste data are not public). */
  async function signedIn(path: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.dashboardUrl}/login?next=${encodeURIComponent(path)}`);
    await page.getByTestId('login-username').fill(stack.credentials.username);
    await page.getByTestId('login-password').fill(stack.credentials.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor({ state: 'attached', timeout: 15_000 });
    return page;
  }

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows all six clusters with live values that change within a minute', async () => {
    const page = await signedIn('/');
    for (const cluster of registry.clusters) {
      await page.getByTestId(`cluster-${cluster.id}`).waitFor({ timeout: 30_000 });
    }
    await eventually(
      async () => expect(await page.getByTestId('connection-status').getAttribute('data-state')).toBe('connected'),
      { timeoutMs: 30_000 },
    );

    // Every station card is there; values appear and then change.
    const stationIds = registry.clusters.flatMap((c) => c.stations.map((s) => s.id));
    for (const id of stationIds) await page.getByTestId(`station-card-${id}`).waitFor();
    const snapshot = async () =>
      page.locator('[data-testid^="station-value-"]').evaluateAll((nodes) =>
        Object.fromEntries(nodes.map((n) => [n.getAttribute('data-testid'), n.textContent ?? ''])),
      );
    const first = await eventually(
      async () => {
        const values = await snapshot();
        expect(Object.keys(values).length).toBeGreaterThan(stationIds.length);
        return values;
      },
      { timeoutMs: 30_000 },
    );
    await eventually(
      async () => {
        const now = await snapshot();
        const changed = Object.keys(first).filter((k) => now[k] !== undefined && now[k] !== first[k]);
        expect(changed.length).toBeGreaterThan(5);
      },
      { timeoutMs: 60_000, intervalMs: 2_000 },
    );
    // Every cluster shows values, not only some.
    for (const cluster of registry.clusters) {
      const text = await page.getByTestId(`cluster-${cluster.id}`).innerText();
      expect(text).toMatch(/\d/);
    }
    await page.screenshot({ path: join(stack.logDir, 'overview.png'), fullPage: true });
  });

  it('opens a station page with a chart per parameter', async () => {
    const page = await signedIn('/stations/pk-ww-01');
    await page.getByTestId('chart-COD').waitFor({ timeout: 30_000 });
    await page.getByTestId('range-24h').click();
    await page.getByTestId('chart-pH').waitFor();
  });
});

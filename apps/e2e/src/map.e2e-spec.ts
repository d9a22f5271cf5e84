import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { SessionDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { launchBrowser, login, ROOT, tempDataDir } from './support';

/** Screenshots (tmp/ is not committed); their paths are printed at the end. */
const SHOT_DIR = join(ROOT, 'tmp', 'screenshots');
const shots: string[] = [];
const SIZES = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
/** WCAG 2.2 SC 2.5.5 target size, CSS px. */
const MIN_TAP_PX = 44;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

async function boxes(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((nodes) =>
    nodes.map((n) => {
      const r = n.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

/** Labels overlap neither each other nor a marker (what the map shows at this moment). */
async function expectNoLabelCollision(page: Page, markerSelector: string): Promise<number> {
  const labels = await boxes(page.locator('.map-label'));
  const markers = await boxes(page.locator(markerSelector));
  for (let i = 0; i < labels.length; i += 1) {
    for (let j = i + 1; j < labels.length; j += 1) expect(overlap(labels[i], labels[j])).toBe(false);
    for (const m of markers) expect(overlap(labels[i], m)).toBe(false);
  }
  return labels.length;
}

/**
 * The province map in a real browser against the running system (simulators feeding it), at a desk and on a phone:
 * the bundled outline of the present province with its attribution, zoom in and out, pan, cluster markers that
 * zoom in when tapped, station markers of at least 44 px that open a popup with the station's state and latest
 * values, and labels that never overlap.
 */
describe('province map over the running system', () => {
  let stack: Stack;
  let browser: Browser;
  let session: SessionDto | undefined;

  beforeAll(async () => {
    mkdirSync(SHOT_DIR, { recursive: true });
    stack = await startStack({
      root: ROOT,
      dataDir: tempDataDir('map'),
      ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 },
      simulatorArgs: ['--seed', 'e2e-map', '--time-scale', '30', '--incident-rate', '0'],
    });
    const credentials = (stack as Partial<{ credentials: { username: string; password: string } }>).credentials;
    if (credentials) session = await login(stack.dashboardUrl, credentials);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (shots.length > 0) process.stdout.write(`Screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
  });

  it.each(SIZES)('works at $width×$height ($name)', async ({ name, width, height }) => {
    const page = await browser.newPage({ viewport: { width, height } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (session) {
      await page.addInitScript((stored: string) => window.sessionStorage.setItem('langxanh.session', stored), JSON.stringify(session));
    }
    await page.goto(`${stack.dashboardUrl}/?lang=vi`);
    const map = page.getByTestId('province-map');
    await map.waitFor({ timeout: 30_000 });
    await map.scrollIntoViewIfNeeded();

    // the outline of the present province, with source and licence in the attribution
    const outline = page.getByTestId('province-outline');
    await outline.waitFor();
    expect(await outline.getAttribute('d')).toMatch(/^M/);
    expect((await outline.boundingBox())?.width).toBeGreaterThan(width / 3);
    const attribution = await page.locator('.leaflet-control-attribution').innerText();
    expect(attribution).toContain('Open Development Mekong');
    expect(attribution).toContain('CC BY-SA 4.0');

    // one marker per cluster, each at least 44 px, its stations as coloured pips; labels do not collide
    const clusters = page.locator('[data-testid^="map-cluster-"]');
    await eventually(
      async () => {
        const found = await boxes(clusters);
        expect(found).toHaveLength(6);
        for (const b of found) expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(MIN_TAP_PX);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    expect(await expectNoLabelCollision(page, '.map-cluster__hit')).toBeGreaterThanOrEqual(4);
    await eventually(
      async () => {
        const categories = await page.locator('[data-role="pip"]').evaluateAll((n) => n.map((e) => e.getAttribute('data-category')));
        expect(categories.filter((c) => c !== 'no_data').length).toBeGreaterThan(0);
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    await page.waitForTimeout(300); // let the last tiles of the layout settle before the picture
    await map.screenshot({ path: join(SHOT_DIR, `map-${name}.png`) });
    shots.push(join(SHOT_DIR, `map-${name}.png`));

    // zoom in and out with the buttons: one level each (the map element's data-zoom), markers further apart
    const canvasEl = page.locator('.province-map__canvas');
    const zoom = async () => Number(await canvasEl.getAttribute('data-zoom'));
    const centre = async (id: string) => {
      const b = (await page.getByTestId(`map-cluster-${id}`).boundingBox())!;
      return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    };
    const spread = async () => {
      const [a, b] = [await centre('da-hoi'), await centre('phu-lang')];
      return Math.hypot(a.x - b.x, a.y - b.y);
    };
    const z0 = await zoom();
    const d0 = await spread();
    await page.locator('.leaflet-control-zoom-in').click();
    await eventually(async () => expect(await zoom()).toBe(z0 + 1), { timeoutMs: 5_000 });
    await eventually(async () => expect(await spread()).toBeGreaterThan(d0 * 1.1), { timeoutMs: 5_000 });
    await page.locator('.leaflet-control-zoom-out').click();
    await eventually(async () => expect(await zoom()).toBe(z0), { timeoutMs: 5_000 });

    // pan: drag the map 80 px left and 40 px up; the markers follow
    const canvas = (await canvasEl.boundingBox())!;
    await eventually(async () => expect(Math.abs((await spread()) - d0)).toBeLessThan(2), { timeoutMs: 5_000 });
    const start = await centre('phu-lang');
    const from = { x: canvas.x + canvas.width - 30, y: canvas.y + canvas.height - 60 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let step = 1; step <= 8; step += 1) await page.mouse.move(from.x - 10 * step, from.y - 5 * step);
    await page.waitForTimeout(250); // a pause before letting go: no inertia (Leaflet throws only a fast release)
    await page.mouse.up();
    await eventually(
      async () => {
        const moved = await centre('phu-lang');
        expect(Math.abs(moved.x - start.x + 80)).toBeLessThan(6);
        expect(Math.abs(moved.y - start.y + 40)).toBeLessThan(6);
      },
      { timeoutMs: 5_000 },
    );

    // tap a cluster: it zooms in to its stations, each its own marker of at least 44 px
    await page.getByTestId('map-cluster-phong-khe').click();
    const marker = page.locator('.map-marker__hit[data-testid="map-station-pk-air-02"]');
    await marker.waitFor({ timeout: 10_000 });
    const stationMarkers = page.locator('.map-marker__hit');
    for (const b of await boxes(stationMarkers)) {
      expect(b.width).toBeGreaterThanOrEqual(MIN_TAP_PX);
      expect(b.height).toBeGreaterThanOrEqual(MIN_TAP_PX);
    }
    // no two station markers' tap targets overlap, nor a label and a marker
    const targets = await boxes(stationMarkers);
    for (let i = 0; i < targets.length; i += 1) for (let j = i + 1; j < targets.length; j += 1) expect(overlap(targets[i], targets[j])).toBe(false);
    await expectNoLabelCollision(page, '.map-marker__hit');

    // tap the air station: a popup with its state, its VN_AQI (or why there is none) and its latest values
    await marker.click();
    const popup = page.getByTestId('map-popup-pk-air-02');
    await popup.waitFor({ timeout: 10_000 });
    const state = await popup.getByTestId('map-popup-state').innerText();
    expect(state).toMatch(/Bình thường|Vượt ngưỡng|Mất tín hiệu|Chưa có dữ liệu/);
    expect(state).toMatch(/VN_AQI/);
    await eventually(async () => expect(await popup.getByTestId('map-popup-values').innerText()).toMatch(/PM2\.5\s+[\d.,]+\s*µg\/m³/), {
      timeoutMs: 30_000,
    });
    expect(await popup.getByRole('link').getAttribute('href')).toBe('/stations/pk-air-02');
    // the popup lies inside the map (once Leaflet's animated auto-pan has moved it there)
    await eventually(async () => {
      const popupBox = (await page.locator('.leaflet-popup-content-wrapper').boundingBox())!;
      const mapBox = (await page.locator('.province-map__canvas').boundingBox())!;
      expect(popupBox.x).toBeGreaterThanOrEqual(mapBox.x - 1);
      expect(popupBox.x + popupBox.width).toBeLessThanOrEqual(mapBox.x + mapBox.width + 1);
    }, { timeoutMs: 5_000 });
    await map.screenshot({ path: join(SHOT_DIR, `map-${name}-popup.png`) });
    shots.push(join(SHOT_DIR, `map-${name}-popup.png`));

    // the map never makes the page wider than the screen (the page header's own phone layout is not the map's),
    // and nothing threw
    const mapRight = await map.evaluate((el) => el.getBoundingClientRect().right);
    expect(mapRight).toBeLessThanOrEqual(width);
    expect(errors).toEqual([]);
    await page.close();
  });
});

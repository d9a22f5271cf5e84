// Takes screenshots of a running dashboard with Debian's Chromium (headless), for a look at the layout.
//
//   DASHBOARD_URL=http://127.0.0.1:4200 OUT_DIR=/tmp/dashboard-shots node apps/dashboard/scripts/screenshot.mjs
//
// Screenshots go to OUT_DIR (default: a temporary folder), never into the repository.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.DASHBOARD_URL ?? 'http://127.0.0.1:4200';
const outDir = process.env.OUT_DIR ?? mkdtempSync(join(tmpdir(), 'dashboard-shots-'));
mkdirSync(outDir, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));

const pages = (process.env.PAGES ?? '/,/stations/pk-ww-01,/alerts').split(',');
const widths = (process.env.WIDTHS ?? '1280,390').split(',').map(Number);
const language = process.env.LANG_CODE ?? 'vi';

const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  timezoneId: process.env.BROWSER_TZ ?? 'Europe/Paris', // deliberately not Vietnam: times must still show in ICT
});
try {
  for (const width of widths) {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    for (const path of pages) {
      const url = `${base}${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
      await page.goto(url, { waitUntil: 'networkidle' });
      await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', { timeout: 10_000 });
      if (process.env.SCROLL_TO) await page.getByTestId(process.env.SCROLL_TO).scrollIntoViewIfNeeded();
      await page.waitForTimeout(1_500);
      const name = `${path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'overview'}-${width}-${language}.png`;
      await page.screenshot({ path: join(outDir, name), fullPage: process.env.FULL_PAGE !== '0' });
      console.log(join(outDir, name));
    }
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

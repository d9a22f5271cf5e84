import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mqtt from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { readingTopic, toVietnamIso, type AlertDto, type SessionDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { launchBrowser, login, ROOT, tempDataDir } from './support';

/** Screenshots and downloaded files (tmp/ is not committed). */
const OUT_DIR = join(ROOT, 'tmp', 'screenshots', 'exports');
const STATION = 'pk-ww-01';
const MINUTE = 60_000;
const COUNT = 30;

/**
 * The export menu in a real browser against the running system (built ingester and dashboard, real mosquitto and
 * influxd): readings of a station as CSV (desktop) and XLSX, the alert history as XLSX on a 390×844 phone; each
 * downloaded file is read back (csv-parse, exceljs) and compared with what was published.
 */
describe('exports from the dashboard', () => {
  let stack: Stack;
  let browser: Browser;
  let session: SessionDto;
  let alert: AlertDto;
  const start = Math.floor((Date.now() - 40 * MINUTE) / MINUTE) * MINUTE;
  // COD 100 mg/L, the last two over the 135 mg/L limit of pk-ww-01 (QCVN 40:2011 B × Kq 0.9): one alert.
  const cod = (i: number) => (i >= COUNT - 2 ? 200 + i : 100 + i / 10);

  const open = async (path: string, viewport: { width: number; height: number }): Promise<Page> => {
    const page = await browser.newPage({ viewport, acceptDownloads: true });
    await page.addInitScript((stored: string) => window.sessionStorage.setItem('langxanh.session', stored), JSON.stringify(session));
    await page.goto(`${stack.dashboardUrl}${path}`);
    await page.getByTestId('user-name').waitFor({ state: 'attached', timeout: 30_000 });
    return page;
  };
  const download = async (page: Page, menu: string, format: 'csv' | 'xlsx', name: string): Promise<string> => {
    const summary = page.getByTestId(`export-menu-${menu}`).locator('summary');
    if ((await page.getByTestId(`export-${format}`).isVisible()) === false) await summary.click();
    await page.screenshot({ path: join(OUT_DIR, `${name}-menu.png`), fullPage: false });
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-${format}`).click()]);
    const saved = join(OUT_DIR, `${name}-${file.suggestedFilename()}`);
    await file.saveAs(saved);
    return saved;
  };

  beforeAll(async () => {
    mkdirSync(OUT_DIR, { recursive: true });
    stack = await startStack({ root: ROOT, dataDir: tempDataDir('exports'), ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 } });
    session = await login(stack.dashboardUrl, stack.credentials);
    const publisher = await mqtt.connectAsync(stack.broker.url, { clientId: `e2e-exports-${process.pid}` });
    for (let i = 0; i < COUNT; i++) {
      await publisher.publishAsync(readingTopic('phong-khe', 'wastewater', STATION), JSON.stringify({ ts: start + i * MINUTE, values: { COD: cod(i), pH: 7 } }), { qos: 1 });
    }
    await publisher.endAsync();
    alert = await eventually(
      async () => {
        const response = await fetch(`${stack.dashboardUrl}/api/alerts?station=${STATION}`, { headers: { authorization: `Bearer ${session.token}` } });
        // (with no simulators running, the station's offline alert is there too)
        const found = ((await response.json()) as AlertDto[]).find((a) => a.parameter === 'COD');
        if (!found) throw new Error('no COD alert yet');
        return found;
      },
      { timeoutMs: 30_000 },
    );
    // Stored in InfluxDB (through the spool) before the browser asks for the file.
    await eventually(
      async () => {
        const response = await fetch(
          `${stack.dashboardUrl}/api/exports/readings?stations=${STATION}&parameters=COD&from=${new Date(start).toISOString()}&to=${new Date(start + COUNT * MINUTE).toISOString()}`,
          { headers: { authorization: `Bearer ${session.token}` } },
        );
        expect((await response.text()).trim().split('\n')).toHaveLength(1 + COUNT);
      },
      { timeoutMs: 30_000 },
    );
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('downloads the station readings as CSV (Vietnamese) and XLSX on a desktop, and they read back', async () => {
    const page = await open(`/stations/${STATION}?range=6h`, { width: 1440, height: 900 });
    const csvFile = await download(page, 'readings', 'csv', 'desktop-readings');
    const bytes = readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0].slice(0, 3)).toEqual(['Mã trạm', 'Tên trạm', 'Thời gian (giờ Việt Nam)']);
    const codColumn = rows[0].indexOf('Nhu cầu oxy hoá học COD (mg/L)');
    expect(codColumn).toBeGreaterThan(2);
    const ours = rows.slice(1).filter((r) => Date.parse(r[2]) >= start && Date.parse(r[2]) < start + COUNT * MINUTE);
    expect(ours.map((r) => r[2])).toEqual(Array.from({ length: COUNT }, (_, i) => toVietnamIso(start + i * MINUTE)));
    expect(ours.map((r) => Number(r[codColumn]))).toEqual(Array.from({ length: COUNT }, (_, i) => cod(i)));

    const xlsxFile = await download(page, 'readings', 'xlsx', 'desktop-readings');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxFile);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Số liệu quan trắc');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(rows[0]);
    expect(sheet.actualRowCount).toBe(rows.length);
    await page.screenshot({ path: join(OUT_DIR, 'desktop-station.png'), fullPage: true });
    await page.close();
  });

  it('downloads the alert history as XLSX on a 390×844 phone, in English, the menu within the screen', async () => {
    const page = await open('/alerts?lang=en', { width: 390, height: 844 });
    await page.getByTestId('alert-list').waitFor({ timeout: 30_000 });
    const saved = await download(page, 'alerts', 'xlsx', 'phone-alerts');
    // The open menu lies within the phone's width (the page's own header and filters are the layout work of the
    // phone-layout change, not this menu's).
    const box = await page.getByTestId('export-menu-alerts').locator('.export-menu__panel').boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(saved);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Alert history');
    expect((sheet.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['Alert ID', 'Cluster', 'Station ID', 'Type', 'Parameter', 'Severity', 'State']);
    const rows: unknown[][] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push((row.values as unknown[]).slice(1));
    });
    const ours = rows.find((r) => r[0] === alert.id);
    expect(ours?.slice(1, 8)).toEqual(['phong-khe', STATION, 'Outside threshold', 'COD', 'Critical', 'Active', toVietnamIso(Date.parse(alert.raisedAt))]);
    await page.screenshot({ path: join(OUT_DIR, 'phone-alerts.png'), fullPage: true });
    await page.close();
  });
});

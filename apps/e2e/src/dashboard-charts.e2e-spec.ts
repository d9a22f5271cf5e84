import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser, Page } from 'playwright-core';
import { parseRegistry, readingTopic, type ReadingsDto, type StationDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { InfluxStorage, readingToLine } from '@langxanh/storage-influx';
import { launchBrowser, ROOT, tempDataDir } from './support';

/**
 * Issue 14, "charts at every reporting rate": stations that report every 1, 5, 15 and 60 minutes (and one that
 * reports every 5 minutes without declaring it: the registry's default says 60 s) with 31 days of history and a
 * real 2-hour gap, shown in a real browser at 6 h, 24 h, 7 d, 30 d and a custom range, on a desktop and a phone.
 * Every value the API returns must be drawn (on a line segment, or as a dot where it has no neighbour), the line
 * must be unbroken where the data is, and it must break at the gap.
 *
 * History: the station's own readings, built as the ingester builds them (`readingToLine`) and written to its
 * InfluxDB (31 days of one-minute readings through MQTT would take the small test machine minutes); the newest
 * reading of each station comes through the real ingest path (MQTT → ingester → spool → InfluxDB).
 */

const DATABASE = 'langxanh_charts';
const PARAMETER = 'PM2.5';
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
/** History written per station, ms (covers the 30-day view). */
const HISTORY_MS = 31 * D;
/** Readings are stamped this long after each interval boundary, ms (a datalogger's fixed phase). */
const PHASE_MS = 7_000;

interface RateStation {
  readonly id: string;
  /** Seconds between its readings. */
  readonly everyS: number;
  /** Whether the registry declares `expectedIntervalS` (if not, the schema's default, 60 s, applies). */
  readonly declared: boolean;
  /** A second outage, [from, to) ms before the end, broken by one lone reading in its middle (drawn as a dot). */
  readonly lone?: { readonly fromMs: number; readonly toMs: number };
}
const STATIONS: readonly RateStation[] = [
  { id: 'rate-01m', everyS: 60, declared: true },
  { id: 'rate-05m', everyS: 300, declared: true },
  { id: 'rate-15m', everyS: 900, declared: true },
  { id: 'rate-60m', everyS: 3600, declared: true },
  { id: 'rate-05m-undeclared', everyS: 300, declared: false },
  { id: 'rate-05m-lone', everyS: 300, declared: true, lone: { fromMs: 11 * H, toMs: 8 * H } },
];

const VIEWPORTS = {
  desktop: { viewport: { width: 1440, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;
type ViewportName = keyof typeof VIEWPORTS;
const PRESETS = ['6h', '24h', '7d', '30d'] as const;
const PRESET_SPAN_MS: Record<(typeof PRESETS)[number], number> = { '6h': 6 * H, '24h': 24 * H, '7d': 7 * D, '30d': 30 * D };

const SHOT_DIR = join(ROOT, 'tmp', 'screenshots', 'charts');
const shots: string[] = [];

/**
 * How much earlier than the range the chart asks PM2.5 from, for a range at least this long: its longest averaged
 * limit (QCVN 05:2023/BTNMT Bảng 1, the 24 h mean), so the rolling mean exists from the range's start. Only the range
 * itself is drawn.
 */
const LEAD_MS = 24 * H;

/** The part of an answer the chart draws: from the range's start (after the lead-in). */
const shown = (history: ReadingsDto, lead: number): ReadingsDto => {
  const from = Date.parse(history.from) + lead;
  return { ...history, from: new Date(from).toISOString(), points: history.points.filter((p) => Date.parse(p.time) >= from) };
};

/** `YYYY-MM-DDTHH:mm` in Vietnam time, as the dashboard's custom range takes it in the URL. */
const vietnamLocal = (ms: number): string => new Date(ms + 7 * H).toISOString().slice(0, 16);

/** A PM2.5 value (µg/m³) with a daily cycle, below the QCVN 05:2023 limits (no alert interferes). */
const pm25 = (t: number): number => Math.round((22 + 8 * Math.sin((2 * Math.PI * t) / D) + 3 * Math.sin(t / 7_777_777)) * 10) / 10;

/** What the chart of one parameter draws, read from its SVG. */
interface ChartShape {
  /** Sub-paths of the mean line (`M…L…`): their number of points and horizontal extent, px. */
  readonly runs: { points: number; x0: number; x1: number }[];
  /** x of each dot drawn for a value without neighbours, px. */
  readonly dots: number[];
  /** The plot area (its clip rectangle), px. */
  readonly plot: { x: number; width: number };
}

/** Reads {@link ChartShape} of the chart `testId` in the page (runs in the browser). */
function readChart(testId: string): ChartShape {
  const chart = document.querySelector(`[data-testid="${testId}"]`);
  const d = chart?.querySelector('path.recharts-line-curve')?.getAttribute('d') ?? '';
  const runs = d
    .split(/(?=M)/)
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const numbers = (part.match(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi) ?? []).map(Number);
      const xs = numbers.filter((_, i) => i % 2 === 0);
      return { points: xs.length, x0: Math.min(...xs), x1: Math.max(...xs) };
    });
  const dots = Array.from(chart?.querySelectorAll('circle.chart-point-alone') ?? [])
    .filter((c) => Number(c.getAttribute('r')) > 0)
    .map((c) => Number(c.getAttribute('cx')));
  const clip = chart?.querySelector('clipPath rect');
  return {
    runs,
    dots,
    plot: { x: Number(clip?.getAttribute('x') ?? 0), width: Number(clip?.getAttribute('width') ?? 0) },
  };
}

describe('charts at every reporting rate (issue 14)', () => {
  let stack: Stack;
  let browser: Browser;
  let publisher: MqttClient;
  /** The time the history ends at (the test's "now" when it was written), epoch ms. */
  let end: number;
  /** The real gap in every station's readings: [gapFrom, gapTo), epoch ms. */
  let gapFrom: number;
  let gapTo: number;
  let clusterId: string;

  beforeAll(async () => {
    mkdirSync(SHOT_DIR, { recursive: true });
    const dataDir = tempDataDir('charts');
    const shipped = JSON.parse(readFileSync(join(ROOT, 'deploy/registry/bac-ninh.json'), 'utf8')) as {
      clusters: { id: string; stations: unknown[] }[];
    };
    const cluster = shipped.clusters[0];
    clusterId = cluster.id;
    const stations = STATIONS.map((s, i) => ({
      id: s.id,
      kind: 'air',
      name: `Trạm thử ${s.id}`,
      location: { lat: 21.19 + i * 0.002, lon: 106.02 },
      ...(s.declared ? { expectedIntervalS: s.everyS } : {}),
      standard: { qcvn: 'QCVN 05:2023/BTNMT' },
    }));
    const registry = { ...shipped, clusters: [{ ...cluster, stations }] };
    const parsed = parseRegistry(registry);
    expect(parsed.clusters[0].stations.find((s) => s.id === 'rate-05m-undeclared')?.expectedIntervalS).toBe(60);
    const registryFile = join(dataDir, 'registry.json');
    writeFileSync(registryFile, JSON.stringify(registry));

    stack = await startStack({
      root: ROOT,
      dataDir,
      ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 },
      ingesterEnv: { REGISTRY_FILE: registryFile, INFLUX_DATABASE: DATABASE },
    });
    browser = await launchBrowser();
    publisher = await mqtt.connectAsync(stack.broker.url, { clientId: `e2e-charts-${process.pid}` });

    end = Date.now();
    gapFrom = end - 4 * H;
    gapTo = end - 2 * H;
    const influx = new InfluxStorage({ url: stack.influx.url, api: 'v1', database: DATABASE });
    await influx.connect();
    try {
      for (const s of STATIONS) {
        const stepMs = s.everyS * 1000;
        let slots: number[] = [];
        for (let t = Math.ceil((end - HISTORY_MS) / stepMs) * stepMs + PHASE_MS; t <= end; t += stepMs) {
          if (t < gapFrom || t >= gapTo) slots.push(t);
        }
        if (s.lone) {
          const { fromMs, toMs } = s.lone;
          const middle = end - (fromMs + toMs) / 2;
          const loneAt = slots.reduce((best, t) => (Math.abs(t - middle) < Math.abs(best - middle) ? t : best));
          slots = slots.filter((t) => t === loneAt || t < end - fromMs || t >= end - toMs);
        }
        const newest = slots.pop() as number;
        for (let i = 0; i < slots.length; i += 5_000) {
          const lines = slots.slice(i, i + 5_000).map(
            (t) =>
              readingToLine({
                cluster: clusterId,
                kind: 'air',
                station: s.id,
                time: t,
                values: { [PARAMETER]: pm25(t) },
                status: { [PARAMETER]: '00' },
              }).line,
          );
          await influx.writeLines(`${lines.join('\n')}\n`);
        }
        await publisher.publishAsync(
          readingTopic(clusterId, 'air', s.id),
          JSON.stringify({ ts: newest, values: { [PARAMETER]: pm25(newest) } }),
          { qos: 1 },
        );
      }
    } finally {
      await influx.close();
    }
    // the newest readings went through the ingester: the stations are reporting
    for (const s of STATIONS) {
      await eventually(
        async () => {
          const response = await fetch(`${stack.dashboardUrl}/api/stations/${s.id}`);
          const station = (await response.json()) as StationDto;
          expect(station.latest[PARAMETER]).toBeDefined();
        },
        { timeoutMs: 30_000 },
      );
    }
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await browser?.close();
    await stack?.stop();
    if (shots.length > 0) process.stdout.write(`Screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}\n`);
  });

  /** A page that keeps the newest PM2.5 readings answer it received (the app may fetch a range again, e.g. after its socket connects). */
  async function openPage(viewport: ViewportName): Promise<{ page: Page; latest: () => ReadingsDto | undefined }> {
    const page = await browser.newPage(VIEWPORTS[viewport]);
    let latest: ReadingsDto | undefined;
    page.on('response', (response) => {
      const url = response.url();
      if (!url.includes('/readings?') || !url.includes(`parameter=${encodeURIComponent(PARAMETER)}`)) return;
      if (response.status() !== 200) return; // the span check of expectDrawn waits for a good answer
      void response.json().then((dto: ReadingsDto) => {
        latest = dto;
      });
    });
    return { page, latest: () => latest };
  }

  /**
   * Once the page holds an answer for a range of `spanMs`, the chart shows every value of it: values with a
   * neighbour on line segments of ≥ 2 points, the others as dots (a one-point sub-path has no length).
   * Returns the answer and what the chart draws.
   */
  async function expectDrawn(
    page: Page,
    latest: () => ReadingsDto | undefined,
    spanMs: number,
  ): Promise<{ history: ReadingsDto; shape: ChartShape }> {
    await page.getByTestId(`chart-${PARAMETER}`).waitFor({ timeout: 30_000 });
    return eventually(
      async () => {
        const history = latest();
        const lead = spanMs >= LEAD_MS ? LEAD_MS : 0; // only a range at least the period long gets the lead-in
        expect(history && Math.abs(Date.parse(history.to) - Date.parse(history.from) - (spanMs + lead))).toBeLessThan(MIN);
        const dto = shown(history as ReadingsDto, lead);
        const values = dto.points.filter((p) => p.mean !== null).length;
        expect(values).toBeGreaterThan(0);
        const shape = await page.evaluate(readChart, `chart-${PARAMETER}`);
        const onLines = shape.runs.filter((r) => r.points >= 2).reduce((n, r) => n + r.points, 0);
        const single = shape.runs.filter((r) => r.points === 1).length;
        expect({ drawn: onLines + shape.dots.length, singleWithoutDot: single - shape.dots.length }).toEqual({
          drawn: values,
          singleWithoutDot: 0,
        });
        expect(shape.plot.width).toBeGreaterThan(100);
        return { history: dto, shape };
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
  }

  /** Runs of consecutive buckets with a value in an answer, as [first, last] bucket index. */
  const runs = (history: ReadingsDto): [number, number][] => {
    const out: [number, number][] = [];
    history.points.forEach((p, i) => {
      if (p.mean === null) return;
      const last = out[out.length - 1];
      if (last && last[1] === i - 1) last[1] = i;
      else out.push([i, i]);
    });
    return out;
  };

  /** Visible pieces: line segments with ≥ 2 points and dots, left to right, as [x0, x1] px. */
  const pieces = (shape: ChartShape): [number, number][] =>
    [
      ...shape.runs.filter((r) => r.points >= 2).map((r): [number, number] => [r.x0, r.x1]),
      ...shape.dots.map((x): [number, number] => [x, x]),
    ].sort((a, b) => a[0] - b[0]);

  async function shot(page: Page, name: string, fullPage = false): Promise<void> {
    const path = join(SHOT_DIR, `${name}.png`);
    if (fullPage) await page.screenshot({ path, fullPage: true });
    else await page.getByTestId(`chart-${PARAMETER}`).screenshot({ path });
    shots.push(path);
  }

  for (const viewportName of Object.keys(VIEWPORTS) as ViewportName[]) {
    for (const station of STATIONS) {
      it(`${viewportName}: ${station.id} (a reading every ${station.everyS / 60} min) reads well in every view`, async () => {
        const { page, latest } = await openPage(viewportName);
        try {
          for (const [index, preset] of PRESETS.entries()) {
            if (index === 0) await page.goto(`${stack.dashboardUrl}/stations/${station.id}?range=${preset}`);
            else await page.getByTestId(`range-${preset}`).click();
            const { history, shape } = await expectDrawn(page, latest, PRESET_SPAN_MS[preset]);
            // never buckets narrower than the station's reporting interval (measured when the registry has none)
            expect(history.everyS).toBeGreaterThanOrEqual(station.everyS);
            expect(history.points.length).toBeLessThanOrEqual(1_000);
            const visible = pieces(shape);
            // as many pieces as runs of values in the answer: unbroken where the data is, broken at every gap
            expect(visible).toHaveLength(runs(history).length);
            // one line before the 2-hour gap and one after it (and a dot for the lone reading, if any)
            if (!station.lone) expect(visible).toHaveLength(2);
            else if (preset === '24h' || preset === '7d') expect(shape.dots).toHaveLength(1);
            const span = Date.parse(history.to) - Date.parse(history.from);
            const gapPx = ((gapTo - gapFrom) / span) * shape.plot.width;
            const bucketPx = ((history.everyS * 1000) / span) * shape.plot.width;
            const hole = visible[visible.length - 1][0] - visible[visible.length - 2][1];
            // the hole is the gap less at most one bucket
            expect(hole).toBeGreaterThanOrEqual(gapPx - bucketPx - 1);
            if (preset === '6h' || preset === '24h') expect(hole).toBeGreaterThanOrEqual(8);
            await shot(page, `${viewportName}-${station.id}-${preset}`);
            if (preset === '24h') await shot(page, `${viewportName}-${station.id}-${preset}-page`, true);
          }

          // a custom range in the past, without a gap: one unbroken line across it
          const from = Math.floor((end - 54 * H) / MIN) * MIN;
          const to = Math.floor((end - 24 * H) / MIN) * MIN;
          await page.goto(
            `${stack.dashboardUrl}/stations/${station.id}?range=custom&from=${encodeURIComponent(vietnamLocal(from))}&to=${encodeURIComponent(vietnamLocal(to))}`,
          );
          const { history, shape } = await expectDrawn(page, latest, to - from);
          expect(history.everyS).toBeGreaterThanOrEqual(station.everyS);
          const visible = pieces(shape);
          expect(visible).toHaveLength(runs(history).length);
          expect(visible).toHaveLength(1);
          expect(visible[0][1] - visible[0][0]).toBeGreaterThan(0.9 * shape.plot.width);
          await shot(page, `${viewportName}-${station.id}-custom`);
        } finally {
          await page.close();
        }
      });
    }
  }
});

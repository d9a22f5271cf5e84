/**
 * Every statement of the example Grafana dashboard (deploy/grafana/dashboards/langxanh-overview.json) run on a real
 * influxd 1.x (Debian's 1.6.7) over readings and an alert written as the ingester writes them (points.ts), with
 * Grafana's macros replaced the way Grafana expands them ($timeFilter, $__interval, a multi-value variable set to
 * "All" = its allValue `.*`). Grafana itself is not installed here; this is the closest check that its panels
 * would show data.
 */
import { setLogger } from '@influxdata/influxdb-client';
// Test-only dependency on the tooling lib that spawns influxd; the library code never imports it.
import { type RunningService, startInfluxd, stopAll } from '@langxanh/local-services';
import type { Reading } from '@langxanh/contracts';
import { dashboardQueries, exampleDashboard } from '../test/grafana';
import { memoryLogger, sampleAlert, writeReadings } from '../test/samples';
import { InfluxStorage } from './influx-storage';
import { alertToLine } from './points';

setLogger({ error: () => undefined, warn: () => undefined });

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
let influx: RunningService;
let storage: InfluxStorage;

const reading = (kind: Reading['kind'], station: string, time: number, values: Record<string, number>, status: Reading['status'] = {}): Reading => ({
  cluster: 'phong-khe',
  kind,
  station,
  time,
  values,
  status: Object.fromEntries(Object.keys(values).map((k) => [k, status[k] ?? '00'])),
});

beforeAll(async () => {
  influx = await startInfluxd({ httpPort: 0 });
  storage = new InfluxStorage({ url: influx.url, api: 'auto', database: `grafana_${process.pid}` }, memoryLogger());
  await storage.connect();
  await writeReadings(storage, [
    reading('air', 'pk-air-01', T0, { 'PM2.5': 20, PM10: 40 }),
    reading('air', 'pk-air-01', T0 + H / 2, { 'PM2.5': 30, PM10: 50 }, { 'PM2.5': '01' }),
    reading('air', 'pk-air-02', T0 + H, { 'PM2.5': 25, PM10: 45 }),
    reading('wastewater', 'pk-ww-01', T0, { COD: 120, pH: 7.2 }),
    reading('wastewater', 'pk-ww-01', T0 + H, { COD: 160, pH: 7 }, { COD: '02' }),
    reading('waste', 'pk-bin-01', T0 + H, { fill: 85 }),
  ]);
  await storage.writeLines(`${alertToLine(sampleAlert, T0 + H)}\n`);
});

afterAll(async () => {
  await storage?.close();
  await stopAll();
});

/** The statement as Grafana sends it for the range [T0 − 1 d, T0 + 1 d) with every variable at "All". */
const expand = (query: string): string =>
  query
    .replace(/\$timeFilter/g, `time >= ${T0 - 24 * H}ms and time <= ${T0 + 24 * H}ms`)
    .replace(/\$__interval/g, '1h')
    .replace(/\$(cluster|air_station|ww_station)\b/g, '.*');

describe('example Grafana dashboard on InfluxDB 1.6.7', () => {
  it.each(dashboardQueries(exampleDashboard()).map((q) => [q.where, q.query] as const))('%s returns data', async (_where, query) => {
    const series = await storage.query(expand(query));
    const values = series.flatMap((s) => s.rows.flatMap((row) => Object.entries(row).filter(([k, v]) => k !== 'time' && v !== null && v !== 0)));
    expect(values.length).toBeGreaterThan(0);
  });

  it('gives the hourly means and the flagged counts the written data imply', async () => {
    const [pm] = dashboardQueries(exampleDashboard()).filter((q) => q.query.includes('mean("PM2.5")'));
    const series = await storage.query<{ time: number; mean: number | null }>(expand(pm.query));
    const a = series.find((s) => s.tags['station'] === 'pk-air-01');
    // Both values of 00:00–01:00 UTC, the calibrating one included (Grafana's mean is of every stored value).
    expect(a?.rows.find((r) => r.time === T0)?.mean).toBe(25);
    const [flagged] = dashboardQueries(exampleDashboard()).filter((q) => q.query.includes('count("PM2.5_status")'));
    const counts = await storage.query<{ time: number; 'PM2.5': number; COD: number }>(expand(flagged.query));
    const total = (key: 'PM2.5' | 'COD') => counts.flatMap((s) => s.rows).reduce((sum, r) => sum + (r[key] ?? 0), 0);
    expect([total('PM2.5'), total('COD')]).toEqual([1, 1]);
    const [stations] = dashboardQueries(exampleDashboard()).filter((q) => q.where === 'variable $air_station');
    const tagValues = (await storage.query<{ key: string; value: string }>(stations.query)).flatMap((s) => s.rows.map((r) => r.value));
    expect(tagValues.sort()).toEqual(['pk-air-01', 'pk-air-02']);
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import type { ReadingsDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { BUILT, startStack, type Stack } from '@langxanh/stack';
import { getJson, influxCount, ROOT, tempDataDir } from './support';

const CSV = join(ROOT, '../shared/data/real/hanoi-us-embassy-pm25-2018/Hanoi_PM2.5_2018_YTD.csv');
const STATION = 'pk-air-01';

/**
 * The expected points, computed here independently of the simulators' code: rows flagged `Valid`, whose
 * concentration the contract accepts (PM2.5 in [0, 5000] µg/m³: one Valid row holds −2 and is rejected as
 * out_of_range), at their local (Asia/Ho_Chi_Minh) time converted to UTC. The file has two Valid rows labelled
 * `2018-03-11 03:00 AM`: the first is kept, by the contract's same-millisecond rule (libs/contracts `same-time.ts`:
 * the first value wins, the second is refused as `same_time_conflict`).
 */
function expectedPoints(): Map<number, number> {
  const rows = parse(readFileSync(CSV), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const points = new Map<number, number>();
  for (const row of rows) {
    const value = Number(row['Raw Conc.']);
    if (row['QC Name'] !== 'Valid' || !(value >= 0 && value <= 5000)) continue;
    const time = DateTime.fromFormat(row['Date (LT)'], 'yyyy-MM-dd hh:mm a', { zone: 'Asia/Ho_Chi_Minh' });
    if (!time.isValid) throw new Error(`unreadable date ${row['Date (LT)']}`);
    if (!points.has(time.toMillis())) points.set(time.toMillis(), value);
  }
  return points;
}

describe('replay of the Hà Nội 2018 PM2.5 file', () => {
  let stack: Stack;
  const expected = expectedPoints();

  beforeAll(async () => {
    stack = await startStack({ root: ROOT, dataDir: tempDataDir('replay'), ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 } });
  });
  afterAll(async () => stack?.stop());

  it('stores exactly one point per valid row, with identical values at the right UTC time', async () => {
    expect(expected.size).toBeGreaterThan(7900);
    const run = spawnSync(
      process.execPath,
      [join(ROOT, BUILT.simulators), 'replay', '--broker', stack.broker.url, '--station', STATION, '--file', CSV, '--max'],
      { cwd: ROOT, encoding: 'utf8', timeout: 150_000 },
    );
    expect(run.status).toBe(0);

    await eventually(async () => expect(await influxCount(stack.influx.url, 'langxanh', 'air', 'PM2.5', STATION)).toBe(expected.size), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
    });
    const q = `SELECT "PM2.5" FROM "air" WHERE "station"='${STATION}'`;
    const body = await getJson<{ results: { series: { values: [number, number][] }[] }[] }>(
      `${stack.influx.url}/query?db=langxanh&epoch=ms&q=${encodeURIComponent(q)}`,
    );
    const stored = new Map(body.results[0].series[0].values);
    expect(stored.size).toBe(expected.size);
    for (const [time, value] of expected) expect([time, stored.get(time)]).toEqual([time, value]);
    // The first row, 2018-01-01 01:00 AM Vietnam time, is 2017-12-31T18:00Z.
    expect(stored.get(Date.parse('2017-12-31T18:00:00Z'))).toBe(69.2);
  });

  it('serves the replayed points from the readings API', async () => {
    const from = '2018-01-01T00:00:00+07:00';
    const to = '2018-01-08T00:00:00+07:00';
    const readings = await getJson<ReadingsDto>(
      `${stack.ingesterUrl}/api/stations/${STATION}/readings?parameter=PM2.5&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&every=3600`,
    );
    const inWeek = [...expected].filter(([t]) => t >= Date.parse(from) && t < Date.parse(to));
    const buckets = readings.points.filter((p) => p.count > 0);
    expect(buckets).toHaveLength(inWeek.length);
    for (const [time, value] of inWeek) {
      const bucket = readings.points.find((p) => Date.parse(p.time) === time);
      expect(bucket).toMatchObject({ mean: value, min: value, max: value, count: 1 });
    }
  });
});

import { performance } from 'node:perf_hooks';
import type { ReadingsDto } from '@langxanh/contracts';
import { readingToLine } from '@langxanh/storage-influx';
import { HISTORY_STATION, PROBE_CLUSTER } from './registry';
import { percentiles, type Percentiles } from './stats';

const DAY_MS = 86_400_000;
/** The history window: 30 days of 1-minute readings, as a station sending every minute has after a month. */
export const HISTORY_DAYS = 30;

/**
 * Writes 30 days of 1-minute readings (8 parameters) of the history station straight into InfluxDB (`/write`, line
 * protocol made by the ingester's own `readingToLine`, batches of 5 000), ending `endMs`. Returns the points written.
 * @throws Error on a non-2xx answer of InfluxDB.
 */
export async function seedHistory(influxUrl: string, database: string, endMs: number): Promise<number> {
  const start = endMs - HISTORY_DAYS * DAY_MS;
  const lines: string[] = [];
  let written = 0;
  const flush = async () => {
    const response = await fetch(`${influxUrl}/write?db=${encodeURIComponent(database)}&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    if (!response.ok) throw new Error(`seeding history → HTTP ${response.status}: ${await response.text()}`);
    written += lines.length;
    lines.length = 0;
  };
  for (let t = start, i = 0; t < endMs; t += 60_000, i++) {
    const diurnal = Math.sin((2 * Math.PI * (t % DAY_MS)) / DAY_MS);
    const values = {
      'PM2.5': 30 + 15 * diurnal + (i % 7),
      PM10: 55 + 20 * diurnal + (i % 11),
      TSP: 90 + 30 * diurnal,
      SO2: 20 + (i % 5),
      NO2: 25 + 10 * diurnal,
      CO: 1_500 + 300 * diurnal,
      O3: 40 - 20 * diurnal,
      Temp: 24 + 6 * diurnal,
    };
    const status = Object.fromEntries(Object.keys(values).map((k) => [k, '00' as const]));
    const { line } = readingToLine({
      cluster: PROBE_CLUSTER,
      kind: 'air',
      station: HISTORY_STATION,
      time: t,
      values,
      status,
    });
    if (line) lines.push(line);
    if (lines.length >= 5_000) await flush();
  }
  if (lines.length > 0) await flush();
  return written;
}

/**
 * Times `GET /api/stations/{history station}/readings?parameter=&from=&to=` over the 30 days ending `endMs`, as the
 * dashboard's station page asks for one parameter's chart: `warmUp` untimed requests, then `requests` timed ones, each
 * PM2.5 then the next parameter in turn. Returns the latency percentiles (ms) and the most points one answer carried.
 * @throws Error on a non-2xx answer.
 */
export async function historyQuery(options: {
  ingesterUrl: string;
  headers: Record<string, string>;
  endMs: number;
  requests: number;
  warmUp?: number;
}): Promise<Percentiles & { points: number; everyS: number }> {
  const from = new Date(options.endMs - HISTORY_DAYS * DAY_MS).toISOString();
  const to = new Date(options.endMs).toISOString();
  const parameters = ['PM2.5', 'PM10', 'TSP', 'SO2', 'NO2', 'CO', 'O3', 'Temp'];
  const latencies: number[] = [];
  let points = 0;
  let everyS = 0;
  const warmUp = options.warmUp ?? 2;
  for (let i = 0; i < warmUp + options.requests; i++) {
    const parameter = parameters[i % parameters.length];
    const url =
      `${options.ingesterUrl}/api/stations/${HISTORY_STATION}/readings?` +
      new URLSearchParams({ parameter, from, to }).toString();
    const started = performance.now();
    const response = await fetch(url, { headers: options.headers });
    const body = (await response.json()) as ReadingsDto;
    const elapsed = performance.now() - started;
    if (!response.ok)
      throw new Error(`history request → HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
    if (i >= warmUp) latencies.push(elapsed);
    points = Math.max(points, body.points.length);
    everyS = body.everyS;
  }
  return { ...percentiles(latencies), points, everyS };
}

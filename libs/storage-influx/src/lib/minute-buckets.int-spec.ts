/**
 * minuteBucketsByStation against a real influxd 1.x (Debian's 1.6.7 here): the minutes it returns for many stations
 * and parameters in one request must be the non-empty minutes `readingBuckets` returns one station and parameter at a
 * time.
 */
import { setLogger } from '@influxdata/influxdb-client';
// Test-only dependency on the tooling lib that spawns influxd; the library code never imports it.
import { type RunningService, startInfluxd, stopAll } from '@langxanh/local-services';
import { airReading as air, memoryLogger, writeReadings } from '../test/samples';
import { InfluxStorage } from './influx-storage';
import { minuteBucketsByStation } from './minute-buckets';

setLogger({ error: () => undefined, warn: () => undefined });

const M = 60_000;
const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
let influx: RunningService;
let storage: InfluxStorage;

beforeAll(async () => {
  influx = await startInfluxd({ httpPort: 0 });
  storage = new InfluxStorage(
    { url: influx.url, api: 'auto', database: `minutes_${process.pid}` },
    memoryLogger(),
  );
  await storage.connect();
  // Station a, minute 0: two readings (PM2.5 10 and 20 → mean 15 of 2, NO2 only in the first); minute 2: a
  // calibrating (01) PM2.5 value, which is included; minute 1 is empty.
  await writeReadings(storage, [
    air('vm-air-01', T0 + 5_000, { 'PM2.5': 10, NO2: 100 }),
    air('vm-air-01', T0 + 35_000, { 'PM2.5': 20 }),
    air('vm-air-01', T0 + 2 * M, { 'PM2.5': 300 }, { 'PM2.5': '01' }),
    // Station b: one NO2 value in minute 1, and one before the range.
    air('vm-air-02', T0 + M + 1, { NO2: 42.5 }),
    air('vm-air-02', T0 - M, { NO2: 1 }),
    // A waste station: another measurement, never read by an air query.
    {
      cluster: 'van-mon',
      kind: 'waste',
      station: 'vm-bin-01',
      time: T0,
      values: { fill_pct: 50 },
      status: { fill_pct: '00' },
    },
  ]);
});

afterAll(async () => {
  await storage?.close();
  await stopAll();
});

describe('minuteBucketsByStation on a real influxd', () => {
  it('returns every station and parameter of the kind in one request, non-empty minutes only', async () => {
    const query = jest.spyOn(storage, 'query');
    const out = await minuteBucketsByStation(storage, {
      kind: 'air',
      parameters: ['PM2.5', 'NO2', 'CO'],
      from: T0,
      to: T0 + 3 * M,
    });
    expect(query).toHaveBeenCalledTimes(1);
    query.mockRestore();
    expect([...out.keys()].sort()).toEqual(['vm-air-01', 'vm-air-02']);
    expect(out.get('vm-air-01')?.get('PM2.5')).toEqual([
      { time: T0, mean: 15, count: 2 },
      { time: T0 + 2 * M, mean: 300, count: 1 },
    ]);
    expect(out.get('vm-air-01')?.get('NO2')).toEqual([{ time: T0, mean: 100, count: 1 }]);
    expect(out.get('vm-air-01')?.has('CO')).toBe(false);
    expect([...(out.get('vm-air-02')?.keys() ?? [])]).toEqual(['NO2']);
    expect(out.get('vm-air-02')?.get('NO2')).toEqual([{ time: T0 + M, mean: 42.5, count: 1 }]);
  });

  it('agrees with readingBuckets (everyS 60) on every station and parameter, also for an unaligned range', async () => {
    const from = T0 - 30_000;
    const to = T0 + 3 * M - 1;
    const out = await minuteBucketsByStation(storage, {
      kind: 'air',
      stations: ['vm-air-01', 'vm-air-02'],
      parameters: ['PM2.5', 'NO2'],
      from,
      to,
    });
    for (const station of ['vm-air-01', 'vm-air-02']) {
      for (const parameter of ['PM2.5', 'NO2']) {
        const buckets = await storage.readingBuckets({
          kind: 'air',
          station,
          parameter,
          from,
          to,
          everyS: 60,
        });
        const expected = buckets.flatMap((b) =>
          b.mean === null || b.count === 0
            ? []
            : [{ time: Date.parse(b.time), mean: b.mean, count: b.count }],
        );
        expect(out.get(station)?.get(parameter) ?? []).toEqual(expected);
      }
    }
  });

  it('limits the answer to the stations asked for', async () => {
    const out = await minuteBucketsByStation(storage, {
      kind: 'air',
      stations: ['vm-air-02'],
      parameters: ['PM2.5', 'NO2'],
      from: T0 - 2 * M,
      to: T0 + 3 * M,
    });
    expect([...out.keys()]).toEqual(['vm-air-02']);
    expect(out.get('vm-air-02')?.get('NO2')).toEqual([
      { time: T0 - M, mean: 1, count: 1 },
      { time: T0 + M, mean: 42.5, count: 1 },
    ]);
  });
});

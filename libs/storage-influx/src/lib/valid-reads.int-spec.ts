/**
 * Status-filtered reads (valid-reads.ts) against a real influxd 1.x (Debian's 1.6.7 here): points written through
 * the ordinary write path, with `01`/`02` statuses, must be left out of means, counts and extremes.
 */
import { setLogger } from '@influxdata/influxdb-client';
// Test-only dependency on the tooling lib that spawns influxd; the library code never imports it.
import { type RunningService, startInfluxd, stopAll } from '@langxanh/local-services';
import { airReading as air, memoryLogger, writeReadings } from '../test/samples';
import { InfluxStorage } from './influx-storage';
import { validHourlyMeans, validSampleStats } from './valid-reads';

setLogger({ error: () => undefined, warn: () => undefined });

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 0, 0, 0); // 07:00 ICT, a whole hour
let influx: RunningService;
let storage: InfluxStorage;

beforeAll(async () => {
  influx = await startInfluxd({ httpPort: 0 });
  storage = new InfluxStorage(
    { url: influx.url, api: 'auto', database: `valid_${process.pid}` },
    memoryLogger(),
  );
  await storage.connect();
  // Hour 0, station a: PM2.5 10, 20 (01 calibrating), 30, 40 (02 error) → valid mean 20 of 2; NO2 always valid.
  await writeReadings(storage, [
    air('vm-air-01', T0, { 'PM2.5': 10, NO2: 100 }),
    air('vm-air-01', T0 + 60_000, { 'PM2.5': 20, NO2: 110 }, { 'PM2.5': '01' }),
    air('vm-air-01', T0 + 120_000, { 'PM2.5': 30, NO2: 120 }),
    air('vm-air-01', T0 + 180_000, { 'PM2.5': 40 }, { 'PM2.5': '02' }),
    // Hour 1, station a: only a calibrating value → no valid mean. Hour 2: 5.5.
    air('vm-air-01', T0 + H + 60_000, { 'PM2.5': 500 }, { 'PM2.5': '01' }),
    air('vm-air-01', T0 + 2 * H, { 'PM2.5': 5.5 }),
    // Station b, hour 0.
    air('vm-air-02', T0 + 30_000, { 'PM2.5': 7 }),
  ]);
});

afterAll(async () => {
  await storage?.close();
  await stopAll();
});

describe('status-filtered reads on a real influxd', () => {
  it('hourly means of status-00 samples only, per station, in one request', async () => {
    const means = await validHourlyMeans(storage, {
      kind: 'air',
      parameters: ['PM2.5', 'NO2'],
      from: T0,
      to: T0 + 3 * H,
    });
    expect(means.get('vm-air-01')?.get('PM2.5')).toEqual([
      { start: T0, mean: 20, samples: 2, excluded: 2 },
      { start: T0 + H, mean: null, samples: 0, excluded: 1 },
      { start: T0 + 2 * H, mean: 5.5, samples: 1, excluded: 0 },
    ]);
    expect(means.get('vm-air-01')?.get('NO2')).toEqual([{ start: T0, mean: 110, samples: 3, excluded: 0 }]);
    expect(means.get('vm-air-02')?.get('PM2.5')).toEqual([{ start: T0, mean: 7, samples: 1, excluded: 0 }]);
    const one = await validHourlyMeans(storage, {
      kind: 'air',
      stations: ['vm-air-02'],
      parameters: ['PM2.5'],
      from: T0,
      to: T0 + H,
    });
    expect([...one.keys()]).toEqual(['vm-air-02']);
    await expect(
      validHourlyMeans(storage, { kind: 'air', parameters: ['PM2.5'], from: T0 + 1, to: T0 + H }),
    ).rejects.toThrow(/whole hours/);
    await expect(
      validHourlyMeans(storage, { kind: 'air', parameters: ['COD'], from: T0, to: T0 + H }),
    ).rejects.toThrow(/catalogue/);
  });

  it('sample counts, threshold counts and extremes leave flagged samples out', async () => {
    const stats = await validSampleStats(storage, {
      kind: 'air',
      station: 'vm-air-01',
      parameter: 'PM2.5',
      from: T0,
      to: T0 + 3 * H,
      thresholds: { above: 9, atOrAbove: 30, below: 10 },
    });
    // Valid: 10, 30, 5.5. Flagged: 20, 40, 500.
    expect(stats).toEqual({
      samples: 3,
      excluded: 3,
      above: 2,
      atOrAbove: 1,
      below: 1,
      max: { value: 30, time: T0 + 120_000 },
      min: { value: 5.5, time: T0 + 2 * H },
    });
  });

  it('reports no extremes when nothing valid was measured', async () => {
    const stats = await validSampleStats(storage, {
      kind: 'air',
      station: 'vm-air-01',
      parameter: 'PM2.5',
      from: T0 + H,
      to: T0 + 2 * H,
      thresholds: { above: 1 },
    });
    expect(stats).toEqual({ samples: 0, excluded: 1, above: 0, max: null, min: null });
  });
});

import type { Reading } from '@langxanh/contracts';
import { startInfluxd, stopAll, type RunningService } from '@langxanh/local-services';
import { InfluxStorage, readingToLine } from '@langxanh/storage-influx';
import type { SpoolWriter } from '../src/storage/spool-writer';
import { ReadingsRepository } from '../src/storage/readings.repository';

/**
 * ReadingsRepository.hourBuckets (the alerting warm-up's hour buckets, issue 19 item 1) against a real influxd
 * (Debian's 1.6.7): the mean, count and minutes holding a value of every hour, per station and parameter, in one
 * request, must be those computed directly from the readings written — several stations, parameters present in
 * some readings only, several values in a minute, 01/02 values (included, as in minuteBuckets), empty hours.
 */
describe('ReadingsRepository.hourBuckets on a real influxd', () => {
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2026, 10, 28, 0, 0, 0);
  let influx: RunningService;
  let storage: InfluxStorage;
  const noLog = { log: () => undefined, warn: () => undefined, error: () => undefined };

  beforeAll(async () => {
    influx = await startInfluxd({ httpPort: 0 });
    storage = new InfluxStorage({ url: influx.url, api: 'auto', database: `hours_${process.pid}` }, noLog);
    await storage.connect();
  });

  afterAll(async () => {
    await storage?.close();
    await stopAll();
  });

  it('returns the hourly mean, count and minutes of each station and parameter that a direct computation gives', async () => {
    let seed = 99;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const readings: Reading[] = [];
    for (const station of ['vm-air-01', 'vm-air-02', 'pk-air-01']) {
      for (let time = T0 + 1_000; time < T0 + 5 * HOUR; time += 20_000 + Math.floor(random() * 100_000)) {
        if (Math.floor((time - T0) / HOUR) === 2 && station === 'vm-air-02') continue; // an empty hour
        const values: Record<string, number> = { 'PM2.5': Math.round(random() * 1_000) / 10 };
        if (random() < 0.4) values['NO2'] = Math.round(random() * 2_000) / 10;
        readings.push({
          cluster: 'van-mon',
          kind: 'air',
          station,
          time,
          values,
          status: Object.fromEntries(Object.keys(values).map((k) => [k, random() < 0.1 ? '02' : '00'])),
        } as Reading);
      }
    }
    const lines = readings.map((r) => readingToLine(r).line).filter((l) => l !== undefined);
    await storage.writeLines(`${lines.join('\n')}\n`);

    const repository = new ReadingsRepository({} as SpoolWriter, storage);
    const stations = ['vm-air-01', 'vm-air-02', 'pk-air-01'];
    const from = T0 + 30 * 60_000; // not on an hour: the first hour starts before it and holds only values from it
    const got = await repository.hourBuckets({ kind: 'air', stations, parameters: ['PM2.5', 'NO2'], from, to: T0 + 5 * HOUR });

    for (const station of stations) {
      for (const parameter of ['PM2.5', 'NO2']) {
        const byHour = new Map<number, { sum: number; count: number; minutes: Set<number> }>();
        for (const r of readings) {
          const value = r.values[parameter];
          if (r.station !== station || value === undefined || r.time < from) continue;
          const hour = Math.floor(r.time / HOUR) * HOUR;
          const b = byHour.get(hour) ?? { sum: 0, count: 0, minutes: new Set<number>() };
          b.sum += value;
          b.count += 1;
          b.minutes.add(Math.floor(r.time / 60_000));
          byHour.set(hour, b);
        }
        const want = [...byHour]
          .sort(([a], [b]) => a - b)
          .map(([time, b]) => ({ time, count: b.count, minutes: b.minutes.size, mean: b.sum / b.count }));
        const list = got.get(station)?.get(parameter) ?? [];
        expect(list.map(({ time, count, minutes }) => ({ time, count, minutes }))).toEqual(
          want.map(({ time, count, minutes }) => ({ time, count, minutes })),
        );
        list.forEach((h, i) => expect(h.mean).toBeCloseTo(want[i].mean, 6));
      }
    }
    expect(got.get('vm-air-02')?.get('PM2.5')?.some((h) => h.time === T0 + 2 * HOUR)).toBe(false);
  });

  it('refuses a parameter of another kind and a range of too many hours', async () => {
    const repository = new ReadingsRepository({} as SpoolWriter, storage);
    await expect(
      repository.hourBuckets({ kind: 'air', parameters: ['COD'], from: T0, to: T0 + HOUR }),
    ).rejects.toThrow();
    await expect(
      repository.hourBuckets({ kind: 'air', parameters: ['PM2.5'], from: 0, to: T0 }),
    ).rejects.toThrow(/minutes requested/);
  });
});

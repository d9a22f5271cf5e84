/**
 * Issue 15, item 8, against a real influxd 1.x (Debian's 1.6.7): a batch InfluxDB takes only in part is reported
 * as the lines it refused, with their stations, not as the whole batch.
 */
import { setLogger } from '@influxdata/influxdb-client';
import { type RunningService, startInfluxd, stopAll } from '@langxanh/local-services';
import { memoryLogger } from '../test/samples';
import { InfluxPartialWriteError, refusedLineCount } from './errors';
import { InfluxStorage } from './influx-storage';

setLogger({ error: () => undefined, warn: () => undefined });

let influx: RunningService;
let storage: InfluxStorage;

beforeAll(async () => {
  influx = await startInfluxd({ httpPort: 0 });
  storage = new InfluxStorage(
    { url: influx.url, api: 'auto', database: `partial_${process.pid}` },
    memoryLogger(),
  );
  await storage.connect();
});

afterAll(async () => {
  await storage?.close();
  await stopAll();
});

const line = (station: string, cod: string, time: number) =>
  `wastewater,cluster=phong-khe,station=${station} COD=${cod},pH=7.1 ${time}\n`;

it('a field-type conflict in one line of five: 1 line refused, its station named, the other 4 stored', async () => {
  await storage.writeLines(line('pk-ww-01', '85.2', 1_000)); // COD is a float field from now on
  const batch = [
    line('pk-ww-01', '86.5', 2_000),
    line('pk-ww-02', '87.5', 2_000),
    line('pk-ww-03', '"88.5"', 2_000), // an old writer's string
    line('pk-ww-04', '89.5', 2_000),
    line('pk-ww-05', '90.5', 2_000),
  ].join('');
  const error: unknown = await storage.writeLines(batch).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InfluxPartialWriteError);
  expect((error as InfluxPartialWriteError).partial).toEqual({
    refusedLines: 1,
    stations: ['pk-ww-03'],
    unidentified: 0,
  });
  expect(refusedLineCount(error, 5)).toBe(1);
  const stored = await storage.query<{ count: number }>(
    'SELECT count("COD") AS "count" FROM "wastewater" WHERE time >= 2000ms',
  );
  expect(stored[0]?.rows[0]?.count).toBe(4);
});

it('an unparsable line among valid ones is counted and named too', async () => {
  const batch = `${line('pk-ww-06', '91.5', 3_000)}wastewater,cluster=phong-khe,station=pk-ww-07 COD= 3000\n`;
  const error: unknown = await storage.writeLines(batch).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect((error as InfluxPartialWriteError).partial).toEqual({
    refusedLines: 1,
    stations: ['pk-ww-07'],
    unidentified: 0,
  });
});

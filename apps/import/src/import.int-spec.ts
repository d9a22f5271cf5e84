import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { BUILT_INGESTER, startIngesterRig, type IngesterRig } from '@langxanh/stack';
import { runCli } from './cli';

const ROOT = join(__dirname, '../../..');
const CREDENTIALS = { username: 'import-admin', password: 'import-admin-password', jwtSecret: 'import-secret-'.repeat(3) };
const DB = 'langxanh_import_cli';
const fixture = (name: string) => join(__dirname, 'fixtures', name);

/**
 * `npm run import` against the built ingester (real mosquitto + influxd): the Hà Nội 2018 file through the shipped
 * mapping and a TT 10 file are stored at the right UTC times through the admin route; `delete` removes a range.
 */
describe('npm run import against the built ingester', () => {
  let broker: RunningService;
  let influx: RunningService;
  let rig: IngesterRig | undefined;
  const env = () => ({ LANGXANH_PASSWORD: CREDENTIALS.password });
  const run = async (args: string[]) => {
    let err = '';
    const code = await runCli(['--api', `${rig!.url}/api`, '--username', CREDENTIALS.username, ...args], {
      env: env(),
      out: () => undefined,
      err: (t) => (err += t),
      progressBar: false,
    });
    return { code, err };
  };
  const count = async (kind: string, station: string, field: string, where = ''): Promise<number> => {
    const q = encodeURIComponent(`SELECT count("${field}") FROM "${kind}" WHERE "station" = '${station}'${where}`);
    const body = (await (await fetch(`${influx.url}/query?db=${DB}&q=${q}`)).json()) as {
      results: { series?: { values: [string, number][] }[] }[];
    };
    return body.results[0].series?.[0].values[0][1] ?? 0;
  };

  beforeAll(async () => {
    expect(existsSync(join(ROOT, BUILT_INGESTER))).toBe(true);
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    rig = await startIngesterRig({
      root: ROOT,
      brokerUrl: broker.url,
      influxUrl: influx.url,
      database: DB,
      clientId: 'ingester-import-cli',
      credentials: CREDENTIALS,
      bcryptCost: 4,
      logLevel: 'warn',
      readiness: 'ready',
    });
  });

  afterAll(async () => {
    await rig?.stop(5_000);
    await stopAll();
  });

  it('imports the Hà Nội file and a TT 10 file, then deletes a range', async () => {
    const hanoi = await run([
      '--station', 'pk-air-01', '--mapping', join(ROOT, 'apps/import/mappings/airnow-hanoi.json'),
      join(ROOT, '../shared/data/real/hanoi-us-embassy-pm25-2018/Hanoi_PM2.5_2018_YTD.csv'),
    ]);
    expect(hanoi).toMatchObject({ code: 0 });
    // The −2.0 is out of range, and the second of the two rows at 2018-03-11 03:00 is refused by the contract's
    // same-millisecond rule (the first value wins): 7 996 stored, one point each.
    expect(hanoi.err).toContain('7998 reading(s): stored 7996, refused 2 (same_time_conflict 1, out_of_range 1)');
    await eventually(async () => expect(await count('air', 'pk-air-01', 'PM2.5')).toBe(7996), { timeoutMs: 30_000 });

    const tt10 = await run([fixture('BN_DAIBAI_NT01_20251201100500.txt')]);
    expect(tt10).toMatchObject({ code: 0 });
    await eventually(async () => expect(await count('wastewater', 'db-ww-01', 'COD')).toBe(1));

    // January 2018, Vietnam time: [2017-12-31T17:00Z, 2018-01-31T17:00Z).
    const january = ` AND time >= '2017-12-31T17:00:00Z' AND time < '2018-01-31T17:00:00Z'`;
    const inJanuary = await count('air', 'pk-air-01', 'PM2.5', january);
    expect(inJanuary).toBeGreaterThan(500);
    const removed = await run(['delete', '--station', 'pk-air-01', '--from', '2018-01-01T00:00:00', '--to', '2018-02-01T00:00:00']);
    expect(removed).toMatchObject({ code: 0 });
    expect(removed.err).toContain('deleted the readings of pk-air-01 from 2017-12-31T17:00:00.000Z to 2018-01-31T17:00:00.000Z');
    expect(await count('air', 'pk-air-01', 'PM2.5', january)).toBe(0);
    expect(await count('air', 'pk-air-01', 'PM2.5')).toBe(7996 - inJanuary);
    expect(await count('wastewater', 'db-ww-01', 'COD')).toBe(1);

    const wrong = await runCli(['--api', `${rig!.url}/api`, fixture('BN_DAIBAI_NT01_20251201100500.txt')], {
      env: { LANGXANH_PASSWORD: 'not-the-password' },
      out: () => undefined,
      err: () => undefined,
      progressBar: false,
    });
    expect(wrong).toBe(1);
  });
});

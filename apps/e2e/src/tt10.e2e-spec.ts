import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Client } from 'basic-ftp';
import type { AlertEventDto, ReadingEventDto, ReadingsDto } from '@langxanh/contracts';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  startPureFtpd,
  stopAll,
  type RunningFtpServer,
  type RunningService,
} from '@langxanh/local-services';
import { startIngesterRig, type IngesterRig } from '@langxanh/stack';
import { getJson, liveClient, ROOT, tempDataDir } from './support';

/**
 * TT 10/2021 files over FTP, end to end with real processes: Debian's pure-ftpd (one chrooted account per station),
 * the built ingester watching the accounts' folders, Mosquitto and InfluxDB. A real FTP client (basic-ftp) uploads;
 * the readings must reach InfluxDB at the right UTC times, the readings API and socket.io, exactly like MQTT ones.
 * Stations (deploy/registry/bac-ninh.json): dh-air-02 is BN_DAHOI_KK02, db-ww-01 is BN_DAIBAI_NT01.
 */
const AIR = { account: 'dh-air-02', password: 'e2e-air-password', prefix: 'BN_DAHOI_KK02' };
const WW = { account: 'db-ww-01', password: 'e2e-ww-password', prefix: 'BN_DAIBAI_NT01' };
const FIVE_MIN = 300_000;
/** Whole 5-minute marks an hour or more ago: clear of "now", inside the contract's time bounds. */
const T = Math.floor(Date.now() / FIVE_MIN) * FIVE_MIN - 12 * FIVE_MIN;

/**
 * `YYYYMMDDhhmmss` in Vietnam time (UTC+7), computed here independently of libs/tt10 so that the test does not
 * share a conversion error with the code under test.
 */
const local = (time: number) => new Date(time + 7 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
const line = (symbol: string, value: string, unit: string, time: number, status = '00') =>
  [symbol, value, unit, local(time), status].join('\t');
const fileName = (prefix: string, time: number) => `${prefix}_${local(time)}.txt`;

describe('TT 10 files over FTP (pure-ftpd → ingester → InfluxDB, API, socket.io)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let ftp: RunningFtpServer;
  let ingester: IngesterRig;
  let socket: ReturnType<typeof liveClient>;
  const readings: ReadingEventDto[] = [];
  const alerts: AlertEventDto[] = [];
  const clients: Client[] = [];
  let tt10Dir: string;

  const connect = async (account: { account: string; password: string }) => {
    const client = new Client(30_000);
    clients.push(client);
    await client.access({
      host: ftp.host,
      port: ftp.port,
      user: account.account,
      password: account.password,
    });
    return client;
  };
  const upload = async (account: typeof AIR, name: string, lines: string[]) => {
    const client = await connect(account);
    await client.uploadFrom(Readable.from([lines.join('\r\n')]), name);
    client.close();
  };
  /** InfluxDB 1.x rows (epoch ms) of `fields` of one station between two times (inclusive). */
  const influxRows = async (kind: string, station: string, fields: string[], from: number, to: number) => {
    const q =
      `SELECT ${fields.map((f) => `"${f}"`).join(',')} FROM "${kind}" WHERE "station"='${station}' ` +
      `AND time >= ${from}ms AND time <= ${to}ms`;
    const body = await getJson<{ results: { series?: { columns: string[]; values: unknown[][] }[] }[] }>(
      `${influx.url}/query?db=langxanh&epoch=ms&q=${encodeURIComponent(q)}`,
    );
    const series = body.results[0].series?.[0];
    return (series?.values ?? []).map((row) =>
      Object.fromEntries(series!.columns.map((c, i) => [c, row[i]])),
    );
  };
  /** The station's alert events other than its offline (transmission gap) alert, whose parameter is `silence`. */
  const thresholdAlerts = (station: string) =>
    alerts.filter((a) => a.alert.station === station && a.alert.parameter !== 'silence');
  const offlineAlerts = (station: string) =>
    alerts.filter((a) => a.alert.station === station && a.alert.parameter === 'silence');
  const processed = (account: string, name: string) => {
    const dir = join(tt10Dir, 'processed', account);
    return existsSync(dir) && readdirSync(dir).some((day) => existsSync(join(dir, day, name)));
  };

  beforeAll(async () => {
    const dataDir = tempDataDir('tt10');
    tt10Dir = join(dataDir, 'tt10');
    [broker, influx, ftp] = await Promise.all([
      startMosquitto({ port: 0 }),
      startInfluxd({ httpPort: 0 }),
      startPureFtpd({
        accounts: [
          { user: AIR.account, password: AIR.password },
          { user: WW.account, password: WW.password },
        ],
        homeRoot: join(tt10Dir, 'home'),
      }),
    ]);
    ingester = await startIngesterRig({
      root: ROOT,
      brokerUrl: broker.url,
      influxUrl: influx.url,
      stateDir: join(dataDir, 'ingester'),
      credentials: { username: 'admin', password: 'tt10-e2e-admin-password', jwtSecret: 'x'.repeat(40) },
      bcryptCost: 4,
      readiness: 'serving',
      env: {
        TT10_FTP_DIR: tt10Dir,
        TT10_SCAN_INTERVAL_MS: '200',
        LIVE_THROTTLE_MS: '0',
        // Transmission gaps in seconds rather than 15 minutes: 0.03 × the stations' 300 s = 9 s without a file.
        OFFLINE_AFTER_INTERVALS: '0.03',
        ALERT_CHECK_INTERVAL_MS: '500',
      },
    });
    socket = liveClient(ingester.url, await ingester.token());
    socket.on('reading', (e) => readings.push(e));
    socket.on('alert', (e) => alerts.push(e));
    await eventually(() => expect(socket.connected).toBe(true), { timeoutMs: 20_000 });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  afterAll(async () => {
    socket?.close();
    await ingester?.stop();
    await stopAll();
  });

  it('stores 5-minute values (PM2,5 with a decimal comma, mg/Nm³, status 01 and 02) at their UTC times', async () => {
    const times = [T, T + FIVE_MIN, T + 2 * FIVE_MIN];
    const files: [number, string[]][] = [
      [
        times[0],
        [
          line('PM2,5', '35,4', 'µg/m³', times[0]),
          line('PM10', '52.1', 'µg/m³', times[0]),
          line('SO2', '0.085', 'mg/Nm³', times[0]),
        ],
      ],
      [
        times[1],
        [
          line('PM2,5', '36,0', 'µg/m³', times[1]),
          line('PM10', '50', 'µg/m³', times[1], '01'),
          line('SO2', '0.09', 'mg/Nm³', times[1]),
        ],
      ],
      [
        times[2],
        [
          line('PM2,5', '38,2', 'µg/m³', times[2]),
          line('PM10', '49.5', 'µg/m³', times[2]),
          line('SO2', '0.1', 'mg/Nm³', times[2], '02'),
        ],
      ],
    ];
    for (const [time, lines] of files) await upload(AIR, fileName(AIR.prefix, time), lines);

    const rows = await eventually(
      async () => {
        const found = await influxRows(
          'air',
          AIR.account,
          ['PM2.5', 'PM10', 'SO2', 'PM10_status', 'SO2_status'],
          T,
          times[2],
        );
        expect(found).toHaveLength(3);
        return found;
      },
      { timeoutMs: 30_000 },
    );
    expect(rows).toEqual([
      { time: times[0], 'PM2.5': 35.4, PM10: 52.1, SO2: 85, PM10_status: null, SO2_status: null },
      { time: times[1], 'PM2.5': 36, PM10: 50, SO2: 90, PM10_status: '01', SO2_status: null },
      { time: times[2], 'PM2.5': 38.2, PM10: 49.5, SO2: 100, PM10_status: null, SO2_status: '02' },
    ]);

    const api = await getJson<ReadingsDto>(
      `${ingester.url}/api/stations/${AIR.account}/readings?parameter=PM2.5&from=${new Date(T).toISOString()}` +
        `&to=${new Date(times[2] + FIVE_MIN).toISOString()}&every=300`,
      await ingester.token(),
    );
    expect(api.points.filter((p) => p.count > 0).map((p) => [Date.parse(p.time), p.mean])).toEqual([
      [times[0], 35.4],
      [times[1], 36],
      [times[2], 38.2],
    ]);

    await eventually(() =>
      expect(
        readings
          .filter((r) => r.station === AIR.account && Date.parse(r.time) <= times[2])
          .map((r) => [Date.parse(r.time), r.values['PM2.5'], r.status]),
      ).toEqual([
        [times[0], 35.4, { 'PM2.5': '00', PM10: '00', SO2: '00' }],
        [times[1], 36, { 'PM2.5': '00', PM10: '01', SO2: '00' }],
        [times[2], 38.2, { 'PM2.5': '00', PM10: '00', SO2: '02' }],
      ]),
    );
    for (const [time] of files) expect(processed(AIR.account, fileName(AIR.prefix, time))).toBe(true);
  });

  it('raises exactly one alert for values over the limit, and a re-uploaded file stores nothing twice', async () => {
    // db-ww-01: QCVN 40:2011 column B TSS 100 mg/L × Kq 0.9 × Kf 1.1 = 99 mg/L; raised on the 2nd reading over it.
    const t1 = T + 4 * FIVE_MIN;
    const t2 = T + 5 * FIVE_MIN;
    const tss = (time: number, value: string) => [
      line('TSS', value, 'mg/L', time),
      line('pH', '7,2', '', time),
    ];
    await upload(WW, fileName(WW.prefix, t1), tss(t1, '110'));
    await upload(WW, fileName(WW.prefix, t2), tss(t2, '120'));
    await eventually(() => expect(thresholdAlerts(WW.account).map((a) => a.change)).toEqual(['raised']), {
      timeoutMs: 30_000,
    });
    await upload(WW, fileName(WW.prefix, t2), tss(t2, '120'));
    // The re-upload is recognised (deleted unread) ...
    await eventually(() => expect(readdirSync(ftp.homeOf(WW.account))).toEqual([]));
    const metrics = await (await ingester.fetch('/api/metrics')).text();
    expect(metrics).toMatch(/langxanh_tt10_files_total\{outcome="duplicate"\} 1\b/);
    // ... and changes nothing: two points, one alert.
    expect((await influxRows('wastewater', WW.account, ['TSS'], t1, t2)).map((r) => r['TSS'])).toEqual([
      110, 120,
    ]);
    expect(
      thresholdAlerts(WW.account).map((a) => [a.change, a.alert.parameter, a.alert.triggerValue]),
    ).toEqual([['raised', 'TSS', 120]]);
    const open = await getJson<{ station: string; parameter: string }[]>(
      `${ingester.url}/api/alerts`,
      await ingester.token(),
    );
    expect(open.filter((a) => a.station === WW.account && a.parameter === 'TSS')).toHaveLength(1);
  });

  it('does not read a half-written upload before it is complete', async () => {
    const slow = T + 6 * FIVE_MIN;
    const quick = T + 7 * FIVE_MIN;
    const client = await connect(AIR);
    const source = new PassThrough();
    const uploading = client.uploadFrom(source, fileName(AIR.prefix, slow));
    source.write(`${line('PM2,5', '40', 'µg/m³', slow)}\r\nPM10\t6`);
    // A complete file uploaded meanwhile is taken: the ingester has looked at the folder since the half upload began.
    await upload(AIR, fileName(AIR.prefix, quick), [line('PM2,5', '41', 'µg/m³', quick)]);
    await eventually(() => expect(processed(AIR.account, fileName(AIR.prefix, quick))).toBe(true), {
      timeoutMs: 30_000,
    });
    expect(await influxRows('air', AIR.account, ['PM2.5'], slow, slow)).toEqual([]);
    expect(existsSync(join(tt10Dir, 'rejected', AIR.account, fileName(AIR.prefix, slow)))).toBe(false);
    source.end(`0.5\tµg/m³\t${local(slow)}\t00`);
    await uploading;
    await eventually(
      async () =>
        expect(await influxRows('air', AIR.account, ['PM2.5', 'PM10'], slow, slow)).toEqual([
          { time: slow, 'PM2.5': 40, PM10: 60.5 },
        ]),
      { timeoutMs: 30_000 },
    );
  });

  it('moves a malformed file to rejected/ with a reason and stores the next good file', async () => {
    const bad = T + 8 * FIVE_MIN;
    const good = T + 9 * FIVE_MIN;
    await upload(AIR, fileName(AIR.prefix, bad), [
      line('PM2,5', '42', 'µg/m³', bad),
      `PM10 61 µg/m³ ${local(bad)} 00`,
    ]);
    await upload(AIR, fileName(AIR.prefix, good), [line('PM2,5', '43', 'µg/m³', good)]);
    const reasonFile = join(tt10Dir, 'rejected', AIR.account, `${fileName(AIR.prefix, bad)}.reason.txt`);
    await eventually(() => expect(existsSync(reasonFile)).toBe(true), { timeoutMs: 30_000 });
    expect(readFileSync(reasonFile, 'utf8')).toMatch(/line 2: field_count/);
    expect(existsSync(join(tt10Dir, 'rejected', AIR.account, fileName(AIR.prefix, bad)))).toBe(true);
    await eventually(
      async () =>
        expect(await influxRows('air', AIR.account, ['PM2.5'], bad, good)).toEqual([
          { time: good, 'PM2.5': 43 },
        ]),
      {
        timeoutMs: 30_000,
      },
    );
    const metrics = await (await ingester.fetch('/api/metrics')).text();
    expect(metrics).toMatch(/langxanh_tt10_files_total\{outcome="rejected"\} [1-9]/);
  });

  it('keeps a station account out of another station’s folder and refuses another station’s file in its own', async () => {
    const time = T + 10 * FIVE_MIN;
    const client = await connect(AIR);
    const foreign = Readable.from([line('TSS', '500', 'mg/L', time)]);
    await expect(
      client.uploadFrom(foreign, `../${WW.account}/${fileName(WW.prefix, time)}`),
    ).rejects.toThrow();
    await expect(
      client.uploadFrom(Readable.from(['x']), `/${WW.account}/${fileName(WW.prefix, time)}`),
    ).rejects.toThrow();
    await client.cd('..');
    expect(await client.pwd()).toBe('/');
    expect(readdirSync(ftp.homeOf(WW.account))).toEqual([]);
    // Named as the other station's file, but uploaded into its own folder: refused, never stored for db-ww-01.
    await upload(AIR, fileName(WW.prefix, time), [line('TSS', '500', 'mg/L', time)]);
    const reasonFile = join(tt10Dir, 'rejected', AIR.account, `${fileName(WW.prefix, time)}.reason.txt`);
    await eventually(() => expect(existsSync(reasonFile)).toBe(true), { timeoutMs: 30_000 });
    expect(readFileSync(reasonFile, 'utf8')).toMatch(/wrong_account/);
    expect(await influxRows('wastewater', WW.account, ['TSS'], time, time)).toEqual([]);
  });

  it('raises the station’s offline alert when no file arrives within N × its interval, and resolves it on the next file', async () => {
    // dh-air-02 sends every 300 s; OFFLINE_AFTER_INTERVALS 0.03 makes 9 s without a file a transmission gap.
    // First a file: the station is heard, and an offline alert left open by the gaps between earlier tests resolves.
    const heard = T + 11 * FIVE_MIN;
    await upload(AIR, fileName(AIR.prefix, heard), [line('PM2,5', '44', 'µg/m³', heard)]);
    await eventually(() => expect(processed(AIR.account, fileName(AIR.prefix, heard))).toBe(true), {
      timeoutMs: 30_000,
    });
    await eventually(() => expect(offlineAlerts(AIR.account).at(-1)?.change ?? 'resolved').toBe('resolved'));
    const seen = offlineAlerts(AIR.account).length;
    const since = () => offlineAlerts(AIR.account).slice(seen);
    await eventually(() => expect(since().map((a) => a.change)).toEqual(['raised']), { timeoutMs: 40_000 });
    const next = T + 12 * FIVE_MIN;
    await upload(AIR, fileName(AIR.prefix, next), [line('PM2,5', '45', 'µg/m³', next)]);
    await eventually(() => expect(since().map((a) => a.change)).toEqual(['raised', 'resolved']), {
      timeoutMs: 30_000,
    });
  });
});

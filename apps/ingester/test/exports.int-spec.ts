import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mqtt from 'mqtt';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parameterSpec, readingTopic, toVietnamIso, type AlertDto, type SessionDto } from '@langxanh/contracts';
import { eventually, startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { AppModule } from '../src/app/app.module';
import { inProcessEnv } from './support/in-process-env';

const MINUTE = 60_000;
/** 2026-11-02T15:00:00+07:00: the wastewater series starts here, one reading a minute for 3 h. */
const WW_START = Date.parse('2026-11-02T08:00:00Z');
const WW_ROWS = 180;
/** The air series: BIG_ROWS minutes ending at 2026-11-01T00:00Z (the memory-bounded stream). */
const BIG_ROWS = 200_000;
const BIG_END = Date.parse('2026-11-01T00:00:00Z');
const BIG_START = BIG_END - BIG_ROWS * MINUTE;

/** The live heap (bytes), measured after a full collection (V8's gc exposed for these tests): garbage does not count. */
let gc: (() => void) | undefined;
function liveHeap(): number {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  return process.memoryUsage().heapUsed;
}

const cod = (i: number) => 100 + (i % 7) * 1.5;
const ph = (i: number) => 7 + (i % 5) / 10;

/**
 * Exports against a real InfluxDB 1.6.7 (and Mosquitto for an alert): CSV and XLSX read back with csv-parse and
 * exceljs (rows, headers in vi and en, the BOM, Vietnam-time strings), scope and bounds, and a 200 000-row CSV
 * streamed with the heap's growth measured while it downloads.
 */
describe('exports (real influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let managerToken = '';
  const database = 'langxanh_exports_test';

  const get = (path: string, token = managerToken) =>
    fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const writeLines = async (lines: string[]) => {
    const response = await fetch(`${influx.url}/write?db=${database}&precision=ms`, { method: 'POST', body: lines.join('\n') });
    expect(response.status).toBe(204);
  };
  const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
  const wwRange = { from: toVietnamIso(WW_START), to: toVietnamIso(WW_START + WW_ROWS * MINUTE) };

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    Object.assign(process.env, inProcessEnv('exports', broker, influx, { INFLUX_DATABASE: database, LOG_LEVEL: 'error', LIVE_THROTTLE_MS: '0' }));
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const login = async (username: string, password: string) =>
      ((await (await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })).json()) as SessionDto).token;
    const admin = await login('admin', 'exports-admin-password');
    const created = await fetch(`${baseUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ username: 'quanly-pk', password: 'quanly-pk-password', role: 'manager', clusters: ['phong-khe'] }),
    });
    expect(created.status).toBe(201);
    managerToken = await login('quanly-pk', 'quanly-pk-password');

    const ww = Array.from({ length: WW_ROWS }, (_, i) => `wastewater,cluster=phong-khe,station=pk-ww-01 COD=${cod(i)},pH=${ph(i)} ${WW_START + i * MINUTE}`);
    await writeLines(ww);
    for (let start = 0; start < BIG_ROWS; start += 20_000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(start + 20_000, BIG_ROWS); i++) {
        lines.push(`air,cluster=phong-khe,station=pk-air-01 PM10=${40 + (i % 13)},PM2.5=${20 + (i % 11)} ${BIG_START + i * MINUTE}`);
      }
      await writeLines(lines);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await stopAll();
  });

  it('exports raw readings as CSV with a BOM, Vietnamese headers and Vietnam times, and reads them back', async () => {
    const response = await get(`/api/exports/readings?${q({ stations: 'pk-ww-01', parameters: 'COD,pH', ...wwRange, format: 'csv', lang: 'vi' })}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="langxanh-so-lieu-raw-20261102-20261102\.csv"$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Mã trạm', 'Tên trạm', 'Thời gian (giờ Việt Nam)', 'Nhu cầu oxy hoá học COD (mg/L)', 'pH']);
    expect(rows).toHaveLength(1 + WW_ROWS);
    expect(rows[1]).toEqual(['pk-ww-01', 'Cửa xả trạm XLNT CCN Phong Khê', '2026-11-02T15:00:00+07:00', String(cod(0)), String(ph(0))]);
    expect(rows[WW_ROWS]).toEqual(['pk-ww-01', 'Cửa xả trạm XLNT CCN Phong Khê', '2026-11-02T17:59:00+07:00', String(cod(WW_ROWS - 1)), String(ph(WW_ROWS - 1))]);
    for (const row of rows.slice(1)) expect(row[2]).toMatch(/^2026-11-02T1[5-7]:[0-5][0-9]:00\+07:00$/);
  });

  it('exports hourly means in English, as CSV and as XLSX, and both read back to the same table', async () => {
    const params = { stations: 'pk-ww-01', parameters: 'pH,COD', ...wwRange, bucket: '1h', lang: 'en' };
    const csv = parse(Buffer.from(await (await get(`/api/exports/readings?${q({ ...params, format: 'csv' })}`)).arrayBuffer()), { bom: true }) as string[][];
    const expectedMeans = [0, 1, 2].map((h) => {
      const idx = Array.from({ length: 60 }, (_, m) => h * 60 + m);
      const mean = (f: (i: number) => number) => idx.reduce((s, i) => s + f(i), 0) / idx.length;
      return { time: toVietnamIso(WW_START + h * 3_600_000), ph: mean(ph), cod: mean(cod) };
    });
    expect(csv[0]).toEqual(['Station ID', 'Station name', 'Bucket start (Vietnam time)', 'mean pH', `mean Chemical oxygen demand COD (${parameterSpec('wastewater', 'COD')?.unit})`]);
    expect(csv.slice(1).map((r) => r[2])).toEqual(expectedMeans.map((m) => m.time));
    csv.slice(1).forEach((r, h) => {
      expect(Number(r[3])).toBeCloseTo(expectedMeans[h].ph, 9);
      expect(Number(r[4])).toBeCloseTo(expectedMeans[h].cod, 9);
    });

    const response = await get(`/api/exports/readings?${q({ ...params, format: 'xlsx' })}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Readings');
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(csv[0]);
    expect(sheet.actualRowCount).toBe(1 + 3);
    for (let h = 0; h < 3; h++) {
      const [station, , time, meanPh, meanCod] = values(2 + h);
      expect(station).toBe('pk-ww-01');
      expect(time).toBe(expectedMeans[h].time);
      expect(meanPh).toBeCloseTo(expectedMeans[h].ph, 9);
      expect(meanCod).toBeCloseTo(expectedMeans[h].cod, 9);
    }
  });

  it('exports the alert history in Vietnamese and English, CSV and XLSX', async () => {
    const publisher = await mqtt.connectAsync(broker.url, { clientId: `publisher-exports-${process.pid}` });
    const t = Date.now() - 5_000;
    // QCVN 40:2011 B COD 150 × Kq 0.9 = 135 mg/L for pk-ww-01; confirmed on the 2nd consecutive reading.
    for (const [i, value] of [200, 210].entries()) {
      await publisher.publishAsync(readingTopic('phong-khe', 'wastewater', 'pk-ww-01'), JSON.stringify({ ts: t + i * 1_000, values: { COD: value } }), { qos: 1 });
    }
    await publisher.endAsync();
    const alert = await eventually(async () => {
      const [found] = (await (await get('/api/alerts?station=pk-ww-01')).json()) as AlertDto[];
      expect(found?.parameter).toBe('COD');
      return found;
    });
    const vi = parse(Buffer.from(await (await get('/api/exports/alerts?format=csv&lang=vi')).arrayBuffer()), { bom: true }) as string[][];
    expect(vi[0].slice(0, 8)).toEqual(['Mã cảnh báo', 'Cụm', 'Mã trạm', 'Loại', 'Thông số', 'Mức độ', 'Trạng thái', 'Bắt đầu (giờ Việt Nam)']);
    const row = vi.find((r) => r[0] === alert.id);
    expect(row?.slice(1, 8)).toEqual(['phong-khe', 'pk-ww-01', 'Ngoài ngưỡng', 'COD', 'Nghiêm trọng', 'Đang mở', toVietnamIso(Date.parse(alert.raisedAt))]);
    expect(row?.[7]).toMatch(/\+07:00$/);
    const response = await get('/api/exports/alerts?format=xlsx&lang=en');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Alert history');
    expect((sheet.getRow(1).values as unknown[]).slice(1, 8)).toEqual(['Alert ID', 'Cluster', 'Station ID', 'Type', 'Parameter', 'Severity', 'State']);
    const en = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(en.slice(0, 7)).toEqual([alert.id, 'phong-khe', 'pk-ww-01', 'Outside threshold', 'COD', 'Critical', 'Active']);
    expect(en[9]).toBe(alert.triggerValue);
  });

  it("keeps the readings API's access rules and refuses bad requests with a clear 400", async () => {
    const path = (params: Record<string, string>) => `/api/exports/readings?${q(params)}`;
    expect((await get(path({ stations: 'pk-ww-01', ...wwRange }), '')).status).toBe(401);
    expect((await get(path({ stations: 'pk-air-01', from: '2026-10-31T00:00:00+07:00', to: '2026-10-31T01:00:00+07:00' }), '')).status).toBe(200);
    expect((await get(path({ stations: 'pk-air-01,dh-ww-01', ...wwRange }))).status).toBe(403);
    expect((await get('/api/exports/alerts', '')).status).toBe(401);
    expect((await get('/api/exports/alerts?cluster=da-hoi')).status).toBe(403);
    const refused = async (params: Record<string, string>, message: RegExp) => {
      const response = await get(path(params));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    };
    const many = Array.from({ length: 21 }, (_, i) => `s-${i}`).join(',');
    await refused({ stations: many }, /at most 20/);
    await refused({ stations: 'nope-01' }, /no station "nope-01"/);
    await refused({ stations: 'pk-ww-01', parameters: 'PM2.5' }, /"PM2.5" is not a parameter of the chosen stations/);
    await refused({ stations: 'pk-ww-01,pk-ww-01' }, /twice/);
    await refused({ stations: 'pk-ww-01', from: '2025-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }, /400 days/);
    await refused({ stations: 'pk-ww-01', bucket: '7m' }, /bucket/);
    await refused({ stations: 'pk-ww-01', format: 'pdf' }, /format/);
    await refused({ stations: 'pk-ww-01', colour: 'red' }, /colour|unrecognized/i);
  });

  it('streams 200 000 rows of minute data as CSV while the heap stays bounded', async () => {
    const heap = liveHeap;
    const before = heap();
    let chunks = 0;
    let peak = before;
    const response = await get(
      `/api/exports/readings?${q({ stations: 'pk-air-01', parameters: 'PM2.5,PM10', from: toVietnamIso(BIG_START), to: toVietnamIso(BIG_END), format: 'csv', lang: 'en' })}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBeNull(); // chunked: written while read
    let lines = 0;
    let bytes = 0;
    let first = '';
    let tail = '';
    // Counted as it arrives, never held: the test itself must not be what fills the heap.
    for await (const chunk of Readable.fromWeb(response.body as import('stream/web').ReadableStream<Uint8Array>)) {
      const text = (chunk as Buffer).toString('utf8');
      if (first === '') first = text.slice(0, 200);
      bytes += (chunk as Buffer).length;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      tail = (tail + text).slice(-200);
      if (++chunks % 25 === 0) peak = Math.max(peak, heap());
    }
    const growthMb = (Math.max(peak, heap()) - before) / 2 ** 20;
    // Reported, not asserted as a time: the figure for the report.
    process.stdout.write(`exports: ${BIG_ROWS} rows, ${(bytes / 2 ** 20).toFixed(1)} MiB of CSV, heap growth peak ${growthMb.toFixed(1)} MiB\n`);
    expect(lines).toBe(1 + BIG_ROWS);
    expect(first).toContain('Station ID,Station name,Time (Vietnam time),PM2.5 (µg/m³),PM10 (µg/m³)');
    expect(tail.trim().split('\n').pop()).toBe(
      `pk-air-01,Trạm không khí CCN Phong Khê 1,${toVietnamIso(BIG_END - MINUTE)},${20 + ((BIG_ROWS - 1) % 11)},${40 + ((BIG_ROWS - 1) % 13)}`,
    );
    // Held whole, the 15 MiB of CSV (or the 200 000 rows as objects, several times that) would stay live: a stream
    // holds about one page (10 000 rows) at a time.
    expect(growthMb).toBeLessThan(bytes / 2 ** 20 / 2);
  }, 180_000);

  it('streams the same 200 000 rows as XLSX while the heap stays bounded, and the file reads back row for row', async () => {
    const heap = liveHeap;
    const before = heap();
    let peak = before;
    const response = await get(
      `/api/exports/readings?${q({ stations: 'pk-air-01', parameters: 'PM2.5,PM10', from: toVietnamIso(BIG_START), to: toVietnamIso(BIG_END), format: 'xlsx', lang: 'vi' })}`,
    );
    expect(response.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'langxanh-exports-')), 'big.xlsx');
    const out = createWriteStream(file);
    let chunks = 0;
    // Written to disk as it arrives, never held.
    for await (const chunk of Readable.fromWeb(response.body as import('stream/web').ReadableStream<Uint8Array>)) {
      if (!out.write(chunk)) await once(out, 'drain');
      if (++chunks % 25 === 0) peak = Math.max(peak, heap());
    }
    out.end();
    await once(out, 'finish');
    const growthMb = (Math.max(peak, heap()) - before) / 2 ** 20;
    const sizeMb = statSync(file).size / 2 ** 20;
    process.stdout.write(`exports: ${BIG_ROWS} rows, ${sizeMb.toFixed(1)} MiB of XLSX, heap growth peak ${growthMb.toFixed(1)} MiB\n`);
    // Read back with exceljs's streaming reader: the header, then every row in time order.
    let rows = 0;
    let header: unknown[] = [];
    let last: unknown[] = [];
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' })) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1);
        if (rows === 0) header = values;
        last = values;
        rows++;
      }
    }
    expect(header).toEqual(['Mã trạm', 'Tên trạm', 'Thời gian (giờ Việt Nam)', 'Bụi PM2.5 (µg/m³)', 'Bụi PM10 (µg/m³)']);
    expect(rows).toBe(1 + BIG_ROWS);
    expect(last).toEqual(['pk-air-01', 'Trạm không khí CCN Phong Khê 1', toVietnamIso(BIG_END - MINUTE), 20 + ((BIG_ROWS - 1) % 11), 40 + ((BIG_ROWS - 1) % 13)]);
    // An XLSX held whole (rows, shared strings, the zip) would be tens of MiB live; a stream holds about a page.
    expect(growthMb).toBeLessThan(16);
  }, 240_000);
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReadingTime, StationIndex } from '@langxanh/contracts';
import { eventually, startMosquitto, type RunningService } from '@langxanh/local-services';
import { runCli } from './cli';
import { loadRegistry } from './lib/registry';
import { beijingMessages, defaultBeijingFile } from './lib/replay/beijing';
import { defaultHanoiFile, hanoiMessages } from './lib/replay/hanoi';
import { capture, testContext, validate, type Capture } from './testing/capture';

const index = new StationIndex(loadRegistry());
const HEADER =
  'Site,Parameter,Date (LT),Year,Month,Day,Hour,NowCast Conc.,AQI,AQI Category,Raw Conc.,Conc. Unit,Duration,QC Name';
/** A small extract in the AirNow layout: both 12 o'clocks, a gap, Invalid and Missing rows, a negative Valid value. */
const EXTRACT = [
  HEADER,
  'Hanoi,PM2.5 - Principal,2018-01-01 11:00 AM,2018,01,01,11,95.1,171,Unhealthy,97.3,UG/M3,1 Hr,Valid',
  'Hanoi,PM2.5 - Principal,2018-01-01 12:00 PM,2018,01,01,12,100.2,174,Unhealthy,98.7,UG/M3,1 Hr,Valid',
  'Hanoi,PM2.5 - Principal,2018-01-01 01:00 PM,2018,01,01,13,-999.0,-999,N/A,-999,UG/M3,1 Hr,Missing',
  'Hanoi,PM2.5 - Principal,2018-01-01 02:00 PM,2018,01,01,14,90.0,169,Unhealthy,85.0,UG/M3,1 Hr,Invalid',
  'Hanoi,PM2.5 - Principal,2018-01-01 04:00 PM,2018,01,01,16,80.0,164,Unhealthy,75.5,UG/M3,1 Hr,Valid',
  'Hanoi,PM2.5 - Principal,2018-01-01 11:00 PM,2018,01,01,23,60.0,153,Unhealthy,-2.0,UG/M3,1 Hr,Valid',
  'Hanoi,PM2.5 - Principal,2018-01-02 12:00 AM,2018,01,02,00,58.0,152,Unhealthy,55.0,UG/M3,1 Hr,Valid',
].join('\n');

describe('replay against a real mosquitto', () => {
  let broker: RunningService;
  let sub: Capture | undefined;
  let dir: string;
  let extract: string;

  beforeAll(async () => {
    broker = await startMosquitto({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'langxanh-replay-'));
    extract = join(dir, 'hanoi-extract.csv');
    writeFileSync(extract, `${EXTRACT}\n`);
  });
  afterEach(async () => {
    await sub?.close();
    sub = undefined;
  });
  afterAll(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the Valid rows of an extract with --max, exactly as hanoiMessages() computes them', async () => {
    sub = await capture(broker.url);
    const { context, lines, progress } = testContext();
    const args = ['replay', '--broker', broker.url, '--file', extract, '--station', 'dh-air-01', '--max'];
    expect(await runCli(args, context)).toBe(0);

    const expected = (await hanoiMessages(extract)).messages;
    expect(expected.map((m) => m.ts)).toEqual([
      '2018-01-01T11:00:00',
      '2018-01-01T12:00:00',
      '2018-01-01T16:00:00',
      '2018-01-01T23:00:00',
      '2018-01-02T00:00:00',
    ]);
    await eventually(() => expect(sub!.readings()).toHaveLength(expected.length));
    expect(sub.readings().map((m) => m.topic)).toEqual(
      expected.map(() => 'langxanh/v1/da-hoi/air/dh-air-01/reading'),
    );
    expect(sub.readings().map((m) => JSON.parse(m.payload))).toEqual(expected);

    // The contract accepts all but the negative value, which the ingester rejects as out_of_range.
    const outcomes = sub.readings().map((m) => validate(m, index));
    expect(outcomes.filter((o) => o.reading).length).toBe(4);
    expect(outcomes[3].rejections.map((r) => r.reason)).toEqual(['out_of_range', 'no_valid_values']);
    expect(outcomes[0].reading?.time).toBe(Date.parse('2018-01-01T04:00:00Z'));

    await eventually(() =>
      expect(sub!.statuses('dh-air-01').map((m) => m.payload)).toEqual(['online', 'offline']),
    );
    const summary = lines.join('\n');
    expect(summary).toContain('rows read 7, valid 5, messages 5, published 5');
    expect(summary).toMatch(/skipped by reason: qc_missing 1, qc_invalid 1/);
    expect(summary).toMatch(
      /1 published value\(s\) outside the catalogue range.*PM2\.5=-2 at 2018-01-01T23:00:00/,
    );
    expect(progress).toEqual(['start 5', 'stop']);
  });

  it('paces by data time with --speed (gaps included)', async () => {
    sub = await capture(broker.url);
    const started = Date.now();
    // 13 data hours at 36 000 data seconds per second: 1.3 s.
    const args = [
      'replay',
      '--broker',
      broker.url,
      '--file',
      extract,
      '--speed',
      '36000',
      '--progress',
      'lines',
    ];
    const { context, lines } = testContext();
    expect(await runCli(args, context)).toBe(0);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_300);
    expect(elapsed).toBeLessThan(6_000);
    await eventually(() => expect(sub!.readings('pk-air-01')).toHaveLength(5));
    const arrivals = sub.readings('pk-air-01').map((m) => m.at);
    // 11:00 → 16:00 is 5 data hours = 0.5 s; 16:00 → 23:00 is 0.7 s.
    expect(arrivals[2] - arrivals[0]).toBeGreaterThanOrEqual(400);
    expect(arrivals[3] - arrivals[2]).toBeGreaterThanOrEqual(600);
    expect(lines.some((l) => l.includes('replay: 5/5 messages (100 %)'))).toBe(true);
  });

  it('replays the whole real Hà Nội 2018 file with --max: every Valid row, in order, on the first air station', async () => {
    sub = await capture(broker.url, 'langxanh/v1/phong-khe/air/pk-air-01/#');
    const { context, lines } = testContext();
    const started = Date.now();
    expect(await runCli(['replay', '--broker', broker.url, '--max'], context)).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);

    const plan = await hanoiMessages(defaultHanoiFile());
    expect(plan.messages).toHaveLength(7998);
    await eventually(() => expect(sub!.readings()).toHaveLength(7998), { timeoutMs: 20_000 });
    const received = sub.readings().map((m) => JSON.parse(m.payload));
    expect(received).toEqual(plan.messages);
    expect(received[0]).toEqual({ ts: '2018-01-01T01:00:00', values: { 'PM2.5': 69.2 }, status: '00' });
    expect(parseReadingTime(received.at(-1).ts)).toBe(Date.parse('2018-12-31T17:00:00Z'));
    const summary = lines.join('\n');
    expect(summary).toContain('rows read 8339, valid 7998, messages 7998, published 7998');
    expect(summary).toContain('skipped by reason: qc_missing 145, qc_invalid 196');
    expect(summary).toContain('2018-03-11T03:00:00');
    expect(summary).toMatch(/PM2\.5=-2 at 2018-09-03T05:00:00/);
  });

  it('replays the Beijing Dongsi extract (six pollutants, temperature, RH) within the contract', async () => {
    sub = await capture(broker.url, 'langxanh/v1/van-mon/air/vm-air-02/#');
    const args = [
      'replay',
      '--broker',
      broker.url,
      '--dataset',
      'beijing',
      '--station',
      'vm-air-02',
      '--limit',
      '48',
      '--max',
    ];
    expect(await runCli(args, testContext().context)).toBe(0);
    const plan = await beijingMessages(defaultBeijingFile(), { limit: 48 });
    await eventually(() => expect(sub!.readings()).toHaveLength(48));
    expect(sub.readings().map((m) => JSON.parse(m.payload))).toEqual(plan.messages);
    for (const m of sub.readings()) expect(validate(m, index).rejections).toEqual([]);
  });
});

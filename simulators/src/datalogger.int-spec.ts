import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPureFtpd, stopAll, type RunningFtpServer } from '@langxanh/local-services';
import { parseTt10, parseTt10FileName } from '@langxanh/tt10';
import { runDatalogger } from './lib/datalogger';
import { loadRegistry, selectStations } from './lib/registry';

const [station] = selectStations(loadRegistry(), { stations: ['dh-air-02'] });
let ftp: RunningFtpServer;
let outbox: string;

beforeAll(async () => {
  ftp = await startPureFtpd({ accounts: [{ user: 'dh-air-02', password: 'datalogger-test' }] });
});
beforeEach(() => {
  outbox = mkdtempSync(join(tmpdir(), 'langxanh-datalogger-test-'));
});
afterEach(() => rmSync(outbox, { recursive: true, force: true }));
afterAll(() => stopAll());

describe('datalogger (real pure-ftpd)', () => {
  it('uploads one TT 10 file per interval and, after an outage, the backlog in time order', async () => {
    const lines: string[] = [];
    const log = {
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    };
    const summary = await runDatalogger({
      station,
      target: {
        host: ftp.host,
        port: ftp.port,
        user: 'dh-air-02',
        password: 'datalogger-test',
        timeoutS: 20,
      },
      outbox,
      intervalS: 1,
      count: 5,
      seed: 'test',
      outages: [{ fromS: 0, durationS: 2.5 }],
      log,
    });
    expect(summary).toEqual({ written: 5, uploaded: 5, pending: 0 });
    expect(lines.some((l) => l.startsWith('simulated outage'))).toBe(true);
    expect(lines.some((l) => l.startsWith('link back: backlog uploaded'))).toBe(true);

    const names = readdirSync(ftp.homeOf('dh-air-02')).sort();
    expect(names).toHaveLength(5);
    const times = names.map((name) => parseTt10FileName(name).time);
    expect(times.slice(1).map((t, i) => t - times[i])).toEqual([1000, 1000, 1000, 1000]);
    for (const name of names) {
      const read = parseTt10(readFileSync(join(ftp.homeOf('dh-air-02'), name)));
      expect(read.map((l) => l.symbol)).toContain('PM2,5');
      expect(new Set(read.map((l) => l.time))).toEqual(new Set([parseTt10FileName(name).time]));
    }
    // The server's transfer log: the backlog went up oldest first.
    const uploadedOrder = readFileSync(join(ftp.dataDir, 'transfers.log'), 'utf8')
      .split('\n')
      .map((line) => /(BN_DAHOI_KK02_\d{14}\.txt)/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(uploadedOrder).toEqual(names);
  });
});

import { join } from 'node:path';
import { runCli } from './cli';

const fixture = (name: string) => join(__dirname, 'fixtures', name);
const NOW = Date.UTC(2026, 11, 7);

async function dryRun(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['--dry-run', ...args], { out: (t) => (out += t), err: (t) => (err += t), now: () => NOW, env: {} });
  return { code, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown), err };
}

describe('npm run import -- --dry-run', () => {
  it('prints a TT 10 file as contract readings at UTC-correct times (registry name → station, units converted)', async () => {
    const tt10 = await dryRun([fixture('BN_DAIBAI_NT01_20251201100500.txt')]);
    expect(tt10.code).toBe(0);
    expect(tt10.lines).toEqual([
      {
        station: 'db-ww-01',
        ts: '2025-12-01T10:05:00+07:00',
        values: { Flow: 12.5, Temp: 28.4, pH: 7.12, COD: 45.2, NH4: 3.1 },
        status: { Flow: '00', Temp: '00', pH: '01', COD: '00', NH4: '00' },
      },
    ]);
    expect(tt10.err).toContain('missing values: TSS 1');
    const unknown = await dryRun([fixture('BN_UNKNOWN_KK09_20251201101000.txt')]);
    expect(unknown.lines).toEqual([]);
    expect(unknown.err).toContain('give --station');
    const assigned = await dryRun(['--station', 'pk-air-01', fixture('BN_UNKNOWN_KK09_20251201101000.txt')]);
    expect(assigned.lines).toEqual([
      { station: 'pk-air-01', ts: '2025-12-01T10:05:00+07:00', values: { 'PM2.5': 35.2, PM10: 61 }, status: '00' },
      { station: 'pk-air-01', ts: '2025-12-01T10:10:00+07:00', values: { 'PM2.5': 37.1, PM10: 64 }, status: '00' },
    ]);
  });

  it('prints a CSV with a mapping from flags (hour-starting labels, decimal commas, a missing marker)', async () => {
    const csv = await dryRun([
      '--station', 'pk-air-02', '--delimiter', ';', '--time-column', 'Thời gian', '--time-format', 'dd/MM/yyyy HH:mm',
      '--time-label', 'start', '--column', 'PM2.5=PM2.5 (µg/m³)', '--column', 'PM10=PM10 (µg/m³)', '--missing', '-999',
      fixture('hourly.csv'),
    ]);
    expect(csv.code).toBe(0);
    expect(csv.lines).toEqual([
      { station: 'pk-air-02', ts: '2025-12-01T01:00:00+07:00', values: { 'PM2.5': 35.2, PM10: 61 }, status: '00' },
      { station: 'pk-air-02', ts: '2025-12-01T02:00:00+07:00', values: { PM10: 64 }, status: '00' },
      { station: 'pk-air-02', ts: '2025-12-01T04:00:00+07:00', values: { 'PM2.5': 28 }, status: '00' },
    ]);
    expect(csv.err).toContain('skipped: no_values 1');
  });

  it('refuses a CSV without a time label, an unknown --station, and a real import without a password', async () => {
    expect((await dryRun(['--station', 'pk-air-02', '--time-column', 't', '--column', 'PM10=x', fixture('hourly.csv')])).err).toContain(
      'time.label',
    );
    expect((await dryRun(['--station', 'nowhere', fixture('hourly.csv')])).code).toBe(1);
    let err = '';
    const code = await runCli([fixture('BN_DAIBAI_NT01_20251201100500.txt')], { err: (t) => (err += t), out: () => undefined, env: {} });
    expect(code).toBe(1);
    expect(err).toContain('LANGXANH_PASSWORD');
  });
});

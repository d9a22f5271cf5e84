import { parseTt10, parseTt10FileName, tt10Payloads } from '@langxanh/tt10';
import { BACKLOG_60_DAYS, backlogFiles, FILE_INTERVAL_MS, tt10BenchRegistry } from './backlog';

const LAST = Date.parse('2026-12-07T05:00:00Z');

describe('TT 10 benchmark backlog', () => {
  it('is 60 days of five-minute files that libs/tt10 reads back to one reading each, at the named time', () => {
    expect(BACKLOG_60_DAYS).toBe(17_280);
    const files = backlogFiles(BACKLOG_60_DAYS, LAST, 'ordered');
    expect(files).toHaveLength(17_280);
    expect(files[0].time).toBe(LAST - 17_279 * FILE_INTERVAL_MS);
    expect(files.at(-1)?.time).toBe(LAST);
    expect(new Set(files.map((f) => f.name)).size).toBe(17_280);
    for (const file of [files[0], files[5_000], files.at(-1)!]) {
      expect(parseTt10FileName(file.name).time).toBe(file.time);
      const payloads = tt10Payloads(parseTt10(Buffer.from(file.content)));
      expect(payloads).toHaveLength(1);
      expect(payloads[0].time).toBe(file.time);
      expect(Object.keys(payloads[0].payload.values)).toEqual(
        expect.arrayContaining(['PM2.5', 'PM10', 'SO2', 'CO', 'RH']),
      );
    }
  });

  it('has status 00 mostly, 01 for the 02:00 hour (Vietnam time) of each day, and some 02', () => {
    const statuses = backlogFiles(2_880, LAST, 'ordered').flatMap((file) =>
      parseTt10(Buffer.from(file.content)).map((line) => ({ status: line.status, time: file.time })),
    );
    const calibrating = statuses.filter((s) => s.status === '01');
    expect(calibrating.length).toBeGreaterThan(0);
    expect(calibrating.every((s) => new Date(s.time + 7 * 3_600_000).getUTCHours() === 2)).toBe(true);
    expect(statuses.some((s) => s.status === '02')).toBe(true);
    expect(statuses.filter((s) => s.status === '00').length).toBeGreaterThan(statuses.length * 0.9);
  });

  it('shuffles the same files in a seeded order, and refuses a backlog beyond 60 days', () => {
    const ordered = backlogFiles(500, LAST, 'ordered');
    const shuffled = backlogFiles(500, LAST, 'shuffled');
    expect(shuffled.map((f) => f.name)).not.toEqual(ordered.map((f) => f.name));
    expect([...shuffled].sort((a, b) => a.time - b.time)).toEqual(ordered);
    expect(backlogFiles(500, LAST, 'shuffled')).toEqual(shuffled);
    expect(() => backlogFiles(17_281, LAST, 'ordered')).toThrow(RangeError);
    expect(() => backlogFiles(0, LAST, 'ordered')).toThrow(RangeError);
  });

  it('registers the one station under its TT 10 name', () => {
    const station = tt10BenchRegistry().clusters[0].stations[0];
    expect(station).toMatchObject({
      id: 'tt10-air-01',
      kind: 'air',
      tt10: 'BN_BENCH_KK01',
      expectedIntervalS: 300,
    });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Spool, SpoolFullError, type SpoolDrop, type SpoolOptions } from './spool';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'langxanh-spool-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const line = (i: number) => `m,station=s${i % 7} v=${i} ${1_700_000_000_000 + i}\n`;

/** Reads and commits everything pending; returns the lines in order. */
function drain(spool: Spool, maxBytes = 1000): string[] {
  const out: string[] = [];
  for (let batch = spool.read(maxBytes); batch; batch = spool.read(maxBytes)) {
    out.push(...batch.body.toString('utf8').split('\n').slice(0, -1));
    spool.commit(batch);
  }
  return out;
}

function open(dir: string, extra: Partial<SpoolOptions> = {}): Spool {
  return Spool.open({
    dir,
    maxBytes: 100_000,
    segmentBytes: 1000,
    fullPolicy: 'block',
    fsyncIntervalMs: 0,
    ...extra,
  });
}

describe('Spool', () => {
  it('gives lines back in order across segments and deletes written segments', () => {
    const dir = tempDir();
    const spool = open(dir);
    for (let i = 0; i < 200; i++) spool.append(line(i));
    expect(spool.stats().pendingLines).toBe(200);
    expect(spool.stats().segments).toBeGreaterThan(5);
    const lines = drain(spool, 700);
    expect(lines).toEqual(Array.from({ length: 200 }, (_, i) => line(i).trimEnd()));
    expect(spool.stats()).toMatchObject({ pendingBytes: 0, pendingLines: 0, segments: 1 });
    spool.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.lp'))).toHaveLength(1);
  });

  it('returns a line longer than maxBytes whole, alone and marked oversize, then reads on normally', () => {
    const spool = open(tempDir(), { segmentBytes: 10_000 });
    const long = `m,station=big v="${'z'.repeat(3_000)}" 1\n`;
    spool.append(long);
    spool.append(line(1));
    const batch = spool.read(100);
    expect(batch).toMatchObject({ lines: 1, oversize: true });
    expect(batch?.body.toString()).toBe(long);
    if (batch) spool.commit(batch);
    const next = spool.read(100);
    expect(next?.oversize).toBeUndefined();
    expect(next?.body.toString()).toBe(line(1));
    spool.close();
  });

  it('tells whether everything appended before a mark is committed, across segments', () => {
    const spool = open(tempDir());
    expect(spool.committedThrough(spool.end())).toBe(true);
    for (let i = 0; i < 30; i++) spool.append(line(i));
    const mark = spool.end();
    for (let i = 30; i < 60; i++) spool.append(line(i));
    expect(spool.committedThrough(mark)).toBe(false);
    let lines = 0;
    while (lines < 30) {
      const batch = spool.read(200);
      if (!batch) break;
      expect(spool.committedThrough(mark)).toBe(false);
      lines += batch.lines;
      spool.commit(batch);
    }
    expect(spool.committedThrough(mark)).toBe(true);
    expect(spool.committedThrough(spool.end())).toBe(false);
    drain(spool);
    expect(spool.committedThrough(spool.end())).toBe(true);
    spool.close();
  });

  it('never splits a line and never crosses a segment in one batch', () => {
    const spool = open(tempDir());
    for (let i = 0; i < 50; i++) spool.append(line(i));
    const batch = spool.read(100);
    expect(batch?.body.toString().endsWith('\n')).toBe(true);
    expect(batch?.start.segment).toBe(batch?.end.segment);
    expect(() => spool.read(100)).toThrow(/already out/);
    if (batch) spool.release(batch);
    expect(spool.read(100)?.body.equals(batch?.body ?? Buffer.alloc(0))).toBe(true);
    spool.close();
  });

  it('after a crash (no close), a new process gets every line not committed, once, in order', () => {
    const dir = tempDir();
    const first = open(dir);
    for (let i = 0; i < 120; i++) first.append(line(i));
    const batch = first.read(500);
    if (!batch) throw new Error('expected a batch');
    first.commit(batch);
    const committed = batch.lines;
    // Simulated crash: the process dies without close(); a half-written line is left at the end.
    const last =
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.lp'))
        .sort()
        .pop() ?? '';
    fs.appendFileSync(path.join(dir, last), 'm,station=torn v=1');
    const second = open(dir);
    expect(second.stats().pendingLines).toBe(120 - committed);
    second.append(line(120));
    expect(drain(second)).toEqual(
      Array.from({ length: 121 - committed }, (_, i) => line(i + committed).trimEnd()),
    );
    second.close();
  });

  it('saves the checkpoint at most once per interval: after a crash, committed lines may come again, none is lost', () => {
    const dir = tempDir();
    const first = open(dir, { checkpointIntervalMs: 60_000 });
    for (let i = 0; i < 120; i++) first.append(line(i));
    let committed = 0;
    let firstSaved = 0;
    for (let n = 0; n < 3; n++) {
      const batch = first.read(300);
      if (!batch) throw new Error('expected a batch');
      first.commit(batch);
      committed += batch.lines;
      if (n === 0) firstSaved = batch.lines;
    }
    // Only the first commit was saved (the interval had not passed for the others); then a crash, no close().
    const second = open(dir);
    const replayed = drain(second);
    expect(replayed).toEqual(
      Array.from({ length: 120 - firstSaved }, (_, i) => line(i + firstSaved).trimEnd()),
    );
    expect(replayed.length).toBeGreaterThan(120 - committed);
    second.close();
  });

  it('with checkpointIntervalMs 0, saves the checkpoint at every commit: nothing committed comes again', () => {
    const dir = tempDir();
    const first = open(dir, { checkpointIntervalMs: 0 });
    for (let i = 0; i < 120; i++) first.append(line(i));
    let committed = 0;
    for (let n = 0; n < 3; n++) {
      const batch = first.read(300);
      if (!batch) throw new Error('expected a batch');
      first.commit(batch);
      committed += batch.lines;
    }
    const second = open(dir);
    expect(drain(second)).toEqual(
      Array.from({ length: 120 - committed }, (_, i) => line(i + committed).trimEnd()),
    );
    second.close();
  });

  it('under "block", refuses what does not fit and wakes the writer when space is made', async () => {
    const spool = open(tempDir(), { maxBytes: 4000, segmentBytes: 1000 });
    let appended = 0;
    expect(() => {
      for (;;) {
        spool.append(line(appended));
        appended++;
      }
    }).toThrow(SpoolFullError);
    expect(spool.stats().pendingLines).toBe(appended);
    expect(spool.full).toBe(true);
    let woken = false;
    const waiting = spool.whenWritable(Buffer.byteLength(line(0))).then(() => (woken = true));
    await Promise.resolve();
    expect(woken).toBe(false);
    const batch = spool.read(1000);
    if (batch) spool.commit(batch);
    await waiting;
    expect(woken).toBe(true);
    expect(spool.full).toBe(false);
    spool.append(line(appended));
    expect(drain(spool)).toHaveLength(appended + 1 - (batch?.lines ?? 0));
    spool.close();
  });

  it('assertRoom refuses under "block" what append would refuse, and never under "drop-oldest"', () => {
    const blocking = open(tempDir(), { maxBytes: 4000, segmentBytes: 1000 });
    blocking.append(line(0));
    const used = blocking.stats().pendingBytes;
    expect(() => blocking.assertRoom(4000 - used)).not.toThrow();
    expect(() => blocking.assertRoom(4001 - used)).toThrow(SpoolFullError);
    expect(blocking.full).toBe(true);
    blocking.close();
    const dropping = open(tempDir(), { maxBytes: 4000, segmentBytes: 1000, fullPolicy: 'drop-oldest' });
    expect(() => dropping.assertRoom(10_000)).not.toThrow();
    dropping.close();
  });

  it('under "drop-oldest", drops whole segments and counts every dropped line exactly', () => {
    const drops: SpoolDrop[] = [];
    const spool = open(tempDir(), {
      maxBytes: 4000,
      segmentBytes: 1000,
      fullPolicy: 'drop-oldest',
      onDrop: (d) => drops.push(d),
    });
    const total = 300;
    for (let i = 0; i < total; i++) spool.append(line(i));
    const kept = drain(spool);
    const droppedLines = drops.reduce((sum, d) => sum + d.lines, 0);
    expect(droppedLines).toBeGreaterThan(0);
    expect(spool.stats().droppedLines).toBe(droppedLines);
    expect(kept.length + droppedLines).toBe(total);
    // What is kept stays in order and nothing is duplicated.
    const numbers = kept.map((l) => Number(/v=(\d+)/.exec(l)?.[1]));
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
    expect(new Set(numbers).size).toBe(numbers.length);
    spool.close();
  });

  it('reports the age of the oldest pending line', () => {
    let now = 1_000_000;
    const spool = open(tempDir(), { now: () => now });
    expect(spool.stats().oldestPendingAt).toBeUndefined();
    spool.append(line(1));
    now += 5_000;
    spool.append(line(2));
    expect(spool.stats().oldestPendingAt).toBe(1_000_000);
    const batch = spool.read(Buffer.byteLength(line(1)));
    if (batch) spool.commit(batch);
    expect(spool.stats().oldestPendingAt).toBe(1_005_000);
    spool.close();
  });

  it('rejects lines without a final newline and inconsistent options', () => {
    const spool = open(tempDir());
    expect(() => spool.append('m v=1 1')).toThrow(TypeError);
    spool.close();
    expect(() => open(tempDir(), { maxBytes: 1000, segmentBytes: 1000 })).toThrow(RangeError);
  });
});

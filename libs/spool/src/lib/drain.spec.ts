import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DrainVerdict, SpoolDrain, type SpoolDrainOptions } from './drain';
import { Spool } from './spool';

// Fake timers (Date, setTimeout, performance) make every delay exact; the spool is real, in a temporary folder.
beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 11, 7, 8, 0, 0) }));
afterEach(() => jest.useRealTimers());

const dirs: string[] = [];
const spools: Spool[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
afterEach(() => spools.splice(0).forEach((spool) => spool.close()));

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'langxanh-drain-'));
  dirs.push(dir);
  return dir;
}

function openSpool(dir = tempDir()): Spool {
  const spool = Spool.open({
    dir,
    maxBytes: 1_000_000,
    segmentBytes: 10_000,
    fullPolicy: 'block',
    fsyncIntervalMs: 0,
  });
  spools.push(spool);
  return spool;
}

/** A 20-byte line. */
const line = (i: number) => `m v=${String(i).padStart(7, '0')} ${1_000_000 + i}\n`;

class TransientError extends Error {}

interface Harness {
  readonly drain: SpoolDrain;
  readonly spool: Spool;
  /** Bodies in the order `write` was called, with the fake clock's time of each call. */
  readonly calls: { body: string; at: number }[];
  /** Most writes in flight at once. */
  readonly most: () => number;
  readonly events: string[];
  readonly quarantineDir: string;
}

/**
 * A drain on a real spool whose `write` answers with `outcomes` in turn (then succeeds): `ok`, `retry`
 * (a TransientError, classified `retry`), `refuse` (another Error, `quarantine`), `throw` (a synchronous
 * TransientError). Each write takes `writeMs`.
 */
function harness(
  options: Partial<SpoolDrainOptions> & {
    outcomes?: ('ok' | 'retry' | 'refuse' | 'throw')[];
    writeMs?: number;
  } = {},
): Harness {
  const spool = options.spool ?? openSpool();
  const calls: Harness['calls'] = [];
  const events: string[] = [];
  const outcomes = [...(options.outcomes ?? [])];
  const quarantineDir = path.join(tempDir(), 'quarantine');
  let inFlight = 0;
  let most = 0;
  const write = (body: string): Promise<void> => {
    calls.push({ body, at: Date.now() });
    const outcome = outcomes.shift() ?? 'ok';
    if (outcome === 'throw') throw new TransientError('thrown at once');
    most = Math.max(most, ++inFlight);
    const settle = (resolve: () => void, reject: (error: Error) => void) => {
      inFlight--;
      if (outcome === 'ok') resolve();
      else reject(outcome === 'retry' ? new TransientError('503') : new Error('400 bad line'));
    };
    // No timer for an instant write: the fake clock would count a setTimeout(0) as 1 ms.
    return new Promise((resolve, reject) =>
      options.writeMs ? setTimeout(() => settle(resolve, reject), options.writeMs) : settle(resolve, reject),
    );
  };
  const drain = new SpoolDrain({
    spool,
    write,
    classify: (error): DrainVerdict => (error instanceof TransientError ? 'retry' : 'quarantine'),
    batchBytes: 100,
    retryMinMs: 100,
    retryMaxMs: 800,
    lingerMs: 0,
    quarantineDir,
    events: {
      written: (lines, seconds) => events.push(`written ${lines} in ${seconds}s`),
      failed: (error, verdict, pending) =>
        events.push(`failed ${verdict} ${pending}: ${(error as Error).message}`),
      quarantined: ({ file, lines, reason }) => events.push(`quarantined ${reason} ${lines} ${path.basename(file)}`),
      error: (error) => events.push(`error: ${(error as Error).message}`),
      recovered: (pending) => events.push(`recovered ${pending}`),
    },
    ...options,
  });
  return { drain, spool, calls, most: () => most, events, quarantineDir };
}

const appendLines = (h: Harness, from: number, count: number) => {
  for (let i = from; i < from + count; i++) h.spool.append(line(i));
  h.drain.notify();
};

/** Stops the drain, letting the fake clock run for a write in flight and the grace. */
async function stop(h: Harness): Promise<void> {
  const stopped = h.drain.stop();
  await jest.advanceTimersByTimeAsync(10_000);
  await stopped;
}

describe('SpoolDrain', () => {
  it('writes everything in order, one batch of whole lines ≤ batchBytes at a time, and commits it', async () => {
    const h = harness({ writeMs: 30 });
    appendLines(h, 0, 12);
    h.drain.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(h.calls.map((c) => c.body.length)).toEqual([100, 100, 40]);
    expect(h.calls.map((c) => c.body).join('')).toBe(Array.from({ length: 12 }, (_, i) => line(i)).join(''));
    expect(h.most()).toBe(1);
    expect(h.spool.stats().pendingLines).toBe(0);
    expect(h.events).toEqual(['written 5 in 0.03s', 'written 5 in 0.03s', 'written 2 in 0.03s']);
    expect(h.drain.state()).toEqual({ writing: true, lastWriteAt: Date.UTC(2026, 11, 7, 8, 0, 0, 90) });
    await stop(h);
  });

  it('wakes on notify() when idle, and looks at the spool every second without it', async () => {
    const h = harness();
    h.drain.start();
    await jest.advanceTimersByTimeAsync(10);
    h.spool.append(line(1));
    h.drain.notify();
    await jest.advanceTimersByTimeAsync(0);
    expect(h.calls.map((c) => c.at - Date.UTC(2026, 11, 7, 8, 0, 0))).toEqual([10]);
    h.spool.append(line(2)); // no notify
    await jest.advanceTimersByTimeAsync(999);
    expect(h.calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(h.calls).toHaveLength(2);
    await stop(h);
  });

  it('backs off from retryMinMs doubling to retryMaxMs, keeps the lines, and resets after a success', async () => {
    const h = harness({ outcomes: ['retry', 'retry', 'retry', 'retry', 'retry', 'ok', 'retry', 'ok'] });
    appendLines(h, 0, 3);
    h.drain.start();
    await jest.advanceTimersByTimeAsync(1);
    expect(h.drain.state()).toEqual({ writing: false, lastError: '503' });
    expect(h.spool.stats().pendingLines).toBe(3);
    await jest.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 800);
    const start = Date.UTC(2026, 11, 7, 8, 0, 0);
    expect(h.calls.map((c) => c.at - start)).toEqual([0, 100, 300, 700, 1_500, 2_300]);
    expect(new Set(h.calls.map((c) => c.body))).toEqual(new Set([line(0) + line(1) + line(2)]));
    expect(h.spool.stats().pendingLines).toBe(0);
    expect(h.drain.state()).toEqual({ writing: true, lastWriteAt: start + 2_300 });
    expect(h.events).toEqual([
      ...Array.from({ length: 5 }, () => 'failed retry 3: 503'),
      'written 3 in 0s',
      'recovered 0',
    ]);

    // A new failure starts again at retryMinMs.
    appendLines(h, 3, 1);
    await jest.advanceTimersByTimeAsync(0);
    await jest.advanceTimersByTimeAsync(100);
    expect(h.calls.slice(6).map((c) => c.at - start)).toEqual([2_301, 2_401]);
    expect(h.events.slice(7)).toEqual(['failed retry 1: 503', 'written 1 in 0s', 'recovered 0']);
    await stop(h);
  });

  it('treats a write that throws synchronously like a rejected one', async () => {
    const h = harness({ outcomes: ['throw'] });
    appendLines(h, 0, 2);
    h.drain.start();
    await jest.advanceTimersByTimeAsync(1);
    expect(h.drain.state()).toMatchObject({ writing: false, lastError: 'thrown at once' });
    expect(h.spool.stats().pendingLines).toBe(2);
    await jest.advanceTimersByTimeAsync(100);
    expect(h.calls.map((c) => c.body)).toEqual([line(0) + line(1), line(0) + line(1)]);
    expect(h.spool.stats().pendingLines).toBe(0);
    expect(h.events).toEqual(['failed retry 2: thrown at once', 'written 2 in 0s', 'recovered 0']);
    await stop(h);
  });

  it('saves a refused batch to <iso>-<segment>-<offset>.lp, commits it, never sends it again, goes on', async () => {
    const h = harness({ outcomes: ['ok', 'refuse'] });
    appendLines(h, 0, 12);
    h.drain.start();
    await jest.advanceTimersByTimeAsync(10);
    expect(h.calls.map((c) => c.body)).toEqual([
      line(0) + line(1) + line(2) + line(3) + line(4),
      line(5) + line(6) + line(7) + line(8) + line(9),
      line(10) + line(11),
    ]);
    const files = fs.readdirSync(h.quarantineDir);
    expect(files).toEqual(['2026-12-07T08-00-00-000Z-1-100.lp']);
    expect(fs.readFileSync(path.join(h.quarantineDir, files[0] ?? ''), 'utf8')).toBe(h.calls[1]?.body);
    expect(h.spool.stats().pendingLines).toBe(0);
    expect(h.events).toEqual([
      'written 5 in 0s',
      'failed quarantine 7: 400 bad line',
      'quarantined refused 5 2026-12-07T08-00-00-000Z-1-100.lp',
      'written 2 in 0s',
    ]);
    // A quarantine is no write failure of the database as a whole, and the next batch is not backed off.
    expect(h.drain.state()).toEqual({ writing: true, lastWriteAt: Date.UTC(2026, 11, 7, 8, 0, 0) });
    await stop(h);
  });

  it('quarantines a line longer than batchBytes without sending it, and goes on with the next lines', async () => {
    const h = harness();
    const long = `m,station=pk-air-01 json="${'x'.repeat(150)}" 1000\n`;
    h.spool.append(line(0));
    h.spool.append(long);
    h.spool.append(line(1));
    h.drain.start();
    await jest.advanceTimersByTimeAsync(10);
    // The line before it goes alone (a batch never reads past the long line), then the long line is set aside.
    expect(h.calls.map((c) => c.body)).toEqual([line(0), line(1)]);
    const files = fs.readdirSync(h.quarantineDir);
    expect(files).toEqual(['2026-12-07T08-00-00-000Z-1-20.lp']);
    expect(fs.readFileSync(path.join(h.quarantineDir, files[0] ?? ''), 'utf8')).toBe(long);
    expect(h.events).toEqual([
      'written 1 in 0s',
      'quarantined oversize 1 2026-12-07T08-00-00-000Z-1-20.lp',
      'written 1 in 0s',
    ]);
    expect(h.spool.stats()).toMatchObject({ pendingLines: 0, pendingBytes: 0 });
    expect(h.drain.state().writing).toBe(true);
    await stop(h);
  });

  it('quarantines an oversize line found in the spool at start-up (a previous process wrote it)', async () => {
    const dir = tempDir();
    const before = openSpool(dir);
    before.append(`m json="${'y'.repeat(500)}" 1\n`);
    before.append(line(7));
    before.close();
    const h = harness({ spool: openSpool(dir) });
    h.drain.start();
    await jest.advanceTimersByTimeAsync(10);
    expect(h.calls.map((c) => c.body)).toEqual([line(7)]);
    expect(fs.readdirSync(h.quarantineDir)).toHaveLength(1);
    expect(h.spool.stats().pendingLines).toBe(0);
    await stop(h);
  });

  it('never lets an error escape: a quarantine that cannot be written, a throwing handler or classifier', async () => {
    // The quarantine "folder" is a file: saving fails (ENOTDIR) until it is removed; the line stays in the spool.
    const blocker = path.join(tempDir(), 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const h = harness({ quarantineDir: blocker, outcomes: ['refuse'] });
    appendLines(h, 0, 1);
    h.drain.start();
    await jest.advanceTimersByTimeAsync(10);
    expect(h.events.some((e) => e.startsWith('error: ') && /ENOTDIR|EEXIST/.test(e))).toBe(true);
    expect(h.spool.stats().pendingLines).toBe(1);
    fs.rmSync(blocker);
    await jest.advanceTimersByTimeAsync(1_000);
    // Written on a later try (the write answers `ok` now): nothing lost, nothing thrown.
    expect(h.spool.stats().pendingLines).toBe(0);
    expect(h.calls.at(-1)?.body).toBe(line(0));

    const throwing = harness({
      classify: () => {
        throw new Error('classifier bug');
      },
      outcomes: ['refuse'],
      events: {
        written: () => {
          throw new Error('handler bug');
        },
      },
    });
    appendLines(throwing, 0, 2);
    throwing.drain.start();
    await jest.advanceTimersByTimeAsync(1_000);
    // A throwing classifier keeps the lines (retry); a throwing handler does not stop the loop.
    expect(throwing.calls.map((c) => c.body)).toEqual([line(0) + line(1), line(0) + line(1)]);
    expect(throwing.spool.stats().pendingLines).toBe(0);
    appendLines(throwing, 2, 1);
    await jest.advanceTimersByTimeAsync(1_100);
    expect(throwing.spool.stats().pendingLines).toBe(0);
    await stop(h);
    await expect(throwing.drain.stop()).resolves.toBeUndefined();
  });

  it('lingers lingerMs after a write unless batchBytes / 2 are pending', async () => {
    const h = harness({ lingerMs: 100, writeMs: 10 });
    const start = Date.UTC(2026, 11, 7, 8, 0, 0);
    appendLines(h, 0, 1);
    h.drain.start();
    await jest.advanceTimersByTimeAsync(10); // written at 10: linger until 110
    appendLines(h, 1, 1); // 20 bytes < 50: waits for the linger
    await jest.advanceTimersByTimeAsync(99);
    expect(h.calls).toHaveLength(1);
    appendLines(h, 2, 1);
    await jest.advanceTimersByTimeAsync(1); // 110: both lines in one request, written at 120
    await jest.advanceTimersByTimeAsync(5);
    appendLines(h, 3, 3); // 60 bytes ≥ 50 pending when that write ends: no linger
    await jest.advanceTimersByTimeAsync(5);
    await jest.advanceTimersByTimeAsync(0);
    expect(h.calls.map((c) => [c.at - start, c.body])).toEqual([
      [0, line(0)],
      [110, line(1) + line(2)],
      [120, line(3) + line(4) + line(5)],
    ]);
    await stop(h);
  });

  it('sends a backlog at once, without lingering between batches', async () => {
    const h = harness({ lingerMs: 100 });
    appendLines(h, 0, 15);
    h.drain.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(h.calls.map((c) => c.body.length)).toEqual([100, 100, 100]);
    expect(new Set(h.calls.map((c) => c.at))).toEqual(new Set([Date.UTC(2026, 11, 7, 8, 0, 0)]));
    await stop(h);
  });

  it('on stop writes what is pending within the grace, then returns leaving the rest in the spool', async () => {
    const h = harness({ writeMs: 2_000, lingerMs: 100 });
    appendLines(h, 0, 25); // 5 batches of 2 s each
    h.drain.start();
    await jest.advanceTimersByTimeAsync(500);
    let stopped = false;
    void h.drain.stop().then(() => (stopped = true));
    // The write in flight ends at 2 s; the grace (5 s) runs from then: batches start at 2, 4 and 6 s.
    await jest.advanceTimersByTimeAsync(7_499);
    expect(stopped).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(stopped).toBe(true);
    expect(h.calls).toHaveLength(4);
    expect(h.spool.stats().pendingLines).toBe(5);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(h.calls).toHaveLength(4);

    // Stopped with a failure: the failed batch stays, for the next process.
    const dir = tempDir();
    const failing = harness({ spool: openSpool(dir), outcomes: ['ok', 'retry'] });
    appendLines(failing, 0, 10);
    failing.drain.start();
    const stop = failing.drain.stop();
    await jest.advanceTimersByTimeAsync(0);
    await stop;
    expect(failing.calls).toHaveLength(2);
    expect(failing.spool.stats().pendingLines).toBe(5);
    failing.spool.close();
    const reopened = openSpool(dir);
    expect(reopened.read(1_000)?.body.toString()).toBe(failing.calls[1]?.body);
  });

  it('stops at once when idle, and refuses to start again', async () => {
    const h = harness({ stopGraceMs: 0 });
    h.drain.start();
    await jest.advanceTimersByTimeAsync(10);
    await h.drain.stop();
    await h.drain.stop();
    expect(() => h.drain.start()).toThrow(/stopped/);
    expect(h.calls).toHaveLength(0);
  });

  it('refuses inconsistent options', () => {
    const spool = openSpool();
    const base = {
      spool,
      write: () => Promise.resolve(),
      classify: () => 'retry' as const,
      quarantineDir: '/tmp/q',
    };
    const ok = { batchBytes: 10, retryMinMs: 1, retryMaxMs: 1, lingerMs: 0 };
    expect(() => new SpoolDrain({ ...base, ...ok })).not.toThrow();
    expect(() => new SpoolDrain({ ...base, ...ok, batchBytes: 0 })).toThrow(RangeError);
    expect(() => new SpoolDrain({ ...base, ...ok, retryMinMs: 0 })).toThrow(RangeError);
    expect(() => new SpoolDrain({ ...base, ...ok, retryMaxMs: 0 })).toThrow(RangeError);
    expect(() => new SpoolDrain({ ...base, ...ok, retryMinMs: 2 })).not.toThrow(); // as the env allows
    expect(() => new SpoolDrain({ ...base, ...ok, lingerMs: -1 })).toThrow(RangeError);
    expect(() => new SpoolDrain({ ...base, ...ok, stopGraceMs: Number.NaN })).toThrow(RangeError);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { validateEnv, type Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import type { SpoolDrainService } from './spool-drain.service';
import { SpoolFullError, SpoolWriter } from './spool-writer';

/** A real spool in a temporary folder; the drain is a stub (the test commits batches itself). */
describe('SpoolWriter under SPOOL_FULL_POLICY=block (real spool)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'langxanh-spool-writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (maxBytes: number) => {
    const env = validateEnv({
      SPOOL_DIR: dir,
      SPOOL_MAX_BYTES: String(maxBytes),
      SPOOL_FULL_POLICY: 'block',
      SPOOL_FSYNC_INTERVAL_MS: '0',
      AUTH_JWT_SECRET: 'a-secret-of-at-least-32-characters-for-tests',
    });
    const config = new ConfigService<Env, true>(env);
    const drain = { notify: () => undefined } as unknown as SpoolDrainService;
    const writer = new SpoolWriter(config, new MetricsService(), drain);
    return { writer, spool: writer.open() };
  };
  const line = (n: number) => `air,station=s${n} PM10=${n} ${1_700_000_000_000 + n}\n`;
  const settled = async (promise: Promise<unknown>) => {
    let done = false;
    void promise.then(() => (done = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    return done;
  };

  it('whenWritable waits for the turn’s queued lines to be appended, then for real room — a refused reading never retries against the same queued bytes', async () => {
    const { writer, spool } = open(16 * 1024);
    // Queue (as held messages of one event-loop turn do) until the spool, with what is queued, is at its bound.
    let queued = 0;
    let refusal: unknown;
    for (; queued < 1000; queued++) {
      try {
        writer.queue(line(queued));
      } catch (error) {
        refusal = error;
        break;
      }
    }
    expect(refusal).toBeInstanceOf(SpoolFullError);
    expect(spool.stats().pendingLines).toBe(0);
    // Nothing is appended yet, so the spool alone has room; resolving now would make the caller spin.
    const writable = writer.whenWritable();
    expect(await settled(writable)).toBe(false);
    // The turn's flush appends the queued lines: now the spool itself is (nearly) full, so room must come first.
    writer.flush();
    expect(spool.stats().pendingLines).toBe(queued);
    expect(await settled(writable)).toBe(false);
    // The database takes a batch: room again.
    const batch = spool.read(8 * 1024);
    expect(batch).toBeDefined();
    spool.commit(batch!);
    expect(await settled(writable)).toBe(true);
    expect(() => writer.queue(line(queued))).not.toThrow();
    writer.flush();
    writer.close();
  });

  it('whenWritable resolves at once when nothing is queued and the spool has room', async () => {
    const { writer } = open(64 * 1024);
    expect(await settled(writer.whenWritable())).toBe(true);
    writer.close();
  });
});

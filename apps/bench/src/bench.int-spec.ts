/**
 * Smoke run of `npm run bench` (the built benchmark, `--quick`): tiny rates, one run, so the benchmark never rots.
 * It asserts what the benchmark did — every figure measured, every reading of the low-rate rungs stored — never its
 * speed: figures belong to `npm run bench`, not to tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Figure } from './lib/report';
import type { RunResult } from './lib/benchmark';
import { BENCH_BUILT } from './lib/rig';

const ROOT = resolve(__dirname, '../../..');
const OUT = 'tmp/bench-smoke';

describe('npm run bench -- --quick', () => {
  let results: { figures: Figure[]; runs: RunResult[] };

  beforeAll(() => {
    expect(existsSync(join(ROOT, BENCH_BUILT.main))).toBe(true);
    rmSync(join(ROOT, OUT), { recursive: true, force: true });
    const run = spawnSync(process.execPath, [join(ROOT, BENCH_BUILT.main), '--quick', '--out', OUT], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 480_000,
    });
    process.stdout.write(run.stdout);
    if (run.status !== 0) throw new Error(`bench --quick exited ${run.status}\n${run.stderr}`);
    results = JSON.parse(readFileSync(join(ROOT, OUT, 'results.json'), 'utf8')) as typeof results;
  });

  it('stores every reading of every rung, for the ingester (few and many stations) and the floor reference', () => {
    const [run] = results.runs;
    for (const pipe of [run.ingester, run.ingesterManyStations, run.floor]) {
      expect(pipe.ladder.steps.length).toBeGreaterThan(0);
      for (const step of pipe.ladder.steps) {
        expect(step.count).toBeGreaterThan(0);
        expect(step.stored).toBe(step.count);
      }
      expect(pipe.peakRssMb).toBeGreaterThan(0);
    }
  });

  it('measures live-push and alert latency from real socket.io events, and the history request', () => {
    const { ingester } = results.runs[0];
    for (const latency of Object.values(ingester.readingLatency)) expect(latency.samples).toBeGreaterThan(0);
    expect(ingester.alertLatency.samples).toBe(3);
    expect(ingester.history.seeded).toBe(30 * 1_440);
    expect(ingester.history.points).toBeGreaterThan(0);
    expect(ingester.history.points).toBeLessThanOrEqual(1_000);
  });

  it('soaks a fresh ingester in data time: every reading stored, a heap sample after GC for every data hour', () => {
    const { soak } = results.runs[0];
    expect(soak.stored).toBe(soak.readings);
    expect(soak.readings).toBe(soak.stations * soak.hours * (3_600_000 / soak.intervalMs));
    expect(soak.samples.map((s) => s.dataHour)).toEqual(Array.from({ length: soak.hours + 1 }, (_, h) => h));
    for (const sample of soak.samples) expect(sample.heapUsedMb).toBeGreaterThan(0);
    expect(typeof soak.growth).toBe('number');
  });

  it('reports every figure with a value, and a verdict for every target', () => {
    for (const figure of results.figures) {
      expect({ key: figure.key, hasValue: figure.value !== undefined }).toEqual({
        key: figure.key,
        hasValue: true,
      });
      if (figure.target) expect(typeof figure.met).toBe('boolean');
    }
    expect(readFileSync(join(ROOT, OUT, 'results.md'), 'utf8')).toContain('| figure |');
  });
});

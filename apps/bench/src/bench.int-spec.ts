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
        // The generator's own CPU is sampled on every rung (packets engine, ≥ 2 connections).
        expect(step.generatorUsPerReading).toBeGreaterThanOrEqual(0);
        expect(step.connections).toBeGreaterThanOrEqual(2);
      }
      // The searched ladder always runs the CPU-per-reading rung (500/s in the quick profile).
      expect(pipe.ladder.steps.map((s) => s.rate)).toContain(500);
      expect(pipe.peakRssMb).toBeGreaterThan(0);
    }
  });

  it('runs the Node-RED peers (installed on first use) and stores every reading of their rungs', () => {
    const { peers } = results.runs[0];
    for (const peer of [peers?.nodeRedBatched, peers?.nodeRedPerMessage]) {
      expect(peer?.ran ? 'ran' : `not run: ${peer?.reason}`).toBe('ran');
      if (!peer?.ran) continue;
      expect(peer.ladder.steps.length).toBeGreaterThan(0);
      for (const step of peer.ladder.steps) expect(step.stored).toBe(step.count);
      expect(peer.peakRssMb).toBeGreaterThan(0);
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

  it('takes every file of the TT 10 backlog to processed/ and every reading to InfluxDB, written directly and over FTP', () => {
    const { tt10 } = results.runs[0];
    for (const c of [tt10.direct, tt10.ftp]) {
      if ('skipped' in c) throw new Error(`TT 10 case skipped: ${c.skipped}`);
      expect(c).toMatchObject({ files: 50, readings: 50 });
      expect(c.filesPerS).toBeGreaterThan(0);
      expect(c.lastWindowFilesPerS).toBeGreaterThan(0);
      expect(c.cpuMsPerFile).toBeGreaterThan(0);
    }
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
      // A peer that passed no rung (a loaded machine at the smoke run's tiny rates) leaves nothing to divide by.
      const noRatio = figure.key.startsWith('peers.') && figure.label.includes(' passed no rung in ');
      expect({ key: figure.key, hasValue: figure.value !== undefined || noRatio }).toEqual({
        key: figure.key,
        hasValue: true,
      });
      // "—": a figure without a target in the issue (the TT 10 intake), so without a verdict.
      if (figure.target && figure.target !== '—') expect(typeof figure.met).toBe('boolean');
    }
    expect(readFileSync(join(ROOT, OUT, 'results.md'), 'utf8')).toContain('| figure |');
  });
});

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { StationIndex, type LoadSummary } from '@langxanh/contracts';
import { eventually, startMosquitto, type RunningService } from '@langxanh/local-services';
import { runCli } from './cli';
import { loadStations } from './lib/load/plan';
import { loadRegistry, repoRoot } from './lib/registry';
import { capture, testContext, validate, type Capture } from './testing/capture';

const registry = loadRegistry();
const index = new StationIndex(registry);
const MAIN = join(repoRoot(), 'dist/simulators/simulators/src/main.js');
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

/** Runs `load` in-process; resolves the exit code and the parsed JSON summary. */
async function load(args: string[]): Promise<{ code: number; summary: LoadSummary; lines: string[] }> {
  const { context, lines } = testContext();
  const printed: string[] = [];
  const code = await runCli(['load', '--json', ...args], { ...context, output: (s) => printed.push(s) });
  expect(printed).toHaveLength(1);
  return { code, summary: JSON.parse(printed[0]) as LoadSummary, lines };
}

/**
 * The reading number of each received message, from its station and ts (n = (ts − t0) × S + station index),
 * checking that the payload is valid and that station and ts are the ones number n must have.
 */
function numbersOf(sub: Capture, stationIds: string[], t0: number): number[] {
  return sub.readings().map((m) => {
    const outcome = validate(m, index);
    expect(outcome.rejections).toEqual([]);
    const station = stationIds.indexOf(m.topic.split('/')[4]);
    expect(station).toBeGreaterThanOrEqual(0);
    const ts = outcome.reading!.time;
    return (ts - t0) * stationIds.length + station;
  });
}

describe('load against a real mosquitto', () => {
  let broker: RunningService;
  let sub: Capture | undefined;

  beforeAll(async () => {
    broker = await startMosquitto({ port: 0 });
  });
  afterEach(async () => {
    await sub?.close();
    sub = undefined;
  });
  afterAll(async () => broker?.stop());

  it.each(['packets', 'mqttjs'])(
    'publishes 2 000/s for 1 s over 3 stations (engine %s): every number once, with its station and ts',
    async (engine) => {
      sub = await capture(broker.url, 'langxanh/v1/+/air/+/reading');
      const stationIds = loadStations(registry, 3).map((s) => s.id);
      const { code, summary } = await load([
        '--engine',
        engine,
        '--broker',
        broker.url,
        '--stations',
        '3',
        '--rate',
        '2000',
        '--duration',
        '1',
        '--t0',
        String(T0),
      ]);
      expect(code).toBe(0);
      expect(summary).toMatchObject({
        first: 0,
        count: 2_000,
        sent: 2_000,
        acked: 2_000,
        stations: 3,
        t0: T0,
        lastTs: T0 + Math.floor(1_999 / 3),
        rate: 2_000,
        durationS: 1,
        connections: 1,
        qos: 1,
      });
      expect(summary.ackedAllAt).toBeGreaterThanOrEqual(summary.publishEndedAt!);
      expect(summary.publishEndedAt).toBeGreaterThanOrEqual(summary.startedAt!);
      expect(summary.achievedRate).toBeGreaterThan(0);

      await eventually(() => expect(sub!.readings()).toHaveLength(2_000), { timeoutMs: 15_000 });
      const numbers = numbersOf(sub, stationIds, T0).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 2_000 }, (_, n) => n));
    },
  );

  it('continues from --first over 2 connections at QoS 0, all stations', async () => {
    sub = await capture(broker.url, 'langxanh/v1/+/air/+/reading');
    const stationIds = loadStations(registry).map((s) => s.id);
    const { code, summary } = await load([
      '--broker',
      broker.url,
      '--rate',
      '1000',
      '--duration',
      '0.5',
      '--first',
      '1000',
      '--t0',
      String(T0),
      '--qos',
      '0',
      '--connections',
      '2',
    ]);
    expect(code).toBe(0);
    expect(summary).toMatchObject({
      first: 1_000,
      count: 500,
      sent: 500,
      acked: 500,
      connections: 2,
      qos: 0,
    });
    expect(summary.stations).toBe(stationIds.length);
    await eventually(() => expect(sub!.readings()).toHaveLength(500), { timeoutMs: 15_000 });
    const numbers = numbersOf(sub, stationIds, T0).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 500 }, (_, i) => 1_000 + i));
  });

  it('as a process: SIGTERM stops publishing early, the JSON summary is the only stdout line, exit 0', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build simulators\` first`);
    sub = await capture(broker.url, 'langxanh/v1/+/air/+/reading');
    const child = spawn(
      process.execPath,
      [MAIN, 'load', '--json', '--broker', broker.url, '--rate', '200', '--duration', '60'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually(() => expect(sub!.readings().length).toBeGreaterThanOrEqual(50), {
        timeoutMs: 15_000,
      });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]) as LoadSummary;
    expect(summary.count).toBe(12_000);
    expect(summary.sent).toBeGreaterThanOrEqual(50);
    expect(summary.sent).toBeLessThan(12_000);
    expect(summary.acked).toBe(summary.sent);
    expect(stderr).toMatch(/SIGTERM: stopping/);
    await eventually(() => expect(sub!.readings()).toHaveLength(summary.sent));
  });
});

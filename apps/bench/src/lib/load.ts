import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isCompletedLoad, type CompletedLoadSummary, type LoadSummary } from '@langxanh/contracts';
import { BUILT } from '@langxanh/stack';
import { cpuSeconds } from './proc';

/**
 * The load generator's engines (`simulators load --engine`): `packets` pre-encodes PUBLISH packets and writes one
 * batch per connection and 5 ms tick; `mqttjs` is the former one-`publish`-per-reading engine, kept for A/B runs.
 */
export type LoadEngine = 'packets' | 'mqttjs';

export interface LoadOptions {
  readonly root: string;
  readonly brokerUrl: string;
  readonly registryFile: string;
  /** Air stations (the first n of the registry). */
  readonly stations: number;
  /** Readings a second. */
  readonly rate: number;
  readonly durationS: number;
  /** First reading number. */
  readonly first: number;
  /** Time of reading 0, epoch ms: reading n of station n % S has time t0 + ⌊n / S⌋ × {@link READING_INTERVAL_MS}. */
  readonly t0: number;
  readonly connections?: number;
  /** Default `packets`. */
  readonly engine?: LoadEngine;
  /** ms of data time between one station's readings (default {@link READING_INTERVAL_MS}). */
  readonly intervalMs?: number;
}

/** The generator's summary and its own CPU time while it published and awaited the acknowledgements. */
export interface LoadRun {
  readonly summary: CompletedLoadSummary;
  /**
   * User + system CPU seconds of the generator process (`/proc/<pid>/stat`, 10 ms resolution) from its
   * `publishing …` log line (connected, about to publish) until its summary line (everything acknowledged and
   * disconnected): start-up and module loading are left out. Null when a sample could not be taken.
   */
  readonly generatorCpuS: number | null;
}

/**
 * ms between one station's readings in the benchmark: one a minute, as a datalogger sends (registry
 * `expectedIntervalS` 60), so per-station state (rolling minute and hour means, calendar days) sees realistic series.
 */
export const READING_INTERVAL_MS = 60_000;

/** Where reading `n` lands: the station index and the time (epoch ms); the load generator's numbering. */
export function readingSlot(n: number, stations: number, t0: number): { station: number; time: number } {
  return { station: n % stations, time: t0 + Math.floor(n / stations) * READING_INTERVAL_MS };
}

/**
 * Runs the simulators' load mode (`node dist/simulators/…/main.js load … --json`) as its own process at QoS 1 and
 * returns its summary once every reading it published was acknowledged by the broker, with its own CPU time.
 * @throws Error with its stderr when it exits non-zero or prints no (or an unfinished) summary.
 */
export function runLoad(options: LoadOptions): Promise<LoadRun> {
  const args = [
    join(options.root, BUILT.simulators),
    'load',
    '--broker',
    options.brokerUrl,
    '--registry',
    options.registryFile,
    '--kind',
    'air',
    '--stations',
    String(options.stations),
    '--rate',
    String(options.rate),
    '--duration',
    String(options.durationS),
    '--first',
    String(options.first),
    '--t0',
    String(options.t0),
    '--interval',
    String(options.intervalMs ?? READING_INTERVAL_MS),
    '--qos',
    '1',
    '--connections',
    String(options.connections ?? 1),
    '--client-prefix',
    'bench',
    '--engine',
    options.engine ?? 'packets',
    '--json',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid ?? 0;
    const sample = (): number | null => {
      try {
        return cpuSeconds(pid);
      } catch {
        return null; // already exited
      }
    };
    let cpuAtStart: number | null = null;
    let cpuAtSummary: number | null = null;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) cpuAtSummary ??= sample();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
      if (cpuAtStart === null && stderr.includes('publishing ')) cpuAtStart = sample();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const summary = JSON.parse(line) as LoadSummary;
        if (code !== 0) reject(new Error(`simulators load exited ${code}: ${line}\n${stderr}`));
        else if (!isCompletedLoad(summary))
          reject(new Error(`simulators load exited 0 unfinished: ${line}\n${stderr}`));
        else
          resolve({
            summary,
            generatorCpuS: cpuAtStart !== null && cpuAtSummary !== null ? cpuAtSummary - cpuAtStart : null,
          });
      } catch {
        reject(new Error(`simulators load exited ${code} without a summary\n${stderr}`));
      }
    });
  });
}

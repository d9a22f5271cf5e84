import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isCompletedLoad, type CompletedLoadSummary, type LoadSummary } from '@langxanh/contracts';
import { BUILT } from '@langxanh/stack';

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
  /** ms of data time between one station's readings (default {@link READING_INTERVAL_MS}). */
  readonly intervalMs?: number;
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
 * returns its summary once every reading it published was acknowledged by the broker.
 * @throws Error with its stderr when it exits non-zero or prints no (or an unfinished) summary.
 */
export function runLoad(options: LoadOptions): Promise<CompletedLoadSummary> {
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
    '--json',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const summary = JSON.parse(line) as LoadSummary;
        if (code !== 0) reject(new Error(`simulators load exited ${code}: ${line}\n${stderr}`));
        else if (!isCompletedLoad(summary))
          reject(new Error(`simulators load exited 0 unfinished: ${line}\n${stderr}`));
        else resolve(summary);
      } catch {
        reject(new Error(`simulators load exited ${code} without a summary\n${stderr}`));
      }
    });
  });
}

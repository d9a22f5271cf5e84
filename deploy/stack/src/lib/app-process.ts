import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, createWriteStream, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import getPort from 'get-port';
import { eventually, tailFile, withDeathSignal } from '@langxanh/local-services';

/** A LàngXanh program (ingester, dashboard server, simulator) running as a child process. */
export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process ends, for whatever reason: its exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface AppProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** stdout and stderr go here (appended). */
  readonly logFile: string;
  /** Polled until it resolves true (bounded by `readyTimeoutMs`); omit for fire-and-forget. */
  readonly ready?: () => Promise<boolean>;
  readonly readyTimeoutMs?: number;
}

/**
 * Starts a program, sends its output to a log file and waits until it is ready.
 * @throws Error with the tail of its log when it exits or is not ready in time.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  // Logs hold readings, comments and user names that are not public: owner only (also a file from an older run).
  mkdirSync(dirname(options.logFile), { recursive: true, mode: 0o700 });
  closeSync(openSync(options.logFile, 'a', 0o600));
  chmodSync(options.logFile, 0o600);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // Own process group (a terminal's Ctrl-C reaches only the runner, which stops everything in order) and a death
  // signal (stopped by the kernel if the runner dies without stopping it).
  const [command, args] = withDeathSignal(options.command, options.args);
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = { code, signal };
      resolve(ended);
    });
    child.once('error', () => resolve({ code: null, signal: null }));
  });

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (ended !== undefined || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  if (options.ready) {
    const ready = options.ready;
    try {
      await eventually(
        async () => {
          if (ended !== undefined) throw new Error(`${options.name} exited (${describeExit(ended)})`);
          if (!(await ready())) throw new Error(`${options.name} not ready`);
        },
        { timeoutMs: options.readyTimeoutMs ?? 60_000, intervalMs: 250, message: `${options.name} did not start` },
      );
    } catch (error) {
      await stop(2_000);
      throw new Error(`${(error as Error).message}\n--- ${options.logFile} (tail) ---\n${tailFile(options.logFile, 40)}`);
    }
  }
  return { name: options.name, pid: child.pid ?? -1, logFile: options.logFile, exited, stop };
}

/** True when `url` answers with a status below 500 (connection refused → false). */
export async function httpReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return response.status < 500;
  } catch {
    return false;
  }
}

/** True when `GET url` answers 2xx (connection refused → false; no time limit of its own). */
export async function httpOk(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** A loopback port to listen on: `preferred ?? fallback` when free, else any free port (0 = any free port). */
export async function pickPort(preferred: number | undefined, fallback: number): Promise<number> {
  const wanted = preferred ?? fallback;
  return getPort({ host: '127.0.0.1', ...(wanted === 0 ? {} : { port: wanted }) });
}

/** "code 1" or "killed by SIGKILL". */
export function describeExit(ended: { code: number | null; signal: NodeJS.Signals | null }): string {
  return ended.signal ? `killed by ${ended.signal}` : `code ${ended.code}`;
}

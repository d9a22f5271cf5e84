import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { eventually, tailFile } from '@langxanh/local-services';

/** A LàngXanh program (ingester, dashboard server, simulator) running as a child process. */
export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code when the process ends, for whatever reason. */
  readonly exited: Promise<number | null>;
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
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? null : 0);
      resolve(exitCode);
    });
    child.once('error', () => resolve(null));
  });

  const stop = async (graceMs = 10_000): Promise<void> => {
    if (exitCode !== undefined || child.exitCode !== null) return;
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
          if (exitCode !== undefined) throw new Error(`${options.name} exited with code ${exitCode}`);
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

import type { Logger } from '../lib/logger';
import type { ProgressReporter } from '../lib/replay/progress';

/** Injection points for tests; the defaults are what `main.ts` uses. */
export interface CliContext {
  /** Logger per command (default: lines on stdout/stderr). */
  readonly logger?: (command: string) => Logger;
  /** Progress display of `replay` for `--progress auto` (default: a bar on a TTY, plain lines otherwise). */
  readonly progress?: () => ProgressReporter;
  /** Stops a running command (in addition to SIGINT/SIGTERM when `handleSignals`). */
  readonly signal?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers while a command runs (default true). */
  readonly handleSignals?: boolean;
  /** Where commander writes help and usage errors (default process streams). */
  readonly writeOut?: (text: string) => void;
  readonly writeErr?: (text: string) => void;
  /** Environment for defaults (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where `load` prints its summary (default stdout). */
  readonly output?: (text: string) => void;
}

export const DEFAULT_MQTT_URL = 'mqtt://127.0.0.1:1883';
export const DEFAULT_SEED = 'langxanh';

/** Calls `run` with the exit code of the command that ran. */
export type ExitCode = (code: number) => void;

/** Runs a command with SIGINT/SIGTERM (and the context's signal) wired to one abort signal; errors → exit code 1. */
export async function withSignals(
  context: CliContext,
  name: string,
  log: Logger,
  body: (signal: AbortSignal, log: Logger) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  const stop = (reason: string) => (): void => {
    if (!controller.signal.aborted) log.info(`${reason}: stopping (stations go offline)…`);
    controller.abort();
  };
  const onSigint = stop('SIGINT');
  const onSigterm = stop('SIGTERM');
  const onContext = stop('stop requested');
  const handle = context.handleSignals ?? true;
  if (handle) {
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
  }
  context.signal?.addEventListener('abort', onContext, { once: true });
  if (context.signal?.aborted) controller.abort();
  try {
    return await body(controller.signal, log);
  } catch (error) {
    log.error(`${name} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    if (handle) {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
    }
    context.signal?.removeEventListener('abort', onContext);
  }
}

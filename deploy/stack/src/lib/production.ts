import { join } from 'node:path';
import { httpOk, startAppProcess, type AppProcess } from './app-process';

/** The shipped production env file template and the production-mode command, relative to the repository root. */
export const SHIPPED_ENV_EXAMPLE = 'deploy/systemd/langxanh.env.example';
export const PRODUCTION_SCRIPT = 'deploy/scripts/prod.sh';

/**
 * An env file made from the shipped template the way docs/deploy.md § 4 tells a person to: each `KEY=` line of a
 * key in `values` gets that value (undefined: the line is removed); keys the template lacks are appended. Comments
 * and the other lines stay. Values must be plain (no newline): both systemd and `node --env-file` read them as is.
 * @throws Error when a value holds a newline.
 */
export function renderEnvFile(template: string, values: Readonly<Record<string, string | undefined>>): string {
  const pending = new Map(Object.entries(values));
  for (const [key, value] of pending) {
    if (value !== undefined && /[\r\n]/.test(value)) throw new Error(`${key}: a value cannot hold a newline`);
  }
  const lines = template.split('\n').flatMap((line) => {
    const key = /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1];
    if (key === undefined || !pending.has(key)) return [line];
    const value = pending.get(key);
    pending.delete(key);
    return value === undefined ? [] : [`${key}=${value}`];
  });
  const added = [...pending].filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  return `${[lines.join('\n').trimEnd(), ...added].join('\n')}\n`;
}

/**
 * Starts production mode exactly as a person does (`npm run start:prod` = {@link PRODUCTION_SCRIPT}) with the env
 * file `envFile`, and waits until `GET /api/health/ready` on `port` answers 2xx. The test runner's own `NODE_ENV`
 * (jest sets `test`) is removed, so the file alone decides.
 * @throws Error with the tail of the log when it exits or is not ready within 60 s.
 */
export function startProductionMode(options: { root: string; envFile: string; port: number; logFile: string }): Promise<AppProcess> {
  return startAppProcess({
    name: 'production mode',
    command: 'bash',
    args: [join(options.root, PRODUCTION_SCRIPT)],
    cwd: options.root,
    env: { LANGXANH_ENV_FILE: options.envFile, NODE_ENV: undefined },
    logFile: options.logFile,
    ready: () => httpOk(`http://127.0.0.1:${options.port}/api/health/ready`),
    readyTimeoutMs: 60_000,
  });
}

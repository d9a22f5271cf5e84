import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireBinaries } from './binaries';
import { launchService, type RunningService } from './managed-service';
import { canConnect, LOOPBACK } from './net';

/** Port tried first when `startRedis` is given none (Redis's registered port; a free one when busy). */
export const DEFAULT_REDIS_PORT = 6379;

/** Options of {@link startRedis}. */
export interface RedisOptions {
  /** Port to listen on. Default {@link DEFAULT_REDIS_PORT}, replaced by a free port when busy. `0` = any free port. */
  readonly port?: number;
  /** Fail instead of falling back to another port. Default: true when `port` is given (≠ 0), else false. */
  readonly strictPort?: boolean;
  /** Data folder (append-only file, config, log). Default: a new temporary folder, removed by `stop()`. */
  readonly dataDir?: string;
  readonly logFile?: string;
  /** Milliseconds to wait for the port to accept connections. Default 10 000. */
  readonly readyTimeoutMs?: number;
}

/**
 * `redis.conf` of a private Redis on loopback: no password (loopback only, like the test broker), append-only file
 * with `appendfsync everysec` (Redis's own default durability trade-off: at most ~1 s of writes lost on a crash,
 * redis.io "Redis persistence"), no RDB snapshots, no protected-mode prompt (bound to 127.0.0.1 only).
 */
export function renderRedisConfig(input: { port: number; dataDir: string }): string {
  return [
    `bind ${LOOPBACK}`,
    `port ${input.port}`,
    'protected-mode yes',
    'daemonize no',
    `dir ${input.dataDir}`,
    'save ""',
    'appendonly yes',
    'appendfsync everysec',
    'loglevel notice',
    '',
  ].join('\n');
}

/**
 * Starts a private `redis-server` (Debian's package) on 127.0.0.1 and waits until a TCP connection succeeds.
 * @returns the running server; `url` is `redis://127.0.0.1:PORT`.
 * @throws MissingBinaryError when redis-server is not installed; ServiceStartError (with the tail of its log) when it
 *   exits or does not listen within `readyTimeoutMs`; Error when a strict port is busy.
 */
export async function startRedis(opts: RedisOptions = {}): Promise<RunningService> {
  const [binary] = requireBinaries(['redis-server']);
  const portGiven = opts.port !== undefined && opts.port !== 0;
  return launchService({
    name: 'redis-server',
    binary,
    port: opts.port ?? DEFAULT_REDIS_PORT,
    strictPort: opts.strictPort ?? portGiven,
    dataDir: opts.dataDir,
    logFile: opts.logFile,
    build: async ({ port, dataDir }) => {
      const configFile = join(dataDir, 'redis.conf');
      await writeFile(configFile, renderRedisConfig({ port, dataDir }));
      return {
        args: [configFile],
        configFile,
        url: `redis://${LOOPBACK}:${port}`,
        isReady: () => canConnect(port),
        readyTimeoutMs: opts.readyTimeoutMs ?? 10_000,
      };
    },
  });
}

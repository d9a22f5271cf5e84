import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The external programs this library starts. */
export type ServiceBinary = 'mosquitto' | 'influxd' | 'pure-ftpd' | 'pure-pw' | 'redis-server';

/** Environment variable that overrides where each binary is looked up. */
export const BINARY_ENV: Readonly<Record<ServiceBinary, string>> = {
  mosquitto: 'MOSQUITTO_BIN',
  influxd: 'INFLUXD_BIN',
  'pure-ftpd': 'PURE_FTPD_BIN',
  'pure-pw': 'PURE_PW_BIN',
  'redis-server': 'REDIS_SERVER_BIN',
};

/** Debian installs `mosquitto` in /usr/sbin, which is not on a non-root user's PATH. */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/local/bin', '/usr/bin'];

/** Hint shown whenever a binary is missing. */
export const INSTALL_HINT =
  "run `bash deploy/scripts/install-system-deps.sh` (installs Debian's mosquitto, influxdb, pure-ftpd and redis-server)";

/** Thrown by {@link requireBinaries} when a program cannot be found. */
export class MissingBinaryError extends Error {
  constructor(readonly binary: ServiceBinary) {
    super(
      `\`${binary}\` was not found (looked at $${BINARY_ENV[binary]}, PATH and ${EXTRA_DIRS.join(', ')}): ${INSTALL_HINT}`,
    );
    this.name = 'MissingBinaryError';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Absolute path of `binary`, or `undefined`. Looks at the override variable (`MOSQUITTO_BIN`, `INFLUXD_BIN`), then
 * `PATH`, then the usual sbin/bin folders.
 */
export function findBinary(binary: ServiceBinary, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env[BINARY_ENV[binary]];
  if (override) return isExecutable(override) ? override : undefined;
  const dirs = [...(env['PATH'] ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Checks that every named binary is installed.
 * @returns the absolute path of each, in the order asked.
 * @throws MissingBinaryError naming the first missing binary and how to install it.
 */
export function requireBinaries(
  binaries: readonly ServiceBinary[] = ['mosquitto', 'influxd'],
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  return binaries.map((binary) => {
    const found = findBinary(binary, env);
    if (!found) throw new MissingBinaryError(binary);
    return found;
  });
}

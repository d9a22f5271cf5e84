import { spawnSync } from 'node:child_process';
import { chown, mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { requireBinaries } from './binaries';
import { launchService, type RunningService } from './managed-service';
import { canConnect, LOOPBACK } from './net';

/** One FTP account: a virtual user of pure-ftpd, chrooted to its own home folder. */
export interface FtpAccount {
  /** Login, a lowercase slug (a-z, 0-9, -), e.g. a station id `db-ww-01`. Also the name of its home folder. */
  readonly user: string;
  /** Password: 1–128 characters without a line break. */
  readonly password: string;
}

/** Options of {@link startPureFtpd}. */
export interface PureFtpdOptions {
  /** The accounts; each gets `<homeRoot>/<user>/` as its chroot. */
  readonly accounts: readonly FtpAccount[];
  /** Parent of the accounts' home folders. Default `<dataDir>/home`. Created when missing. */
  readonly homeRoot?: string;
  /** Port (`0` or absent = any free port). A port given here is strict unless `strictPort: false`. */
  readonly port?: number;
  readonly strictPort?: boolean;
  /** Data folder (password file, its database, log). Default: a new temporary folder, removed by `stop()`. */
  readonly dataDir?: string;
  readonly logFile?: string;
  /**
   * Unix uid/gid the virtual users' files belong to. Default: `nobody` (65534) when running as root (pure-ftpd
   * refuses root logins), else the current user's (pure-ftpd then cannot chroot and will not start: it needs root).
   */
  readonly uid?: number;
  readonly gid?: number;
  /** Milliseconds to wait for the listener. Default 10 000. */
  readonly readyTimeoutMs?: number;
}

/** A running pure-ftpd: the service plus where each account's uploads land. */
export interface RunningFtpServer extends RunningService {
  /** Parent of the home folders. */
  readonly homeRoot: string;
  /** The home folder (chroot) of `user`. */
  homeOf(user: string): string;
}

const USER = /^[a-z0-9][a-z0-9-]{0,63}$/;
const NOBODY = 65_534;

/**
 * The pure-ftpd command line of a private FTP server (pure-ftpd(8), Debian 1.0.50): on `127.0.0.1,<port>`, virtual
 * users from a PureDB file only (`-l puredb:…`, no system accounts, `-E` no anonymous), everyone chrooted to their
 * home (`-A`), no DNS look-ups (`-H`), IPv4 (`-4`), uploads written to a temporary dot-file and renamed only when
 * complete (`-0`, `--notruncate`: a half-uploaded file never appears under its name), no syslog (`-f none`), a
 * transfer log in the data folder (`-O clf:…`). Runs in the foreground (no `-B`).
 */
export function pureFtpdArgs(port: number, database: string, transferLog: string): string[] {
  return [
    '-S',
    `${LOOPBACK},${port}`,
    '-l',
    `puredb:${database}`,
    '-E',
    '-A',
    '-H',
    '-4',
    '-0',
    '-f',
    'none',
    '-O',
    `clf:${transferLog}`,
  ];
}

/**
 * Starts a private `pure-ftpd` (Debian's package) on 127.0.0.1 with one virtual account per `accounts` entry, each
 * chrooted to `<homeRoot>/<user>/` (created, owned by the virtual uid), and waits until it accepts connections.
 * Needs root (chroot and privilege separation), as CI and the development machines here have.
 * @throws MissingBinaryError when pure-ftpd or pure-pw is not installed; Error for a bad account or when `pure-pw`
 *   fails; ServiceStartError (with the tail of its log) when the server exits or does not listen in time.
 */
export async function startPureFtpd(opts: PureFtpdOptions): Promise<RunningFtpServer> {
  const [binary, purePw] = requireBinaries(['pure-ftpd', 'pure-pw']);
  const seen = new Set<string>();
  for (const account of opts.accounts) {
    if (!USER.test(account.user))
      throw new Error(`FTP user ${JSON.stringify(account.user)}: a lowercase slug`);
    if (seen.has(account.user)) throw new Error(`FTP user ${account.user} twice`);
    seen.add(account.user);
    if (account.password.length === 0 || account.password.length > 128 || /[\r\n]/.test(account.password)) {
      throw new Error(`FTP user ${account.user}: a password of 1–128 characters without a line break`);
    }
  }
  const root = process.getuid?.() === 0;
  const uid = opts.uid ?? (root ? NOBODY : (process.getuid?.() ?? NOBODY));
  const gid = opts.gid ?? (root ? NOBODY : (process.getgid?.() ?? NOBODY));
  let homeRoot = '';
  const service = await launchService({
    name: 'pure-ftpd',
    binary,
    port: opts.port ?? 0,
    strictPort: opts.strictPort ?? (opts.port !== undefined && opts.port !== 0),
    dataDir: opts.dataDir,
    logFile: opts.logFile,
    build: async ({ port, dataDir }) => {
      homeRoot = resolve(opts.homeRoot ?? join(dataDir, 'home'));
      const passwd = join(dataDir, 'pureftpd.passwd');
      const database = join(dataDir, 'pureftpd.pdb');
      await rm(passwd, { force: true });
      for (const account of opts.accounts) {
        const home = join(homeRoot, account.user);
        await mkdir(home, { recursive: true });
        if (root) await chown(home, uid, gid);
        // pure-pw reads the password twice from standard input; `-m` rebuilds the database after each change.
        const added = spawnSync(
          purePw,
          [
            'useradd',
            account.user,
            '-f',
            passwd,
            '-F',
            database,
            '-u',
            String(uid),
            '-g',
            String(gid),
            '-d',
            home,
            '-m',
          ],
          { input: `${account.password}\n${account.password}\n`, encoding: 'utf8', timeout: 30_000 },
        );
        if (added.status !== 0) {
          throw new Error(
            `pure-pw useradd ${account.user} failed: ${(added.stderr || added.stdout || '').trim()}`,
          );
        }
      }
      return {
        args: pureFtpdArgs(port, database, join(dataDir, 'transfers.log')),
        configFile: database,
        url: `ftp://${LOOPBACK}:${port}`,
        isReady: () => canConnect(port),
        readyTimeoutMs: opts.readyTimeoutMs ?? 10_000,
      };
    },
  });
  return Object.assign(service, {
    homeRoot,
    homeOf: (user: string) => join(homeRoot, user),
  }) as RunningFtpServer;
}

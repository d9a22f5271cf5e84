import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Env } from '../config/env';

/** One complete upload waiting in an account's folder. */
export interface InboxFile {
  /** The FTP account (= registry station id) whose folder holds it. */
  readonly account: string;
  /** File name, e.g. `BN_DAIBAI_NT01_20261207120500.txt`. */
  readonly name: string;
}

/**
 * Names that are not (yet) a complete upload: dot-files (pure-ftpd's `.pureftpd-upload.*` temporaries, written under
 * `--notruncate` and renamed when the upload is complete) and the temporary names FTP clients upload to before a
 * rename (`*.part`, `*.tmp`, `*.filepart`, `*.partial`).
 */
const INCOMPLETE = /^\.|\.(?:part|tmp|filepart|partial)$/i;
/** An account folder name: a registry station id (slug). */
const ACCOUNT = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Most account folders looked at. */
const MAX_ACCOUNTS = 1_000;

/**
 * The TT 10 intake folders on disk (`TT10_FTP_DIR`), the only file I/O of the feature:
 * - `home/<account>/`: an FTP account's chroot, where its datalogger uploads;
 * - `processed/<account>/<YYYY-MM-DD>/<file>`: files whose readings are in the spool (Vietnam calendar day of the
 *   file name's time);
 * - `rejected/<account>/<file>` and `<file>.reason.txt`: files that could not be read, with why.
 * The processed and rejected folders are outside every account's chroot: a datalogger can neither see nor change them.
 */
@Injectable()
export class Tt10Inbox {
  readonly root: string;

  constructor(config: ConfigService<Env, true>) {
    const dir = config.get('TT10_FTP_DIR', { infer: true });
    this.root = dir === '' ? '' : resolve(dir);
  }

  get enabled(): boolean {
    return this.root !== '';
  }

  /** The account folders under `home/` (sorted; at most 1 000; names that are no slug are skipped). */
  async accounts(): Promise<string[]> {
    const entries = await readdirOrEmpty(join(this.root, 'home'));
    return entries
      .filter((entry) => entry.isDirectory() && ACCOUNT.test(entry.name))
      .map((entry) => entry.name)
      .sort()
      .slice(0, MAX_ACCOUNTS);
  }

  /** The complete uploads of `account`, oldest name first (TT 10 names sort by time), at most `max`. */
  async files(account: string, max: number): Promise<InboxFile[]> {
    const entries = await readdirOrEmpty(join(this.root, 'home', account));
    return entries
      .filter((entry) => entry.isFile() && !INCOMPLETE.test(entry.name))
      .map((entry) => entry.name)
      .sort()
      .slice(0, max)
      .map((name) => ({ account, name }));
  }

  /** Size in bytes of an upload (to refuse an oversized one unread). */
  async size(file: InboxFile): Promise<number> {
    return (await stat(this.uploadPath(file))).size;
  }

  async read(file: InboxFile): Promise<Buffer> {
    return readFile(this.uploadPath(file));
  }

  /** The processed copy of a file of that name for that day, or `undefined`. */
  async processedCopy(file: InboxFile, day: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.processedPath(file, day));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Moves an upload to `processed/<account>/<day>/`. A file of that name already there (an earlier upload with other
   * content) is never replaced: the new one is kept as `<name>.1`, `<name>.2`, … (at most 1 000 versions), so every
   * file a station sent stays on record.
   * @param refusals lines refused inside an otherwise stored file: written beside it as `<file>.reason.txt`.
   * @returns the path the file was moved to
   */
  async markProcessed(file: InboxFile, day: string, refusals?: string): Promise<string> {
    const first = this.processedPath(file, day);
    await mkdir(join(first, '..'), { recursive: true });
    let target = first;
    for (let n = 1; n <= 1_000 && (await exists(target)); n++) target = `${first}.${n}`;
    if (refusals) await writeFile(`${target}.reason.txt`, refusals.endsWith('\n') ? refusals : `${refusals}\n`);
    await rename(this.uploadPath(file), target);
    return target;
  }

  /** Deletes an upload whose content was already processed. */
  async discard(file: InboxFile): Promise<void> {
    await rm(this.uploadPath(file), { force: true });
  }

  /** Moves an upload to `rejected/<account>/` and writes `<file>.reason.txt` beside it. */
  async reject(file: InboxFile, reason: string): Promise<string> {
    const dir = join(this.root, 'rejected', file.account);
    await mkdir(dir, { recursive: true });
    const target = join(dir, file.name);
    await writeFile(`${target}.reason.txt`, reason.endsWith('\n') ? reason : `${reason}\n`);
    await rename(this.uploadPath(file), target);
    return target;
  }

  private uploadPath(file: InboxFile): string {
    return join(this.root, 'home', file.account, file.name);
  }

  private processedPath(file: InboxFile, day: string): string {
    return join(this.root, 'processed', file.account, day, file.name);
  }
}

async function readdirOrEmpty(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

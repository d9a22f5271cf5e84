import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Version of the layout of everything LàngXanh keeps on disk and in InfluxDB: the spool's line protocol, the auth
 * store (`auth.json`), the registry store, the forwarding queue, the measurements/tags/fields it writes and the
 * backup folder. Raised by a release whose data an older release would misread; that release then ships the
 * migration and the note in docs/backup.md § "Upgrades". Format 1: LàngXanh 0.1.
 */
export const DATA_FORMAT = 1;

/** Name of the stamp file in each data folder (`{format, writtenBy, at}`). */
export const FORMAT_FILE = 'langxanh-format.json';

/** The stamp a data folder carries. */
export interface FormatStamp {
  /** {@link DATA_FORMAT} of the release that last opened the folder. */
  readonly format: number;
  /** That release's version, e.g. `0.1.0`. */
  readonly writtenBy: string;
  /** When it was written (ISO 8601, UTC). */
  readonly at: string;
}

/**
 * A data folder or backup written by a newer LàngXanh than this one: reading it could misread or overwrite data it
 * does not understand, so the caller stops (the ingester exits with {@link NEWER_FORMAT_EXIT_CODE}).
 */
export class NewerDataFormatError extends Error {
  constructor(
    readonly where: string,
    readonly found: FormatStamp,
    readonly supported: number = DATA_FORMAT,
  ) {
    super(
      `${where} holds LàngXanh data format ${found.format} (written by ${found.writtenBy} at ${found.at}); this ` +
        `release reads format ${supported} or older. Upgrade this node to ${found.writtenBy} or later ` +
        `(docs/backup.md § Upgrades) — nothing was changed.`,
    );
    this.name = 'NewerDataFormatError';
  }
}

/** Exit code of a process that refused newer data (sysexits `EX_CONFIG`, as the MQTT session take-over refusal). */
export const NEWER_FORMAT_EXIT_CODE = 78;

/**
 * Reads a stamp. @returns `undefined` when the file does not exist.
 * @throws Error when the file exists but is not a stamp (it is never overwritten then).
 */
export async function readFormatStamp(file: string): Promise<FormatStamp | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not a LàngXanh format stamp (not JSON); move it away if it is not ours`);
  }
  const stamp = value as Partial<FormatStamp>;
  if (!Number.isInteger(stamp.format) || (stamp.format as number) < 1 || typeof stamp.writtenBy !== 'string' || typeof stamp.at !== 'string') {
    throw new Error(`${file} is not a LàngXanh format stamp (needs integer format ≥ 1, writtenBy, at)`);
  }
  return { format: stamp.format as number, writtenBy: stamp.writtenBy, at: stamp.at };
}

/** What {@link claimDataFolder} found. */
export type FolderClaim = 'new' | 'same' | 'upgraded';

/**
 * Checks the format stamp of a data folder before a process uses it, and stamps it with this release: a missing
 * folder is created (mode from the process umask), a missing stamp is written (`new`: a fresh folder, or one from
 * before stamps existed — format 1), an older stamp is replaced (`upgraded`; the release that raised the format
 * migrates before calling this), an equal one is refreshed only when `writtenBy` changed.
 * Writes a temporary file and renames it, so a crash leaves the old or the new stamp.
 * @throws NewerDataFormatError when the folder's stamp is newer than `supported` (the folder is left untouched).
 * @throws Error when the stamp file is unreadable or not a stamp.
 */
export async function claimDataFolder(
  dir: string,
  writtenBy: string,
  options: { readonly supported?: number; readonly now?: Date; readonly label?: string } = {},
): Promise<FolderClaim> {
  const supported = options.supported ?? DATA_FORMAT;
  const file = join(dir, FORMAT_FILE);
  const found = await readFormatStamp(file);
  if (found && found.format > supported) throw new NewerDataFormatError(options.label ?? dir, found, supported);
  if (found && found.format === supported && found.writtenBy === writtenBy) return 'same';
  await mkdir(dir, { recursive: true });
  const stamp: FormatStamp = { format: supported, writtenBy, at: (options.now ?? new Date()).toISOString() };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(stamp, null, 2)}\n`);
  await rename(temporary, file);
  if (!found) return 'new';
  return found.format < supported ? 'upgraded' : 'same';
}

/**
 * Refuses data (e.g. a backup's manifest) written with a newer format than this release reads.
 * @throws NewerDataFormatError naming `where`.
 */
export function assertReadableFormat(where: string, found: FormatStamp, supported = DATA_FORMAT): void {
  if (!Number.isInteger(found.format) || found.format < 1) throw new Error(`${where}: data format ${String(found.format)} is not a format number`);
  if (found.format > supported) throw new NewerDataFormatError(where, found, supported);
}

/** This release's version (the root package.json's `version`; a unit test keeps the two equal). */
export const LANGXANH_VERSION = '0.1.0';

/**
 * Defaults of the variables naming LàngXanh's data (the ingester's env schema and `npm run backup`/`restore` read
 * the same ones, so a backup finds what the ingester wrote). Relative paths are relative to the working directory.
 */
export const DATA_LOCATION_DEFAULTS = {
  AUTH_DATA_DIR: '.data/auth',
  SPOOL_DIR: 'var/spool',
  FORWARD_DIR: 'var/forward',
  REGISTRY_FILE: 'deploy/registry/bac-ninh.json',
} as const;

import { constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { access, cp, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { assertReadableFormat, FORMAT_FILE } from '@langxanh/data-format';
import type { OpsEnv } from './config';
import { restoreInflux } from './influx';
import { BACKUP_LAYOUT, MANIFEST_FILE, manifestSchema, verifyFiles, type Manifest, type PartName } from './manifest';

/** Options of {@link runRestore}. */
export interface RestoreOptions {
  /** The backup folder (`langxanh-backup-…`, holding `manifest.json`). */
  readonly from: string;
  readonly env: OpsEnv;
  /** Move existing data aside (`<folder>.before-restore-<time>`) instead of refusing. */
  readonly force?: boolean;
  /** Leave InfluxDB out (restored with its own tool). */
  readonly skipInflux?: boolean;
  readonly now?: Date;
  readonly log?: (line: string) => void;
}

/**
 * Reads and checks a backup's manifest.
 * @throws Error when it is missing (an unfinished backup), not a LàngXanh manifest or of a newer layout;
 *   NewerDataFormatError when a newer release made it.
 */
export async function readManifest(from: string): Promise<Manifest> {
  const file = join(from, MANIFEST_FILE);
  if (!existsSync(file)) throw new Error(`${from} has no ${MANIFEST_FILE}: not a complete LàngXanh backup`);
  const parsed = manifestSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a LàngXanh backup manifest: ${parsed.error.issues[0]?.message}`);
  const manifest = parsed.data;
  if (manifest.layout > BACKUP_LAYOUT) {
    throw new Error(`${from} has backup layout ${manifest.layout}; this release reads ${BACKUP_LAYOUT}: restore with ${manifest.writtenBy} or later`);
  }
  assertReadableFormat(`the backup ${from}`, { format: manifest.format, writtenBy: manifest.writtenBy, at: manifest.at });
  return manifest;
}

/** True when `dir`, or the nearest folder above it that exists, may be written by this process. */
async function writable(dir: string): Promise<boolean> {
  let at = resolve(dir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    await access(at, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when a folder holds anything but a format stamp. */
function holdsData(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((name) => name !== FORMAT_FILE);
}

/**
 * Brings a backup back: checks the manifest (format, layout) and every file's SHA-256, refuses to overwrite data
 * already there (unless `force`, which moves it aside first), restores InfluxDB with its own `influxd restore
 * -portable` (see restoreInflux), then copies the auth store, the registry file and versions, the spool and the
 * forwarding queue to where the environment says the ingester keeps them (the registry file, configuration, is only
 * compared). Run it as the service user, with the ingester stopped; on
 * its next start the ingester drains the restored spool and reads users, open alerts and silences back.
 * @throws Error listing every problem before anything is changed (missing manifest, damaged files, occupied or
 *   unwritable targets, REGISTRY_DATA_DIR unset for a backup that has registry versions); NewerDataFormatError for a backup
 *   of a newer release; Error from influxd.
 */
export async function runRestore(options: RestoreOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const { env } = options;
  const from = resolve(options.from);
  const manifest = await readManifest(from);
  const damaged = await verifyFiles(from, manifest);
  if (damaged.length > 0) throw new Error(`the backup is damaged, nothing restored:\n  ${damaged.slice(0, 20).join('\n  ')}`);

  const has = (part: PartName) => manifest.parts.includes(part);
  const dirTargets: { part: PartName; target: string | undefined; variable: string }[] = [
    { part: 'auth', target: env.AUTH_DATA_DIR, variable: 'AUTH_DATA_DIR' },
    { part: 'registry-data', target: env.REGISTRY_DATA_DIR, variable: 'REGISTRY_DATA_DIR' },
    { part: 'spool', target: env.SPOOL_DIR, variable: 'SPOOL_DIR' },
    { part: 'forward', target: env.FORWARD_DIR, variable: 'FORWARD_DIR' },
  ].filter((t) => has(t.part as PartName)) as { part: PartName; target: string | undefined; variable: string }[];

  const problems: string[] = [];
  const aside: string[] = [];
  for (const { part, target, variable } of dirTargets) {
    if (!target) problems.push(`the backup has ${part} but ${variable} is not set`);
    else if (holdsData(target)) (options.force ? aside : problems).push(options.force ? target : `${variable} (${target}) already holds data`);
  }
  // Each folder is written by the user running this (the service user, docs/backup.md): refuse before anything
  // changes when it could not be.
  for (const { target, variable } of dirTargets) {
    if (target && !(await writable(target))) {
      problems.push(`${variable} (${target}) cannot be written by this user: run as the service user that owns it`);
    }
  }
  if (has('influxdb') && !options.skipInflux && !manifest.influxDatabase) problems.push('the manifest names no InfluxDB database');
  if (problems.length > 0) {
    throw new Error(`nothing restored (use --force to move existing data aside):\n  ${problems.join('\n  ')}`);
  }

  const suffix = `.before-restore-${(options.now ?? new Date()).toISOString().replace(/[-:.]/g, '')}`;
  for (const target of aside) {
    await rename(target, `${target}${suffix}`);
    log(`moved aside: ${target} → ${target}${suffix}`);
  }
  if (has('influxdb') && !options.skipInflux) {
    const { method } = await restoreInflux(env, join(from, 'influxdb'), manifest.influxDatabase as string);
    log(`influxdb: database ${env.INFLUX_DATABASE} restored (${method === 'new' ? 'created' : 'merged into the existing one'})`);
  }
  for (const { part, target } of dirTargets) {
    await mkdir(dirname(resolve(target as string)), { recursive: true });
    await cp(join(from, part), target as string, { recursive: true, preserveTimestamps: true });
    log(`${part}: ${resolve(target as string)}`);
  }
  if (has('registry-file')) {
    // The registry file is configuration (root's, e.g. /etc/langxanh): it only seeds an empty registry store. The
    // registry in force — every version — came back with the auth part (REGISTRY_DATA_DIR). So it is compared,
    // never written.
    const [name] = await readdir(join(from, 'registry-file'));
    const source = join(from, 'registry-file', name);
    const target = env.REGISTRY_FILE;
    const same = existsSync(target) && readFileSync(target, 'utf8') === readFileSync(source, 'utf8');
    log(
      same
        ? `registry-file: ${resolve(target)} is the backup's`
        : `registry-file: ${resolve(target)} ${existsSync(target) ? "differs from the backup's" : 'is absent'}; the ` +
            `registry in force was restored with its versions. To seed a new install with the backup's file, as ` +
            `root: install -m 0644 ${source} ${resolve(target)}`,
    );
  }
  log(`restore complete from ${from} (made ${manifest.at} by ${manifest.writtenBy})`);
}

import { existsSync } from 'node:fs';
import { cp, mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DATA_FORMAT, LANGXANH_VERSION } from '@langxanh/data-format';
import type { OpsEnv } from './config';
import { backupInflux } from './influx';
import { BACKUP_LAYOUT, listFiles, MANIFEST_FILE, type Manifest, type PartName } from './manifest';

/** Options of {@link runBackup}. */
export interface BackupOptions {
  /** Folder the backup folder is made in (`<out>/langxanh-backup-<UTC time>`). */
  readonly out: string;
  readonly env: OpsEnv;
  /** Leave InfluxDB out (backed up with its own tool, e.g. `influx backup` for 2.x). */
  readonly skipInflux?: boolean;
  readonly now?: Date;
  readonly log?: (line: string) => void;
}

/** `20261207T101500Z` */
const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/**
 * Backs up what a LàngXanh install keeps: InfluxDB (its own `influxd backup -portable`: readings, alerts with their
 * comments and acknowledgements, silences, notification outcomes, station state), the auth store (users, token
 * hashes, audit log), the registry file and the run-time registry's versions, the spool (readings acknowledged but
 * not yet in InfluxDB) and the forwarding queue. The ingester may keep running: the auth store is replaced by
 * rename (a copy is whole), a spool segment's torn last line is ignored on restore and a spool line replayed twice
 * is one InfluxDB point. The manifest (format, versions, every file's SHA-256) is written last, into a folder
 * renamed into place only when complete.
 * @returns the backup folder.
 * @throws Error when a source is unreadable, influxd fails or the destination exists.
 */
export async function runBackup(options: BackupOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  const at = options.now ?? new Date();
  const { env } = options;
  const name = `langxanh-backup-${stamp(at)}`;
  const final = resolve(options.out, name);
  if (existsSync(final)) throw new Error(`${final} exists already`);
  const work = resolve(options.out, `.${name}.partial`);
  await mkdir(work, { recursive: true });

  const parts: PartName[] = [];
  const sources: Record<string, string> = {};
  const copyDir = async (part: PartName, source: string | undefined) => {
    if (!source || !existsSync(source)) return;
    await cp(source, join(work, part), { recursive: true, preserveTimestamps: true });
    parts.push(part);
    sources[part] = resolve(source);
    log(`${part}: ${resolve(source)}`);
  };

  if (!options.skipInflux) {
    const dir = join(work, 'influxdb');
    await backupInflux(env, dir);
    parts.push('influxdb');
    sources['influxdb'] = `${env.INFLUX_DATABASE} @ ${env.INFLUX_BACKUP_ADDRESS}`;
    log(`influxdb: database ${env.INFLUX_DATABASE} (influxd backup -portable)`);
  }
  await copyDir('auth', env.AUTH_DATA_DIR);
  if (existsSync(env.REGISTRY_FILE)) {
    await mkdir(join(work, 'registry-file'));
    await cp(env.REGISTRY_FILE, join(work, 'registry-file', basename(env.REGISTRY_FILE)), { preserveTimestamps: true });
    parts.push('registry-file');
    sources['registry-file'] = resolve(env.REGISTRY_FILE);
    log(`registry-file: ${resolve(env.REGISTRY_FILE)}`);
  }
  await copyDir('registry-data', env.REGISTRY_DATA_DIR);
  await copyDir('spool', env.SPOOL_DIR);
  await copyDir('forward', env.FORWARD_DIR);

  const manifest: Manifest = {
    kind: 'langxanh-backup',
    layout: BACKUP_LAYOUT,
    format: DATA_FORMAT,
    writtenBy: LANGXANH_VERSION,
    at: at.toISOString(),
    sources,
    parts,
    ...(parts.includes('influxdb') ? { influxDatabase: env.INFLUX_DATABASE } : {}),
    files: await listFiles(work),
  };
  await writeFile(join(work, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(work, final);
  const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  log(`backup complete: ${final} (${manifest.files.length} files, ${bytes} bytes; parts ${parts.join(', ')})`);
  return final;
}

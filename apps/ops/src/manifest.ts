import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';

/** Version of the backup folder's layout (manifest, parts); independent of the data format it carries. */
export const BACKUP_LAYOUT = 1;

/** Name of the manifest, written last: a folder without it is an unfinished backup and is never restored. */
export const MANIFEST_FILE = 'manifest.json';

/** The parts of a backup, each a sub-folder (`registry-file` holds the one registry file). */
export const PART_NAMES = ['influxdb', 'auth', 'registry-file', 'registry-data', 'spool', 'forward'] as const;
export type PartName = (typeof PART_NAMES)[number];

const fileSchema = z.strictObject({
  /** Path inside the backup folder, `/`-separated. */
  path: z.string().min(1).max(1_000),
  bytes: z.number().int().min(0),
  /** SHA-256 of the content, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.strictObject({
  kind: z.literal('langxanh-backup'),
  layout: z.number().int().min(1),
  /** `DATA_FORMAT` of the release that made it (@langxanh/data-format). */
  format: z.number().int().min(1),
  writtenBy: z.string().max(100),
  /** ISO 8601 UTC. */
  at: z.string().max(40),
  /** Where each part came from (absolute paths on the machine that made it), and the InfluxDB database. */
  sources: z.record(z.string(), z.string().max(4_096)),
  parts: z.array(z.enum(PART_NAMES)).max(PART_NAMES.length),
  /** The InfluxDB database in the `influxdb` part. */
  influxDatabase: z.string().min(1).max(200).optional(),
  files: z.array(fileSchema).max(10_000_000),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = z.infer<typeof fileSchema>;

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Every regular file under `root` (except the manifest), with size and SHA-256, sorted by path. */
export async function listFiles(root: string): Promise<ManifestFile[]> {
  const names = (await readdir(root, { recursive: true })) as string[];
  const files: ManifestFile[] = [];
  for (const name of names.sort()) {
    const full = join(root, name);
    const info = await stat(full);
    if (!info.isFile()) continue;
    const path = relative(root, full).split(sep).join('/');
    if (path === MANIFEST_FILE) continue;
    files.push({ path, bytes: info.size, sha256: await sha256File(full) });
  }
  return files;
}

/**
 * Checks every file the manifest lists against its size and SHA-256.
 * @returns the problems found (empty: the backup is intact); files not in the manifest are reported too.
 */
export async function verifyFiles(root: string, manifest: Manifest): Promise<string[]> {
  const problems: string[] = [];
  const actual = new Map((await listFiles(root)).map((f) => [f.path, f]));
  for (const expected of manifest.files) {
    const found = actual.get(expected.path);
    if (!found) problems.push(`${expected.path}: missing`);
    else if (found.bytes !== expected.bytes || found.sha256 !== expected.sha256) problems.push(`${expected.path}: content differs from the manifest`);
    actual.delete(expected.path);
  }
  for (const extra of actual.keys()) problems.push(`${extra}: not in the manifest`);
  return problems;
}

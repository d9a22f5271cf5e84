import { EventEmitter } from 'node:events';
import { link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  REGISTRY_SUMMARY_MAX_CHARS,
  registrySchema,
  type RegistryVersionSummaryDto,
} from '@langxanh/contracts';
import { RegistryVersionTaken, type RegistryStore, type StoredRegistryVersion } from './registry-store';

/** File name of a version: `v000001.json` (zero-padded so a directory listing sorts by version). */
const FILE = /^v(\d{6,})\.json$/;
const fileName = (version: number): string => `v${String(version).padStart(6, '0')}.json`;

const storedVersionSchema = z.strictObject({
  version: z.number().int().min(1),
  changedAt: z.iso.datetime({ offset: true }),
  changedBy: z.string().min(1).max(200),
  summary: z.string().max(REGISTRY_SUMMARY_MAX_CHARS),
  registry: registrySchema,
});

/**
 * Registry versions as JSON files in one folder (`REGISTRY_DATA_DIR`, mode 0700): `v000001.json`, `v000002.json`…,
 * each `{version, changedAt, changedBy, summary, registry}` in the registry file's shape. A version is written to a
 * temporary file, flushed to disk (fsync), then hard-linked to its name — `link` refuses an existing name, so two
 * writers can never both own a version, and a crash leaves either no version or a whole one. Files are never
 * rewritten. The summaries of every version are read at {@link open} and kept in memory (a few hundred bytes each);
 * registries are read when asked for. One process owns the folder; {@link onAppended} reports this process's own
 * appends only.
 */
export class FileRegistryStore implements RegistryStore {
  readonly dir: string;
  private summaries: RegistryVersionSummaryDto[] = [];
  private readonly events = new EventEmitter<{ appended: [RegistryVersionSummaryDto] }>();

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** @throws Error naming the file when a version file is not valid JSON or not a valid registry version. */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const versions = (await readdir(this.dir))
      .map((name) => FILE.exec(name)?.[1])
      .filter((v): v is string => v !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    const summaries: RegistryVersionSummaryDto[] = [];
    for (const version of versions) {
      const { registry: _registry, ...summary } = await this.read(version);
      summaries.push(summary);
    }
    this.summaries = summaries;
  }

  async latest(): Promise<StoredRegistryVersion | undefined> {
    const newest = this.summaries.at(-1);
    return newest ? this.read(newest.version) : undefined;
  }

  async get(version: number): Promise<StoredRegistryVersion | undefined> {
    if (!this.summaries.some((s) => s.version === version)) return undefined;
    return this.read(version);
  }

  async list(limit: number): Promise<RegistryVersionSummaryDto[]> {
    return this.summaries.slice(-limit).reverse();
  }

  async append(entry: StoredRegistryVersion): Promise<void> {
    const target = join(this.dir, fileName(entry.version));
    const temp = `${target}.${process.pid}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(entry, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await link(temp, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new RegistryVersionTaken(entry.version);
      throw error;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const { registry: _registry, ...summary } = entry;
    this.summaries.push(summary);
    this.summaries.sort((a, b) => a.version - b.version);
    this.events.emit('appended', summary);
  }

  onAppended(listener: (summary: RegistryVersionSummaryDto) => void): () => void {
    this.events.on('appended', listener);
    return () => this.events.off('appended', listener);
  }

  private async read(version: number): Promise<StoredRegistryVersion> {
    const file = join(this.dir, fileName(version));
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
    const result = storedVersionSchema.safeParse(parsed);
    if (!result.success) {
      const lines = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new Error(`${file} is not a valid registry version:\n  ${lines.join('\n  ')}`);
    }
    if (result.data.version !== version) throw new Error(`${file} holds version ${result.data.version}`);
    return result.data;
  }
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { z } from 'zod';
import { ClusterService } from '../cluster/cluster.service';
import type { Env } from '../config/env';
import { TOKEN_SCOPES } from './access';

const roleSchema = z.enum(['admin', 'department', 'manager']);

const storedUserSchema = z.object({
  username: z.string(),
  role: roleSchema,
  clusters: z.array(z.string()),
  /** bcrypt hash (`$2b$…`). */
  passwordHash: z.string(),
  /**
   * Random at creation, raised when the password, role or scope changes or the user is disabled: sessions carry it,
   * and older ones stop working.
   */
  sessionVersion: z.number().int(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

const storedTokenSchema = z.object({
  /** Public part of the token (`lxt_<id>_<secret>`), 16 hex characters. */
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  clusters: z.array(z.string()),
  scopes: z.array(z.enum(TOKEN_SCOPES as ['read', 'metrics'])),
  /** SHA-256 of the secret part, hex; the secret itself is shown once and never stored. */
  secretSha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
});

const authFileSchema = z.object({
  version: z.literal(1),
  users: z.array(storedUserSchema),
  tokens: z.array(storedTokenSchema),
});

export type StoredUser = z.infer<typeof storedUserSchema>;
export type StoredToken = z.infer<typeof storedTokenSchema>;
export type AuthFile = z.infer<typeof authFileSchema>;

/** The shared copy of the store (several nodes): Redis key `langxanh:auth`. */
const SHARED_NAME = 'auth';

/**
 * Users and API-token hashes in `AUTH_DATA_DIR/auth.json` (mode 0600). Each save writes a temporary file and
 * renames it over the old one, so a crash leaves either the old or the new file, never half of one. One ingester
 * process owns the file (no locking between processes).
 *
 * Several nodes (REDIS_URL set): the store is shared through Redis (`langxanh:auth`, the same JSON). A node loads it
 * from there (the first node seeds it from its file); each save writes the node's file (a local copy for backups)
 * and Redis, then tells the other nodes ({@link onChange}), which reload it. Two administrators saving at the same
 * moment on two nodes: the last save wins (no merge).
 */
@Injectable()
export class AuthStore {
  readonly dir: string;
  readonly file: string;
  private readonly logger = new Logger(AuthStore.name);
  private writing: Promise<void> = Promise.resolve();

  constructor(
    config: ConfigService<Env, true>,
    private readonly cluster: ClusterService,
  ) {
    this.dir = resolve(config.get('AUTH_DATA_DIR', { infer: true }));
    this.file = join(this.dir, 'auth.json');
  }

  /** Calls `listener` when another node saved the shared store (several nodes only). */
  onChange(listener: () => void): void {
    this.cluster.onBroadcast(SHARED_NAME, listener);
  }

  /**
   * The stored data (several nodes: the shared copy, seeded from this node's file when there is none; Redis
   * unreachable: this node's file, logged), or an empty store when there is none. @throws Error when it is invalid.
   */
  async load(): Promise<AuthFile> {
    if (!this.cluster.enabled) return this.loadFile();
    try {
      let shared = await this.cluster.sharedGet(SHARED_NAME);
      if (shared === undefined) {
        await this.cluster.sharedSet(SHARED_NAME, JSON.stringify(await this.loadFile()), { ifAbsent: true });
        shared = (await this.cluster.sharedGet(SHARED_NAME)) ?? '';
      }
      return this.parse(shared, `Redis ${SHARED_NAME}`);
    } catch (error) {
      if (error instanceof SyntaxError || (error as Error).message.includes('is not a valid auth store')) throw error;
      this.logger.error(`shared auth store unreachable (${(error as Error).message}): using ${this.file}`);
      return this.loadFile();
    }
  }

  private parse(text: string, where: string): AuthFile {
    const parsed = authFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${where} is not a valid auth store: ${parsed.error.message}`);
    return parsed.data;
  }

  private async loadFile(): Promise<AuthFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, users: [], tokens: [] };
      throw error;
    }
    return this.parse(text, this.file);
  }

  /** Atomically replaces the file (saves are serialised). */
  save(data: AuthFile): Promise<void> {
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const next = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, this.file);
      if (this.cluster.enabled) {
        await this.cluster.sharedSet(SHARED_NAME, JSON.stringify(data));
        this.cluster.broadcast(SHARED_NAME, {});
      }
    });
    // A failed save is reported to its caller; the next save still runs.
    this.writing = next.catch(() => undefined);
    return next;
  }
}

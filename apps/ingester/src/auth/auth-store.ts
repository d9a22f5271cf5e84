import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { z } from 'zod';
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

/**
 * Users and API-token hashes in `AUTH_DATA_DIR/auth.json` (mode 0600). Each save writes a temporary file and
 * renames it over the old one, so a crash leaves either the old or the new file, never half of one. One ingester
 * process owns the file (no locking between processes).
 */
@Injectable()
export class AuthStore {
  readonly dir: string;
  readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(config: ConfigService<Env, true>) {
    this.dir = resolve(config.get('AUTH_DATA_DIR', { infer: true }));
    this.file = join(this.dir, 'auth.json');
  }

  /** The stored data, or an empty store when the file does not exist. @throws Error when the file is invalid. */
  async load(): Promise<AuthFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, users: [], tokens: [] };
      throw error;
    }
    const parsed = authFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.file} is not a valid auth store: ${parsed.error.message}`);
    return parsed.data;
  }

  /** Atomically replaces the file (saves are serialised). */
  save(data: AuthFile): Promise<void> {
    const text = `${JSON.stringify(data, null, 2)}\n`;
    const next = this.writing.then(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, this.file);
    });
    // A failed save is reported to its caller; the next save still runs.
    this.writing = next.catch(() => undefined);
    return next;
  }
}

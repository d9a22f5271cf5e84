import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AuditEntry } from '@langxanh/contracts';
import type { Env } from '../config/env';

/**
 * Append-only audit log: `AUTH_DATA_DIR/audit.jsonl` (one JSON object per line) and the application log.
 * Routes declare an `audit` action in their `@Access` rule and every call is recorded; services may also call
 * {@link record} directly.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  readonly file: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(config: ConfigService<Env, true>) {
    this.file = join(resolve(config.get('AUTH_DATA_DIR', { infer: true })), 'audit.jsonl');
  }

  /** Records an entry (written in order; a failed write is logged, never thrown to the caller). */
  record(entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void> {
    const line: AuditEntry = { at: entry.at ?? new Date().toISOString(), ...entry };
    this.logger.log({ audit: line }, `${line.actor} ${line.action} ${line.outcome}`);
    const next = this.writing.then(async () => {
      await mkdir(resolve(this.file, '..'), { recursive: true, mode: 0o700 });
      await appendFile(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
    });
    this.writing = next.catch((error: Error) => this.logger.error(`audit write failed: ${error.message}`));
    return this.writing;
  }

  /** The newest `limit` entries, newest first. */
  async recent(limit: number): Promise<AuditEntry[]> {
    await this.writing;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n').filter(Boolean);
    return lines
      .slice(-limit)
      .reverse()
      .map((l) => JSON.parse(l) as AuditEntry);
  }
}

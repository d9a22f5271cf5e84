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

  /**
   * The newest `limit` entries matching every given filter (contracts `auditQuery`: `actor` exact, `action` exact or
   * a prefix ending in `.`, `target` a substring of a target value, `from` inclusive / `to` exclusive in epoch ms),
   * newest first. A line that is not JSON (a torn write) is skipped.
   */
  async recent(limit: number, filter: AuditFilter = {}): Promise<AuditEntry[]> {
    await this.writing;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n').filter(Boolean);
    const found: AuditEntry[] = [];
    for (let i = lines.length - 1; i >= 0 && found.length < limit; i -= 1) {
      let entry: AuditEntry;
      try {
        entry = JSON.parse(lines[i]) as AuditEntry;
      } catch {
        continue; // a torn last line after a crash: not an entry
      }
      if (matches(entry, filter)) found.push(entry);
    }
    return found;
  }
}

/** Filters of {@link AuditService.recent}; times in epoch ms. */
export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly from?: number;
  readonly to?: number;
}

function matches(entry: AuditEntry, f: AuditFilter): boolean {
  if (f.actor !== undefined && entry.actor !== f.actor) return false;
  if (f.action !== undefined && !(f.action.endsWith('.') ? entry.action.startsWith(f.action) : entry.action === f.action)) {
    return false;
  }
  if (f.target !== undefined && !Object.values(entry.target ?? {}).some((v) => v.includes(f.target as string))) return false;
  const at = Date.parse(entry.at);
  if (f.from !== undefined && !(at >= f.from)) return false;
  if (f.to !== undefined && !(at < f.to)) return false;
  return true;
}

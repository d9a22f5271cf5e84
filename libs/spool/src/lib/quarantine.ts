import fs from 'node:fs';
import path from 'node:path';

/**
 * Why lines were set aside instead of written:
 * - `refused`: the database refused them for good (the drain's `classify` said `quarantine`, e.g. HTTP 400);
 * - `oversize`: one line longer than a whole write batch (`batchBytes`), which no request of that size can carry.
 */
export type QuarantineReason = 'refused' | 'oversize';

/** What was set aside: for logs and metrics. */
export interface QuarantineEntry {
  /** The file the lines were saved to (absolute when the quarantine folder is). */
  readonly file: string;
  /** Newline-terminated lines, exactly as they were in the spool. */
  readonly body: Buffer;
  readonly lines: number;
  readonly reason: QuarantineReason;
  /** The database's answer, for `refused`. */
  readonly error?: unknown;
}

/**
 * A dead-letter folder for lines that can never be written (beside the spool: `{SPOOL_DIR}/quarantine/`). Each
 * {@link save} is one file `<ISO time>-<label>.lp` holding the lines as they were, so that an operator can look at
 * them, fix them and write them by hand (`curl --data-binary @file …/write`). Created when first needed.
 * Reusable by any writer of the spool's lines that has to set some aside (the drain; a caller that learns which
 * lines of a batch the database refused).
 */
export class Quarantine {
  /** @param dir the folder (created at the first {@link save}); @param now clock (epoch ms) of the file names. */
  constructor(
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Saves `body` (complete lines) as `<ISO time>-<label>.lp` (`label`: file-name characters only, e.g. the spool
   * position `<segment>-<offset>`), written to a temporary name and renamed, so a file never holds half of it.
   * @returns the file. @throws Node's `fs` errors (ENOSPC, EACCES): then nothing was saved.
   */
  save(body: Buffer | string, label: string): string {
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    const safe = label.replace(/[^A-Za-z0-9_-]/g, '_');
    const file = path.join(this.dir, `${stamp}-${safe}.lp`);
    fs.mkdirSync(this.dir, { recursive: true });
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, body);
    fs.renameSync(temp, file);
    return file;
  }
}

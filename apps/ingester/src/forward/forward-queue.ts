import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** One queued file: its queue entry and the name it is uploaded under. */
export interface QueuedFile {
  /** Entry name in the queue folder: `<12-digit sequence>_<remote name>`. */
  readonly entry: string;
  /** The TT 10 file name on the receiver. */
  readonly name: string;
}

const ENTRY = /^(\d{12})_(.+)$/;

/**
 * The forwarder's durable queue: one file per entry in `<dir>/queue/`, named `<sequence>_<remote name>` with a
 * strictly increasing 12-digit sequence, so that the folder's sorted listing is the upload order (also after a
 * restart: the sequence continues from the highest entry found). An entry is written to `<dir>/tmp/`, flushed to
 * disk (fsync) and renamed into the queue, so the queue never holds a half-written file; it is removed only after
 * its upload succeeded. Bounded to `maxFiles` entries.
 */
export class ForwardQueue {
  private readonly queueDir: string;
  private readonly tmpDir: string;
  private next: number;
  /** The entries in order (this process is the only writer); `head` is the index of the oldest. */
  private pending: QueuedFile[];
  private head = 0;

  /** Opens (creates) the queue under `dir`. @throws Node's fs errors. */
  constructor(
    dir: string,
    private readonly maxFiles: number,
  ) {
    this.queueDir = join(dir, 'queue');
    this.tmpDir = join(dir, 'tmp');
    mkdirSync(this.queueDir, { recursive: true });
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
    const entries = readdirSync(this.queueDir)
      .filter((entry) => ENTRY.test(entry))
      .sort()
      .map((entry) => ({ entry, name: (ENTRY.exec(entry) as RegExpExecArray)[2] }));
    this.pending = entries;
    const last = entries[entries.length - 1];
    this.next = last ? Number(ENTRY.exec(last.entry)?.[1] ?? 0) + 1 : 1;
  }

  /** Entries waiting, oldest first. */
  get size(): number {
    return this.pending.length - this.head;
  }

  /**
   * Appends a file durably.
   * @returns false (nothing written) when the queue holds `maxFiles` entries already
   * @throws Node's fs errors (disk full…): nothing is queued.
   */
  push(name: string, content: string): boolean {
    if (this.size >= this.maxFiles) return false;
    const entry = `${String(this.next).padStart(12, '0')}_${name}`;
    const tmp = join(this.tmpDir, entry);
    const fd = openSync(tmp, 'w', 0o640);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.queueDir, entry));
    this.next++;
    this.pending.push({ entry, name });
    return true;
  }

  /** The oldest entry, or undefined when the queue is empty. */
  peek(): QueuedFile | undefined {
    return this.pending[this.head];
  }

  /** The local path of an entry. */
  path(file: QueuedFile): string {
    return join(this.queueDir, file.entry);
  }

  /** The content of an entry. */
  read(file: QueuedFile): Buffer {
    return readFileSync(this.path(file));
  }

  /** Removes an uploaded entry. */
  /** Removes the oldest entry once it is uploaded. @throws Error when `file` is not the oldest entry. */
  remove(file: QueuedFile): void {
    if (this.pending[this.head]?.entry !== file.entry) throw new Error(`${file.entry} is not the oldest entry`);
    rmSync(this.path(file), { force: true });
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.head);
      this.head = 0;
    }
  }
}

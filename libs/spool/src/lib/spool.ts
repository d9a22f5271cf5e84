import fs from 'node:fs';
import path from 'node:path';

/**
 * What the spool does when its pending data reaches `maxBytes`:
 * - `block`: {@link Spool.append} throws {@link SpoolFullError}; the caller stops acknowledging messages (so the broker
 *   keeps them) until {@link Spool.whenWritable} resolves. Nothing is dropped by the spool.
 * - `drop-oldest`: the oldest whole segment that is not being written to the database is deleted, and its exact line
 *   count is reported through `onDrop` and {@link SpoolStats.droppedLines}.
 */
export type SpoolFullPolicy = 'block' | 'drop-oldest';

/** Options of {@link Spool.open}. */
export interface SpoolOptions {
  /** Directory of the spool's segment files and checkpoint; created if absent. One process per directory. */
  readonly dir: string;
  /** Bound on pending (not yet committed) bytes on disk. */
  readonly maxBytes: number;
  /** Segment file size at which a new segment is started (default 8 MiB); at most `maxBytes / 4`. */
  readonly segmentBytes?: number;
  readonly fullPolicy: SpoolFullPolicy;
  /**
   * How often the segment being written is `fsync`ed (default 1 000 ms); 0 = after every append.
   * Appends reach the operating system's page cache synchronously, so a crash of the process loses nothing; a power
   * failure can lose what was appended since the last fsync.
   */
  readonly fsyncIntervalMs?: number;
  /**
   * How often, at most, the checkpoint is saved after commits (default 1 000 ms; 0 = after every commit). Saving it
   * (a small file written and renamed) after every batch costs more than the batch at low rates; a checkpoint that
   * lags only makes a restart after a crash write up to this long's committed lines again, which InfluxDB keeps
   * once (one point per series and timestamp).
   */
  readonly checkpointIntervalMs?: number;
  /** Clock (epoch ms) for the age figures; `Date.now` by default. */
  readonly now?: () => number;
  /** Called once per dropped segment under `drop-oldest`. */
  readonly onDrop?: (drop: SpoolDrop) => void;
}

/** A position in the spool: segment sequence number and byte offset in it. */
export interface SpoolPosition {
  readonly segment: number;
  readonly offset: number;
}

/** Complete lines read from the spool, to be written and then {@link Spool.commit}ted. */
export interface SpoolBatch {
  /** Newline-terminated lines, exactly as appended. */
  readonly body: Buffer;
  readonly lines: number;
  readonly start: SpoolPosition;
  readonly end: SpoolPosition;
  /**
   * True when the batch is one line longer than the `maxBytes` asked of {@link Spool.read}: it can never be sent in
   * one request of that size (the drain quarantines it instead of writing it).
   */
  readonly oversize?: boolean;
}

/** Data deleted unwritten under the `drop-oldest` policy. */
export interface SpoolDrop {
  readonly segment: number;
  readonly lines: number;
  readonly bytes: number;
  /** Epoch ms when the first dropped line was appended (to within a second). */
  readonly firstAppendedAt: number;
}

/** Figures for health and metrics. */
export interface SpoolStats {
  /** Bytes appended and not yet committed. */
  readonly pendingBytes: number;
  readonly pendingLines: number;
  /** Epoch ms when the oldest pending line was appended (to within a second); undefined when nothing is pending. */
  readonly oldestPendingAt: number | undefined;
  readonly segments: number;
  readonly maxBytes: number;
  readonly full: boolean;
  /** Lines deleted unwritten since this process opened the spool (`drop-oldest` only). */
  readonly droppedLines: number;
}

/** Thrown by {@link Spool.append} under the `block` policy when the data does not fit. */
export class SpoolFullError extends Error {
  readonly code = 'SPOOL_FULL';
  constructor(pendingBytes: number, maxBytes: number) {
    super(`spool full: ${pendingBytes} bytes pending, bound ${maxBytes}`);
    this.name = 'SpoolFullError';
  }
}

interface Mark {
  readonly offset: number;
  readonly at: number;
}

interface Segment {
  readonly seq: number;
  readonly file: string;
  size: number;
  /** Append times, at most one a second: `at` is when data from `offset` on was first appended. */
  readonly marks: Mark[];
}

const SEGMENT_SUFFIX = '.lp';
const CHECKPOINT_FILE = 'checkpoint.json';
const NEWLINE = 0x0a;
const DEFAULT_SEGMENT_BYTES = 8 * 1024 * 1024;
const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;
const MARK_EVERY_MS = 1000;

function countNewlines(buffer: Buffer, end = buffer.length): number {
  let count = 0;
  let at = buffer.indexOf(NEWLINE, 0);
  while (at !== -1 && at < end) {
    count++;
    at = buffer.indexOf(NEWLINE, at + 1);
  }
  return count;
}

/**
 * A bounded, append-only on-disk spool of newline-terminated records (InfluxDB line protocol in LàngXanh), read back
 * in order. It is the ingester's durability point: a reading is acknowledged to the broker once `append` returned.
 *
 * Layout: numbered segment files `000000000001.lp` … and `checkpoint.json` (`{segment, offset}`: everything before
 * it is written to the database). Segments wholly before the checkpoint are deleted. On open, a torn last line
 * (a crash in the middle of a write) is cut off — it was never acknowledged — and writing continues in a new segment.
 * The checkpoint may lag the database (it is saved at most every `checkpointIntervalMs` after commits, without
 * fsync): replaying lines is harmless because InfluxDB keeps one point per series and timestamp.
 *
 * Single-threaded, one process per directory; every method is synchronous except {@link whenWritable}.
 */
export class Spool {
  private readonly segments: Segment[] = [];
  private checkpoint: SpoolPosition;
  private checkpointSavedAt = 0;
  private checkpointTimer?: NodeJS.Timeout;
  private writeFd: number;
  private dirty = false;
  private pendingBytesCount = 0;
  private pendingLinesCount = 0;
  private dropped = 0;
  private inFlight: SpoolBatch | undefined;
  private readonly fsyncTimer: NodeJS.Timeout | undefined;
  private readonly waiters: { bytes: number; resolve: () => void }[] = [];
  private closed = false;
  private refused = false;
  private readonly segmentBytes: number;
  private readonly now: () => number;

  private constructor(private readonly options: SpoolOptions) {
    this.segmentBytes =
      options.segmentBytes ?? Math.min(DEFAULT_SEGMENT_BYTES, Math.floor(options.maxBytes / 4));
    if (!(options.maxBytes > 0)) throw new RangeError('spool maxBytes must be > 0');
    if (this.segmentBytes <= 0 || this.segmentBytes > options.maxBytes / 4) {
      throw new RangeError(`spool segmentBytes must be in (0, maxBytes / 4]; got ${this.segmentBytes}`);
    }
    this.now = options.now ?? Date.now;
    fs.mkdirSync(options.dir, { recursive: true });
    this.checkpoint = this.recover();
    this.writeFd = this.startSegment();
    const every = options.fsyncIntervalMs ?? 1000;
    if (every > 0) {
      this.fsyncTimer = setInterval(() => this.sync(), every);
      this.fsyncTimer.unref();
    }
  }

  /**
   * Opens (or creates) the spool in `options.dir`, recovering what a previous process left.
   * @throws RangeError on inconsistent options; Node's `fs` errors (e.g. EACCES) when the directory is unusable.
   */
  static open(options: SpoolOptions): Spool {
    return new Spool(options);
  }

  /**
   * Appends one or more complete lines (each ending with `\n`) durably against a process crash (`writeSync`), and
   * against power loss after the next fsync. `overBound` appends even beyond `maxBytes` (for rare, small records
   * that must not wait, such as alert states).
   * @throws SpoolFullError under `block` when the lines do not fit; TypeError when `lines` does not end with `\n`;
   *   Node's `fs` errors (ENOSPC, EIO) — the lines are then not in the spool.
   */
  append(lines: string, options: { overBound?: boolean } = {}): void {
    if (this.closed) throw new Error('spool is closed');
    if (!lines.endsWith('\n')) throw new TypeError('spool lines must end with a newline');
    const bytes = Buffer.byteLength(lines);
    if (!options.overBound && this.pendingBytesCount + bytes > this.options.maxBytes) this.makeRoom(bytes);
    let segment = this.current();
    if (segment.size > 0 && segment.size + bytes > this.segmentBytes) {
      this.rotate();
      segment = this.current();
    }
    const now = this.now();
    const lastMark = segment.marks[segment.marks.length - 1];
    if (!lastMark || now - lastMark.at >= MARK_EVERY_MS)
      segment.marks.push({ offset: segment.size, at: now });
    const written = fs.writeSync(this.writeFd, lines);
    if (written !== bytes) {
      // A short write to a regular file means the disk is full: cut back so no partial line remains.
      fs.ftruncateSync(this.writeFd, segment.size);
      throw new Error(`spool: short write (${written} of ${bytes} bytes)`);
    }
    segment.size += bytes;
    this.pendingBytesCount += bytes;
    let count = 0;
    for (let i = lines.indexOf('\n'); i !== -1; i = lines.indexOf('\n', i + 1)) count++;
    this.pendingLinesCount += count;
    this.dirty = true;
    if (this.options.fsyncIntervalMs === 0) this.sync();
  }

  /**
   * Refuses, as {@link append} would, `bytes` more that do not fit under `block` — for a caller that gathers lines
   * and appends them later in one call. Never throws under `drop-oldest`, whose `append` makes room.
   * @throws SpoolFullError under `block` when `bytes` more do not fit.
   */
  assertRoom(bytes: number): void {
    if (this.closed) throw new Error('spool is closed');
    if (this.options.fullPolicy === 'block' && this.pendingBytesCount + bytes > this.options.maxBytes)
      this.makeRoom(bytes);
  }

  /**
   * The oldest pending lines, at most `maxBytes` (whole lines, never across segments), or undefined when nothing is
   * pending. When the oldest line alone is longer than `maxBytes`, the batch is that whole line, marked
   * {@link SpoolBatch.oversize} (it is read into memory: it was appended from memory). One batch at a time: call
   * {@link commit} (written or set aside) or {@link release} (failed) before the next.
   * @throws Error when a batch is already out; Node's `fs` errors.
   */
  read(maxBytes: number): SpoolBatch | undefined {
    if (this.inFlight) throw new Error('spool: a batch is already out; commit or release it first');
    this.skipConsumed();
    const segment = this.segments.find((s) => s.seq === this.checkpoint.segment);
    if (!segment || this.checkpoint.offset >= segment.size) return undefined;
    const length = Math.min(maxBytes, segment.size - this.checkpoint.offset);
    const buffer = Buffer.allocUnsafe(length);
    const fd = fs.openSync(segment.file, 'r');
    let filled = 0;
    try {
      while (filled < length) {
        const n = fs.readSync(fd, buffer, filled, length - filled, this.checkpoint.offset + filled);
        if (n === 0) break;
        filled += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
    const body =
      lastNewline === -1 ? this.readLine(segment, this.checkpoint.offset) : buffer.subarray(0, lastNewline + 1);
    const batch: SpoolBatch = {
      body,
      lines: countNewlines(body),
      start: this.checkpoint,
      end: { segment: segment.seq, offset: this.checkpoint.offset + body.length },
      ...(lastNewline === -1 ? { oversize: true } : {}),
    };
    this.inFlight = batch;
    return batch;
  }

  /**
   * The whole line of `segment` from `from` through its newline (to the segment's end if it has none: segments hold
   * whole lines, a torn last line is cut at {@link open}).
   */
  private readLine(segment: Segment, from: number): Buffer {
    const chunks: Buffer[] = [];
    const fd = fs.openSync(segment.file, 'r');
    try {
      for (let at = from; at < segment.size; ) {
        const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, segment.size - at));
        const n = fs.readSync(fd, chunk, 0, chunk.length, at);
        if (n === 0) break;
        const newline = chunk.indexOf(NEWLINE);
        if (newline !== -1 && newline < n) {
          chunks.push(chunk.subarray(0, newline + 1));
          break;
        }
        chunks.push(chunk.subarray(0, n));
        at += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    return Buffer.concat(chunks);
  }

  /** Marks a batch from {@link read} as written to the database: the checkpoint moves past it. */
  commit(batch: SpoolBatch): void {
    if (this.inFlight !== batch) throw new Error('spool: commit of a batch that is not out');
    this.inFlight = undefined;
    this.checkpoint = batch.end;
    this.pendingBytesCount -= batch.body.length;
    this.pendingLinesCount -= batch.lines;
    this.skipConsumed();
    this.checkpointCommitted();
    this.refused = false;
    this.wakeWaiters();
  }

  /** The position just after the last line appended so far (a mark for {@link committedThrough}). */
  end(): SpoolPosition {
    const segment = this.current();
    return { segment: segment.seq, offset: segment.size };
  }

  /** Whether every line before `mark` (from {@link end}) has been committed (or dropped under `drop-oldest`). */
  committedThrough(mark: SpoolPosition): boolean {
    this.skipConsumed();
    const { segment, offset } = this.checkpoint;
    return segment > mark.segment || (segment === mark.segment && offset >= mark.offset);
  }

  /** Gives a batch from {@link read} back unwritten; the next `read` returns the same lines again. */
  release(batch: SpoolBatch): void {
    if (this.inFlight === batch) this.inFlight = undefined;
  }

  /** Resolves once `bytes` more fit under the bound (at once if they already do). */
  whenWritable(bytes: number): Promise<void> {
    if (this.pendingBytesCount + bytes <= this.options.maxBytes) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ bytes, resolve }));
  }

  /** True at the bound: pending data reached `maxBytes`, or the last append was refused and nothing was written since. */
  get full(): boolean {
    return this.refused || this.pendingBytesCount >= this.options.maxBytes;
  }

  stats(): SpoolStats {
    return {
      pendingBytes: this.pendingBytesCount,
      pendingLines: this.pendingLinesCount,
      oldestPendingAt: this.oldestPendingAt(),
      segments: this.segments.length,
      maxBytes: this.options.maxBytes,
      full: this.full,
      droppedLines: this.dropped,
    };
  }

  /** Flushes the segment being written to disk (fsync). */
  sync(): void {
    if (!this.dirty || this.closed) return;
    fs.fsyncSync(this.writeFd);
    this.dirty = false;
  }

  /** Fsyncs and closes the files. Pending lines stay on disk for the next {@link open}. */
  close(): void {
    if (this.closed) return;
    this.sync();
    this.closed = true;
    if (this.fsyncTimer) clearInterval(this.fsyncTimer);
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    fs.closeSync(this.writeFd);
    this.saveCheckpoint();
  }

  // ── internals ──

  private current(): Segment {
    const segment = this.segments[this.segments.length - 1];
    if (!segment) throw new Error('spool: no segment open');
    return segment;
  }

  private segmentFile(seq: number): string {
    return path.join(this.options.dir, `${String(seq).padStart(12, '0')}${SEGMENT_SUFFIX}`);
  }

  /** Reads what a previous process left: segments, checkpoint; cuts a torn last line. Returns the checkpoint. */
  private recover(): SpoolPosition {
    const seqs = fs
      .readdirSync(this.options.dir)
      .filter((name) => /^\d{12}\.lp$/.test(name))
      .map((name) => Number(name.slice(0, 12)))
      .sort((a, b) => a - b);
    let checkpoint = this.loadCheckpoint() ?? { segment: seqs[0] ?? 1, offset: 0 };
    for (const seq of seqs) {
      const file = this.segmentFile(seq);
      if (seq < checkpoint.segment) {
        fs.rmSync(file, { force: true });
        continue;
      }
      const stat = fs.statSync(file);
      const createdAt = stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.mtimeMs;
      this.segments.push({ seq, file, size: stat.size, marks: [{ offset: 0, at: Math.round(createdAt) }] });
    }
    const last = this.segments[this.segments.length - 1];
    if (last && last.size > 0) this.cutTornLine(last);
    if (this.segments.length > 0 && !this.segments.some((s) => s.seq === checkpoint.segment)) {
      const first = this.segments[0];
      if (first) checkpoint = { segment: first.seq, offset: 0 };
    }
    for (const segment of this.segments) {
      const from = segment.seq === checkpoint.segment ? Math.min(checkpoint.offset, segment.size) : 0;
      this.pendingBytesCount += segment.size - from;
      this.pendingLinesCount += this.countLines(segment, from);
    }
    return checkpoint;
  }

  private cutTornLine(segment: Segment): void {
    const tailLength = Math.min(segment.size, 64 * 1024);
    const tail = Buffer.alloc(tailLength);
    const fd = fs.openSync(segment.file, 'r+');
    try {
      fs.readSync(fd, tail, 0, tailLength, segment.size - tailLength);
      if (tail[tailLength - 1] === NEWLINE) return;
      const lastNewline = tail.lastIndexOf(NEWLINE);
      const keep =
        lastNewline === -1 ? segment.size - tailLength : segment.size - tailLength + lastNewline + 1;
      fs.ftruncateSync(fd, keep);
      segment.size = keep;
    } finally {
      fs.closeSync(fd);
    }
  }

  private countLines(segment: Segment, from: number): number {
    const chunk = Buffer.allocUnsafe(1024 * 1024);
    const fd = fs.openSync(segment.file, 'r');
    let lines = 0;
    try {
      for (let at = from; at < segment.size;) {
        const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, segment.size - at), at);
        if (n === 0) break;
        lines += countNewlines(chunk, n);
        at += n;
      }
    } finally {
      fs.closeSync(fd);
    }
    return lines;
  }

  private startSegment(): number {
    const last = this.segments[this.segments.length - 1];
    const seq = (last?.seq ?? this.checkpoint.segment - 1) + 1;
    const file = this.segmentFile(seq);
    const fd = fs.openSync(file, 'a');
    this.segments.push({ seq, file, size: 0, marks: [] });
    return fd;
  }

  private rotate(): void {
    fs.fsyncSync(this.writeFd);
    fs.closeSync(this.writeFd);
    this.dirty = false;
    this.writeFd = this.startSegment();
  }

  /** Moves the checkpoint past fully written segments and deletes their files. */
  private skipConsumed(): void {
    for (;;) {
      const index = this.segments.findIndex((s) => s.seq === this.checkpoint.segment);
      const segment = this.segments[index];
      const next = this.segments[index + 1];
      if (!segment) {
        // The checkpoint's segment is gone (dropped): continue at the first remaining one.
        const first = this.segments[0];
        if (!first) return;
        this.checkpoint = { segment: first.seq, offset: 0 };
        continue;
      }
      if (!next || this.checkpoint.offset < segment.size) return;
      fs.rmSync(segment.file, { force: true });
      this.segments.splice(index, 1);
      this.checkpoint = { segment: next.seq, offset: 0 };
    }
  }

  private makeRoom(bytes: number): void {
    if (this.options.fullPolicy === 'block') {
      this.refused = true;
      throw new SpoolFullError(this.pendingBytesCount, this.options.maxBytes);
    }
    while (this.pendingBytesCount + bytes > this.options.maxBytes) {
      // The oldest whole segment that is neither being read (its batch may be on its way) nor being written.
      const victim = this.segments.find(
        (s) => s.seq !== this.checkpoint.segment && s !== this.current() && s.seq > this.checkpoint.segment,
      );
      if (!victim) {
        // Only the segment being read and the one being written hold data: start a new segment so the one being
        // written becomes droppable next time; if that is not possible, refuse.
        if (this.current().size === 0)
          throw new SpoolFullError(this.pendingBytesCount, this.options.maxBytes);
        this.rotate();
        continue;
      }
      const lines = this.countLines(victim, 0);
      const drop: SpoolDrop = {
        segment: victim.seq,
        lines,
        bytes: victim.size,
        firstAppendedAt: victim.marks[0]?.at ?? this.now(),
      };
      fs.rmSync(victim.file, { force: true });
      this.segments.splice(this.segments.indexOf(victim), 1);
      this.pendingBytesCount -= victim.size;
      this.pendingLinesCount -= lines;
      this.dropped += lines;
      this.options.onDrop?.(drop);
    }
  }

  private oldestPendingAt(): number | undefined {
    if (this.pendingBytesCount === 0) return undefined;
    for (const segment of this.segments) {
      const from = segment.seq === this.checkpoint.segment ? this.checkpoint.offset : 0;
      if (segment.seq < this.checkpoint.segment || from >= segment.size) continue;
      let at: number | undefined;
      for (const mark of segment.marks) {
        if (mark.offset <= from) at = mark.at;
        else break;
      }
      return at ?? segment.marks[0]?.at;
    }
    return undefined;
  }

  private loadCheckpoint(): SpoolPosition | undefined {
    const file = path.join(this.options.dir, CHECKPOINT_FILE);
    if (!fs.existsSync(file)) return undefined;
    const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const candidate = raw as Partial<SpoolPosition>;
    if (!Number.isInteger(candidate.segment) || !Number.isInteger(candidate.offset)) {
      throw new Error(`spool: unreadable checkpoint ${file}`);
    }
    return { segment: candidate.segment as number, offset: candidate.offset as number };
  }

  /** After a commit: saves the checkpoint now, or once `checkpointIntervalMs` has passed since the last save. */
  private checkpointCommitted(): void {
    const interval = this.options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    const now = Date.now();
    if (interval === 0 || now - this.checkpointSavedAt >= interval) {
      this.saveCheckpoint();
      return;
    }
    this.checkpointTimer ??= setTimeout(
      () => {
        this.checkpointTimer = undefined;
        if (!this.closed) this.saveCheckpoint();
      },
      interval - (now - this.checkpointSavedAt),
    );
    this.checkpointTimer.unref();
  }

  private saveCheckpoint(): void {
    this.checkpointSavedAt = Date.now();
    const file = path.join(this.options.dir, CHECKPOINT_FILE);
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(this.checkpoint));
    fs.renameSync(temp, file);
  }

  private wakeWaiters(): void {
    for (let i = 0; i < this.waiters.length;) {
      const waiter = this.waiters[i];
      if (waiter && this.pendingBytesCount + waiter.bytes <= this.options.maxBytes) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      } else i++;
    }
  }
}

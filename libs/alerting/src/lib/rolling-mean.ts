const MINUTE_MS = 60_000;

/** A window's mean and coverage: the share (0–1) of the expected minutes that hold at least one value. */
export interface WindowMean {
  readonly mean: number;
  readonly coverage: number;
}

/** Values of a window's last minute to leave out of its mean ({@link RollingMinuteMeans.mean}). */
export interface LaterValues {
  count: number;
  sum: number;
}

/** Removes float noise left by subtracting running sums (e.g. 40.00000000000001). */
const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;

/** Sorted minutes whose running totals are rebased once this many minutes have been pruned from the front. */
const COMPACT_AFTER = 1_024;

/**
 * Rolling means over one parameter's values, kept as per-minute sums so memory is bounded by the longest period
 * (24 h → at most 1 440 minutes) whatever the reading rate. A value is identified by its measurement time: adding
 * a second value at the same time (a QoS 1 redelivery, a datalogger re-sending its buffer) is refused, so it is
 * never counted twice.
 *
 * Layout (for speed and memory at thousands of stations × parameters): parallel arrays of numbers in minute order
 * — minute, sum, count, newest time — plus the exact times of a minute only when it holds more than one value, and
 * running (prefix) totals of sums and counts. A value of the newest minute (the usual case) costs O(1); a window's
 * mean O(log n); a late value O(n). Means are rounded to 1e-9 (float noise of the running totals).
 */
export class RollingMinuteMeans {
  private newestMinute = Number.NEGATIVE_INFINITY;
  /** Minutes holding values, ascending; entries before `start` are pruned. */
  private readonly minutes: number[] = [];
  private readonly bucketSums: number[] = [];
  private readonly bucketCounts: number[] = [];
  /** Newest value time of each minute; NaN for a minute holding only a warm-up aggregate. */
  private readonly newest: number[] = [];
  /** Every value time of the minutes that hold more than one value added one by one (to refuse a repeat). */
  private readonly times = new Map<number, number[]>();
  /** `sums[i]`, `counts[i]`: totals of minutes `0 … i − 1` (one more entry than `minutes`). */
  private readonly sums: number[] = [0];
  private readonly counts: number[] = [0];
  /** Running totals are valid up to this index of `minutes` (exclusive). */
  private validUpTo = 0;
  private start = 0;

  constructor(private readonly horizonMs: number) {}

  /** Adds one value measured at `time` (epoch ms). @returns false when a value at that time was already added. */
  add(time: number, value: number): boolean {
    const minute = Math.floor(time / MINUTE_MS);
    const at = this.indexOf(minute);
    if (at >= 0) {
      const newest = this.newest[at];
      if (time === newest) return false;
      if (time < newest) {
        // Searching the minute's times is linear in its values: done only for a value not newer than the newest.
        const times = this.times.get(minute);
        if (times?.includes(time)) return false;
      }
      if (!Number.isNaN(newest)) {
        const times = this.times.get(minute);
        if (times) times.push(time);
        else this.times.set(minute, [newest, time]);
      }
      this.bucketSums[at] += value;
      this.bucketCounts[at] += 1;
      if (Number.isNaN(newest) || time > newest) this.newest[at] = time;
      this.validUpTo = Math.min(this.validUpTo, at);
    } else {
      this.insert(minute, value, 1, time);
    }
    this.prune(minute);
    return true;
  }

  /** Adds `count` values summing to `sum` at the minute of `time` (e.g. a stored per-minute mean × count). */
  addAggregate(time: number, sum: number, count: number): void {
    const minute = Math.floor(time / MINUTE_MS);
    const at = this.indexOf(minute);
    if (at >= 0) {
      this.bucketSums[at] += sum;
      this.bucketCounts[at] += count;
      this.validUpTo = Math.min(this.validUpTo, at);
    } else {
      this.insert(minute, sum, count, Number.NaN);
    }
    this.prune(minute);
  }

  /**
   * Mean of the values in the `periodMs` ending at the minute of `time` (inclusive), and the share of that period's
   * minutes that hold at least one value (0–1). `time` may be any time still kept (a window ending in the past).
   * `later` leaves out values of that last minute measured after `time` (their count and sum), so a mean taken
   * again later is the one taken when `time` was the newest value.
   */
  mean(time: number, periodMs: number, later?: LaterValues): WindowMean | undefined {
    const last = Math.floor(time / MINUTE_MS);
    const minutes = Math.max(1, Math.round(periodMs / MINUTE_MS));
    return this.window(last - minutes + 1, last, minutes, later);
  }

  /**
   * Mean of the values from the minute of `startMs` to the minute of `time` (both inclusive), with the coverage
   * counted against `expectedMinutes` (e.g. 1 440 for a calendar day, however much of it has passed).
   */
  meanSince(
    startMs: number,
    time: number,
    expectedMinutes: number,
    later?: LaterValues,
  ): WindowMean | undefined {
    return this.window(Math.floor(startMs / MINUTE_MS), Math.floor(time / MINUTE_MS), expectedMinutes, later);
  }

  private window(
    first: number,
    last: number,
    expectedMinutes: number,
    later?: LaterValues,
  ): WindowMean | undefined {
    this.refresh();
    const lo = this.lowerBound(first);
    const hi = this.lowerBound(last + 1);
    if (hi <= lo) return undefined;
    const count = this.counts[hi] - this.counts[lo] - (later?.count ?? 0);
    if (count <= 0) return undefined;
    const sum = this.sums[hi] - this.sums[lo] - (later?.sum ?? 0);
    return { mean: tidy(sum / count), coverage: Math.min(1, (hi - lo) / expectedMinutes) };
  }

  /** Index of `minute` in `minutes` (from `start`), or −1. */
  private indexOf(minute: number): number {
    const n = this.minutes.length;
    if (n > this.start && this.minutes[n - 1] === minute) return n - 1;
    if (n === this.start || this.minutes[n - 1] < minute) return -1;
    const at = this.lowerBound(minute);
    return at < n && this.minutes[at] === minute ? at : -1;
  }

  /** First index ≥ `start` of `minutes` whose minute is ≥ `minute`. */
  private lowerBound(minute: number): number {
    let lo = this.start;
    let hi = this.minutes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.minutes[mid] < minute) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A new minute: appended (the usual case) or inserted in order (a late value); totals stale from there on. */
  private insert(minute: number, sum: number, count: number, time: number): void {
    const n = this.minutes.length;
    const at = n === this.start || this.minutes[n - 1] < minute ? n : this.lowerBound(minute);
    if (at === n) {
      this.minutes.push(minute);
      this.bucketSums.push(sum);
      this.bucketCounts.push(count);
      this.newest.push(time);
    } else {
      this.minutes.splice(at, 0, minute);
      this.bucketSums.splice(at, 0, sum);
      this.bucketCounts.splice(at, 0, count);
      this.newest.splice(at, 0, time);
    }
    this.sums.push(0);
    this.counts.push(0);
    this.validUpTo = Math.min(this.validUpTo, at);
  }

  /** Recomputes the running totals from the first stale minute on (O(1) when only the newest minute changed). */
  private refresh(): void {
    for (let i = this.validUpTo; i < this.minutes.length; i++) {
      this.sums[i + 1] = this.sums[i] + this.bucketSums[i];
      this.counts[i + 1] = this.counts[i] + this.bucketCounts[i];
    }
    this.validUpTo = this.minutes.length;
  }

  private prune(minute: number): void {
    if (minute <= this.newestMinute) return;
    this.newestMinute = minute;
    const oldest = minute - Math.ceil(this.horizonMs / MINUTE_MS);
    while (this.start < this.minutes.length && this.minutes[this.start] <= oldest) {
      this.times.delete(this.minutes[this.start]);
      this.start++;
    }
    if (this.start >= COMPACT_AFTER) {
      // Drop the pruned minutes and restart the running totals at 0, so they stay small (and exact enough).
      for (const list of [this.minutes, this.bucketSums, this.bucketCounts, this.newest])
        list.splice(0, this.start);
      this.sums.length = 1;
      this.counts.length = 1;
      for (let i = 0; i < this.minutes.length; i++) {
        this.sums.push(0);
        this.counts.push(0);
      }
      this.start = 0;
      this.validUpTo = 0;
    }
  }
}

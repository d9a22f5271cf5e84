const MINUTE_MS = 60_000;

interface Bucket {
  sum: number;
  count: number;
  /** Exact times of the values added one by one (not warm-up aggregates), to refuse a redelivered value. */
  times?: number[];
  /** The newest of `times`: a later time cannot be a repeat, so the usual in-order value skips the search. */
  newest?: number;
}

/** A window's mean and coverage: the share (0–1) of the expected minutes that hold at least one value. */
export interface WindowMean {
  readonly mean: number;
  readonly coverage: number;
}

/** Removes float noise left by subtracting running sums (e.g. 40.00000000000001). */
const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;

/** Sorted minutes whose prefix sums are rebased once this many minutes have been pruned from the front. */
const COMPACT_AFTER = 1_024;

/**
 * Rolling means over one parameter's values, kept as per-minute sums so memory is bounded by the longest period
 * (24 h → at most 1 440 buckets) whatever the reading rate. A value is identified by its measurement time: adding
 * a second value at the same time (a QoS 1 redelivery, a datalogger re-sending its buffer) is refused, so it is
 * never counted twice.
 *
 * A window's mean costs O(log n), not O(n): the minutes are also kept in time order with running (prefix) sums
 * of values and counts, which a value of the newest minute — the usual case — extends in O(1); a late value marks
 * the sums stale from its minute on, recomputed at the next mean. Means are rounded to 1e-9 (float noise of the
 * running sums).
 */
export class RollingMinuteMeans {
  private readonly buckets = new Map<number, Bucket>();
  private newestMinute = Number.NEGATIVE_INFINITY;
  /** Minutes of `buckets` in ascending order; entries before `start` are pruned. */
  private readonly minutes: number[] = [];
  /** `sums[i]`, `counts[i]`: totals of `minutes[0 … i − 1]` (one more entry than `minutes`). */
  private readonly sums: number[] = [0];
  private readonly counts: number[] = [0];
  /** Running totals are valid up to this index of `minutes` (exclusive). */
  private validUpTo = 0;
  private start = 0;

  constructor(private readonly horizonMs: number) {}

  /** Adds one value measured at `time` (epoch ms). @returns false when a value at that time was already added. */
  add(time: number, value: number): boolean {
    const minute = Math.floor(time / MINUTE_MS);
    const bucket = this.buckets.get(minute);
    if (bucket) {
      // Searching the minute's times is linear in its values (up to one per ms under load): done only for a value
      // not newer than the newest one, i.e. a late or redelivered one.
      const newest = bucket.newest;
      if (newest !== undefined && time <= newest && bucket.times?.includes(time)) return false;
      bucket.sum += value;
      bucket.count += 1;
      (bucket.times ??= []).push(time);
      if (newest === undefined || time > newest) bucket.newest = time;
      this.changed(minute);
    } else {
      this.buckets.set(minute, { sum: value, count: 1, times: [time], newest: time });
      this.inserted(minute);
    }
    this.prune(minute);
    return true;
  }

  /** Adds `count` values summing to `sum` at the minute of `time` (e.g. a stored per-minute mean × count). */
  addAggregate(time: number, sum: number, count: number): void {
    const minute = Math.floor(time / MINUTE_MS);
    const bucket = this.buckets.get(minute);
    if (bucket) {
      bucket.sum += sum;
      bucket.count += count;
      this.changed(minute);
    } else {
      this.buckets.set(minute, { sum, count });
      this.inserted(minute);
    }
    this.prune(minute);
  }

  /**
   * Mean of the values in the `periodMs` ending at the minute of `time` (inclusive), and the share of that period's
   * minutes that hold at least one value (0–1).
   */
  mean(time: number, periodMs: number): WindowMean | undefined {
    const last = Math.floor(time / MINUTE_MS);
    const minutes = Math.max(1, Math.round(periodMs / MINUTE_MS));
    return this.window(last - minutes + 1, last, minutes);
  }

  /**
   * Mean of the values from the minute of `startMs` to the minute of `time` (both inclusive), with the coverage
   * counted against `expectedMinutes` (e.g. 1 440 for a calendar day, however much of it has passed).
   */
  meanSince(startMs: number, time: number, expectedMinutes: number): WindowMean | undefined {
    return this.window(Math.floor(startMs / MINUTE_MS), Math.floor(time / MINUTE_MS), expectedMinutes);
  }

  private window(first: number, last: number, expectedMinutes: number): WindowMean | undefined {
    this.refresh();
    const lo = this.lowerBound(first);
    const hi = this.lowerBound(last + 1);
    if (hi <= lo) return undefined;
    const count = this.counts[hi] - this.counts[lo];
    if (count === 0) return undefined;
    const sum = this.sums[hi] - this.sums[lo];
    return { mean: tidy(sum / count), coverage: Math.min(1, (hi - lo) / expectedMinutes) };
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
  private inserted(minute: number): void {
    const n = this.minutes.length;
    if (n === this.start || this.minutes[n - 1] < minute) {
      this.minutes.push(minute);
      this.sums.push(0);
      this.counts.push(0);
      this.validUpTo = Math.min(this.validUpTo, n);
      return;
    }
    const at = this.lowerBound(minute);
    this.minutes.splice(at, 0, minute);
    this.sums.push(0);
    this.counts.push(0);
    this.validUpTo = Math.min(this.validUpTo, at);
  }

  /** A minute's bucket changed: totals stale from it on. */
  private changed(minute: number): void {
    const n = this.minutes.length;
    const at = this.minutes[n - 1] === minute ? n - 1 : this.lowerBound(minute);
    this.validUpTo = Math.min(this.validUpTo, at);
  }

  /** Recomputes the running totals from the first stale minute on (O(1) when only the newest minute changed). */
  private refresh(): void {
    for (let i = this.validUpTo; i < this.minutes.length; i++) {
      const bucket = this.buckets.get(this.minutes[i]);
      this.sums[i + 1] = this.sums[i] + (bucket?.sum ?? 0);
      this.counts[i + 1] = this.counts[i] + (bucket?.count ?? 0);
    }
    this.validUpTo = this.minutes.length;
  }

  private prune(minute: number): void {
    if (minute <= this.newestMinute) return;
    this.newestMinute = minute;
    const oldest = minute - Math.ceil(this.horizonMs / MINUTE_MS);
    while (this.start < this.minutes.length && this.minutes[this.start] <= oldest) {
      this.buckets.delete(this.minutes[this.start]);
      this.start++;
    }
    if (this.start >= COMPACT_AFTER) {
      // Drop the pruned minutes and restart the running totals at 0, so they stay small (and exact enough).
      this.minutes.splice(0, this.start);
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

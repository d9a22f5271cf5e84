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

/**
 * Rolling means over one parameter's values, kept as per-minute sums so memory is bounded by the longest period
 * (24 h → at most 1 440 buckets) whatever the reading rate. A value is identified by its measurement time: adding
 * a second value at the same time (a QoS 1 redelivery, a datalogger re-sending its buffer) is refused, so it is
 * never counted twice.
 */
export class RollingMinuteMeans {
  private readonly buckets = new Map<number, Bucket>();
  private newestMinute = Number.NEGATIVE_INFINITY;

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
    } else {
      this.buckets.set(minute, { sum: value, count: 1, times: [time], newest: time });
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
    } else {
      this.buckets.set(minute, { sum, count });
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
    let sum = 0;
    let count = 0;
    let covered = 0;
    for (const [minute, bucket] of this.buckets) {
      if (minute >= first && minute <= last) {
        sum += bucket.sum;
        count += bucket.count;
        covered += 1;
      }
    }
    return count === 0 ? undefined : { mean: sum / count, coverage: Math.min(1, covered / expectedMinutes) };
  }

  private prune(minute: number): void {
    if (minute <= this.newestMinute) return;
    this.newestMinute = minute;
    const oldest = minute - Math.ceil(this.horizonMs / MINUTE_MS);
    for (const key of this.buckets.keys()) if (key <= oldest) this.buckets.delete(key);
  }
}

const MINUTE_MS = 60_000;

/**
 * Rolling means over one parameter's values, kept as per-minute sums so memory is bounded by the longest period
 * (24 h → at most 1 440 buckets) whatever the reading rate.
 */
export class RollingMinuteMeans {
  private readonly buckets = new Map<number, { sum: number; count: number }>();
  private newestMinute = Number.NEGATIVE_INFINITY;

  constructor(private readonly horizonMs: number) {}

  add(time: number, value: number): void {
    this.addAggregate(time, value, 1);
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
    if (minute > this.newestMinute) {
      this.newestMinute = minute;
      const oldest = minute - Math.ceil(this.horizonMs / MINUTE_MS);
      for (const key of this.buckets.keys()) if (key <= oldest) this.buckets.delete(key);
    }
  }

  /**
   * Mean of the values in the `periodMs` ending at the minute of `time` (inclusive), and the share of that period's
   * minutes that hold at least one value (0–1).
   */
  mean(time: number, periodMs: number): { mean: number; coverage: number } | undefined {
    const last = Math.floor(time / MINUTE_MS);
    const minutes = Math.max(1, Math.round(periodMs / MINUTE_MS));
    let sum = 0;
    let count = 0;
    let covered = 0;
    for (const [minute, bucket] of this.buckets) {
      if (minute > last - minutes && minute <= last) {
        sum += bucket.sum;
        count += bucket.count;
        covered += 1;
      }
    }
    return count === 0 ? undefined : { mean: sum / count, coverage: covered / minutes };
  }
}

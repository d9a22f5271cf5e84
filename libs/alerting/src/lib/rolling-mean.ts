const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const MINUTES_PER_HOUR = 60;

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

/** Removes float noise left by adding and subtracting sums (e.g. 40.00000000000001). */
const tidy = (x: number): number => Math.round(x * 1e9) / 1e9;

/**
 * Longest re-evaluation horizon a series accepts: 7 days (a bound on its memory, 12 B per minute of horizon; the
 * engine's default is 6 h, two segments of `REEVALUATION_HORIZON_MS`).
 */
export const MAX_MEANS_HORIZON_MS = 7 * 24 * HOUR_MS;
/**
 * Values counted in one minute of the minute detail: 65 535 (1 092 a second; a 16-bit count). A further value in
 * that minute is refused (`add` returns false): no sensor of the platform reports faster than once a second.
 */
export const MAX_VALUES_PER_MINUTE = 0xffff;
/** "No individual value time" in a minute's newest-offset field: the minute holds only a warm-up aggregate. */
const NO_TIME = 0xffff;
/** Flag in an hour's minutes field: the hour was warmed up from a stored hour bucket (its minutes are unknown). */
const STORED_HOUR = 0x100;
/** The 60 minutes of an hour as two 30-bit masks (minutes 0–29, 30–59), so no bit operation touches the sign bit. */
const HALF_MASK = 0x3fffffff;

/**
 * Rolling means over one station parameter's `00` values, in memory that grows with HOURS of history, not minutes
 * (issue 19: the per-minute arrays of 24 h + horizon cost ~46 KB per series): minute detail only for the last hour
 * plus the re-evaluation horizon, hour buckets for the rest.
 *
 * **Windows** (sources: domain.md §1.4–1.6 — TB 1 h/8 h/24 h means, the hour-ending convention, "8h mean =
 * arithmetic mean of 8 consecutive hourly means"):
 * - periods up to 1 h ({@link mean} with `periodMs` ≤ 1 h): an EXACT sliding window of that many minutes ending at
 *   the minute of `time`; coverage = minutes holding a value ÷ the period's minutes;
 * - longer periods (8 h, 24 h): HOUR-ALIGNED — the clock hour containing `time` (its values up to the minute of
 *   `time`) and the 7 (23) clock hours before it; coverage = minutes holding a value ÷ the minutes from the
 *   window's start to the minute of `time` inclusive, so a station reporting every minute has coverage 1 at every
 *   reading. The mean is value-weighted (every value counts once), which equals the mean of the hourly means when
 *   the hours hold equally many values (e.g. complete hours at one reading a minute). Clock hours are UTC hours,
 *   which are Vietnam hours too (UTC+7, whole hours);
 * - {@link meanSince} (the calendar day): from a start minute (`startOfVietnamDay`, whole hours) to the minute of
 *   `time`, coverage against a given number of minutes (1 440).
 * The 75 % completeness rule that compares a mean is the caller's (US EPA, domain.md §1.6).
 *
 * **Memory.** Minute detail — sum, count (≤ {@link MAX_VALUES_PER_MINUTE}), newest value time — for
 * 60 min + `horizonMs` (7 h at the default 6 h horizon: 420 minutes); hour buckets — sum, count, minutes holding a
 * value and a minute-occupancy mask — for `longestPeriodMs` + `horizonMs` + 1 h (31 h). Both are ring buffers in
 * typed arrays on ONE ArrayBuffer: 12 B per minute + 24 B per hour (5 784 B at the defaults; ~6.2 KB per series
 * with the object, measured), whatever the rate.
 * Exact times of a minute are kept (in a map, only while it is in the minute detail) only when it holds more than
 * one value. A window cutting through a clock hour warmed up as one stored hour bucket has no mean (undefined): its
 * minutes are unknown (the warm-up reads the current and previous clock hours minute by minute, so the live 1-h
 * window is exact at once). `add` is O(1) (O(minutes) when time jumps ahead), a window O(hours + 60).
 *
 * **Values.** A value is identified by its measurement time: within the minute detail, a second value at a time
 * already added (a QoS 1 redelivery, a datalogger re-sending its buffer) is refused, so it is never counted twice.
 * BEYOND the minute detail (a late value older than it, still inside the hour buckets) only one value per minute
 * counts: a value is refused when its minute already holds one in its hour's occupancy mask. A value older than the
 * hour buckets is refused (it is in no window the caller asks for). Windows ending in the past (a replay of a late
 * value) are exact as long as their partial hours lie in the minute detail (the whole re-evaluation horizon);
 * `later` leaves out values of `time`'s minute measured after `time`. Values are bucketed by measurement time, so a
 * late value lands in its place. Callers add `00` values only (the evaluator filters `01`/`02`).
 */
export class RollingMinuteMeans {
  /** Minutes of minute detail, hours of hour buckets. */
  private readonly minuteSlots: number;
  private readonly hourSlots: number;
  /** Minute sums `[0, minuteSlots)`, then hour sums. */
  private readonly sums: Float64Array;
  /**
   * Minute fields `[0, minuteSlots)`: count × 65 536 + offset of the newest value in the minute (ms, or
   * {@link NO_TIME}); then 4 per hour: count, minutes holding a value, mask of minutes 0–29, mask of minutes 30–59.
   */
  private readonly meta: Uint32Array;
  /** Every value time of minutes (by slot) holding more than one value added one by one (to refuse a repeat). */
  private times?: Map<number, number[]>;
  private newestMinute = Number.NEGATIVE_INFINITY;

  /**
   * @param horizonMs the re-evaluation horizon (ms, 0–{@link MAX_MEANS_HORIZON_MS}): how far before the newest
   *   value windows must stay exact (the evaluator passes its two segments, 6 h by default).
   * @param longestPeriodMs the longest hour-aligned period asked (ms, default 24 h; at most 31 days).
   * @throws RangeError for a horizon or period outside those bounds.
   */
  constructor(horizonMs: number, longestPeriodMs = 24 * HOUR_MS) {
    if (!(horizonMs >= 0 && horizonMs <= MAX_MEANS_HORIZON_MS))
      throw new RangeError(`horizon ${horizonMs} ms outside 0–${MAX_MEANS_HORIZON_MS} ms`);
    if (!(longestPeriodMs > 0 && longestPeriodMs <= 31 * 24 * HOUR_MS))
      throw new RangeError(`longest period ${longestPeriodMs} ms outside (0, 31 days]`);
    this.minuteSlots = MINUTES_PER_HOUR + Math.ceil(horizonMs / MINUTE_MS);
    this.hourSlots = Math.ceil(longestPeriodMs / HOUR_MS) + Math.ceil(horizonMs / HOUR_MS) + 1;
    const floats = this.minuteSlots + this.hourSlots;
    const buffer = new ArrayBuffer(8 * floats + 4 * (this.minuteSlots + 4 * this.hourSlots));
    this.sums = new Float64Array(buffer, 0, floats);
    this.meta = new Uint32Array(buffer, 8 * floats);
    this.meta.fill(NO_TIME, 0, this.minuteSlots);
  }

  /**
   * Adds one value measured at `time` (epoch ms, whole ms). @returns false when it is not counted: a value at that
   * time was already added (in the minute detail), its minute already holds a value (beyond it), it is older than
   * the hour buckets, its minute is full, or `time`/`value` is not finite.
   */
  add(time: number, value: number): boolean {
    if (!Number.isFinite(time) || !Number.isFinite(value)) return false;
    const minute = Math.floor(time / MINUTE_MS);
    this.advance(minute);
    const hour = Math.floor(minute / MINUTES_PER_HOUR);
    if (!this.holdsHour(hour)) return false;
    if (this.holdsMinute(minute)) {
      const slot = this.minuteSlot(minute);
      const field = this.meta[slot];
      const count = Math.floor(field / 0x10000);
      let newest = field % 0x10000;
      const offset = Math.floor(time - minute * MINUTE_MS);
      if (count >= MAX_VALUES_PER_MINUTE) return false;
      if (count > 0 && newest !== NO_TIME) {
        if (offset === newest) return false;
        const times = this.times?.get(slot);
        if (offset < newest && times?.includes(time)) return false;
        if (times) times.push(time);
        else (this.times ??= new Map()).set(slot, [minute * MINUTE_MS + newest, time]);
      }
      if (newest === NO_TIME || offset > newest) newest = offset;
      this.sums[slot] += value;
      this.meta[slot] = (count + 1) * 0x10000 + newest;
    } else if (this.minuteHeld(hour, minute)) return false;
    this.addToHour(hour, minute, value, 1);
    return true;
  }

  /**
   * Adds a stored minute: `count` values summing to `sum` at the minute of `time` (a warm-up). Skipped (false) when
   * values evaluated live already fill that minute (or, beyond the minute detail, its bit of the hour's mask), when
   * it is older than the hour buckets, or when `count` is not 1–{@link MAX_VALUES_PER_MINUTE}.
   */
  addAggregate(time: number, sum: number, count: number): boolean {
    if (!Number.isFinite(time) || !Number.isFinite(sum) || !(count >= 1 && count <= MAX_VALUES_PER_MINUTE))
      return false;
    const minute = Math.floor(time / MINUTE_MS);
    this.advance(minute);
    const hour = Math.floor(minute / MINUTES_PER_HOUR);
    if (!this.holdsHour(hour)) return false;
    const n = Math.floor(count);
    if (this.holdsMinute(minute)) {
      const slot = this.minuteSlot(minute);
      if (this.meta[slot] >= 0x10000) return false;
      this.sums[slot] = sum;
      this.meta[slot] = n * 0x10000 + NO_TIME;
    } else if (this.minuteHeld(hour, minute)) return false;
    this.addToHour(hour, minute, sum, n);
    return true;
  }

  /**
   * Adds a stored hour: `count` values summing to `sum` in the clock hour starting at `time`, in `minutes` (0–60)
   * distinct minutes (a warm-up). Skipped (false) when values evaluated live already fill that hour (any value), or
   * it is older than the hour buckets. Which minutes it holds is unknown: its whole occupancy mask is set, so a value
   * older than the minute detail is refused in it.
   */
  addHourAggregate(time: number, sum: number, count: number, minutes: number): boolean {
    if (!Number.isFinite(time) || !Number.isFinite(sum) || !(count >= 1) || !Number.isFinite(count)) return false;
    const hour = Math.floor(time / HOUR_MS);
    this.advance(hour * MINUTES_PER_HOUR);
    if (!this.holdsHour(hour)) return false;
    const at = this.minuteSlots + this.hourSlot(hour);
    const meta = 4 * this.hourSlot(hour) + this.minuteSlots;
    if (this.meta[meta] > 0) return false;
    this.sums[at] = sum;
    this.meta[meta] = Math.min(0xffffffff, Math.floor(count));
    this.meta[meta + 1] = Math.max(0, Math.min(MINUTES_PER_HOUR, Math.floor(minutes) || 0)) | STORED_HOUR;
    this.meta[meta + 2] = HALF_MASK;
    this.meta[meta + 3] = HALF_MASK;
    return true;
  }

  /**
   * Mean of the values in the `periodMs` ending at the minute of `time` (epoch ms) and its coverage: an exact sliding
   * window for periods up to 1 h, an hour-aligned one beyond (see the class comment). `time` may be any time whose
   * partial hours are still in the minute detail (a window ending in the past); otherwise undefined. `later` leaves
   * out values of that last minute measured after `time` (their count and sum), so a mean taken again later is the
   * one taken when `time` was the newest value. @returns undefined when the window holds no value.
   */
  mean(time: number, periodMs: number, later?: LaterValues): WindowMean | undefined {
    const last = Math.floor(time / MINUTE_MS);
    if (periodMs <= HOUR_MS) {
      const minutes = Math.max(1, Math.round(periodMs / MINUTE_MS));
      return this.window(last - minutes + 1, last, minutes, later);
    }
    const hours = Math.ceil(periodMs / HOUR_MS);
    const first = (Math.floor(last / MINUTES_PER_HOUR) - hours + 1) * MINUTES_PER_HOUR;
    return this.window(first, last, last - first + 1, later);
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

  /** Minutes `first … last`: whole clock hours from the hour buckets, partial hours from the minute detail. */
  private window(
    first: number,
    last: number,
    expectedMinutes: number,
    later?: LaterValues,
  ): WindowMean | undefined {
    let sum = 0;
    let count = 0;
    let filled = 0;
    let minute = first;
    while (minute <= last) {
      const hour = Math.floor(minute / MINUTES_PER_HOUR);
      const hourStart = hour * MINUTES_PER_HOUR;
      const hourEnd = hourStart + MINUTES_PER_HOUR - 1;
      if (minute === hourStart && hourEnd <= last) {
        if (this.holdsHour(hour)) {
          const meta = this.minuteSlots + 4 * this.hourSlot(hour);
          sum += this.sums[this.minuteSlots + this.hourSlot(hour)];
          count += this.meta[meta];
          filled += this.meta[meta + 1] & 0xff;
        }
        minute = hourEnd + 1;
        continue;
      }
      const end = Math.min(hourEnd, last);
      // A window cutting through an hour warmed up as one bucket: which of its minutes hold values is unknown.
      if (this.holdsHour(hour) && this.meta[this.minuteSlots + 4 * this.hourSlot(hour) + 1] & STORED_HOUR)
        return undefined;
      for (; minute <= end; minute++) {
        if (minute > this.newestMinute) continue; // nothing newer than the newest value
        if (minute <= this.newestMinute - this.minuteSlots) {
          // A partial hour older than the minute detail: exact only if nothing is known of that hour.
          if (this.holdsHour(hour) && this.meta[this.minuteSlots + 4 * this.hourSlot(hour)] > 0) return undefined;
          continue;
        }
        const slot = this.minuteSlot(minute);
        const n = Math.floor(this.meta[slot] / 0x10000);
        if (n === 0) continue;
        sum += this.sums[slot];
        count += n;
        filled += 1;
      }
    }
    if (count === 0) return undefined;
    count -= later?.count ?? 0;
    if (count <= 0) return undefined;
    sum -= later?.sum ?? 0;
    return { mean: tidy(sum / count), coverage: Math.min(1, filled / expectedMinutes) };
  }

  private minuteSlot(minute: number): number {
    return ((minute % this.minuteSlots) + this.minuteSlots) % this.minuteSlots;
  }

  private hourSlot(hour: number): number {
    return ((hour % this.hourSlots) + this.hourSlots) % this.hourSlots;
  }

  /** `minute` is in the minute detail (not newer than the newest minute, not older than the detail). */
  private holdsMinute(minute: number): boolean {
    return minute <= this.newestMinute && minute > this.newestMinute - this.minuteSlots;
  }

  private holdsHour(hour: number): boolean {
    const newestHour = Math.floor(this.newestMinute / MINUTES_PER_HOUR);
    return hour <= newestHour && hour > newestHour - this.hourSlots;
  }

  /** `minute` (of `hour`, a held hour) already holds a value in its hour's occupancy mask. */
  private minuteHeld(hour: number, minute: number): boolean {
    const m = minute - hour * MINUTES_PER_HOUR;
    const meta = this.minuteSlots + 4 * this.hourSlot(hour) + (m < 30 ? 2 : 3);
    return (this.meta[meta] & (1 << m % 30)) !== 0;
  }

  private addToHour(hour: number, minute: number, sum: number, count: number): void {
    const slot = this.hourSlot(hour);
    const meta = this.minuteSlots + 4 * slot;
    this.sums[this.minuteSlots + slot] += sum;
    this.meta[meta] += count;
    const m = minute - hour * MINUTES_PER_HOUR;
    const word = meta + (m < 30 ? 2 : 3);
    const bit = 1 << m % 30;
    if ((this.meta[word] & bit) === 0) {
      this.meta[word] |= bit;
      this.meta[meta + 1] += 1;
    }
  }

  /** Makes `minute` the newest: clears the minute and hour slots it reuses (O(1) per minute passed). */
  private advance(minute: number): void {
    const previous = this.newestMinute;
    if (minute <= previous) return;
    for (let m = Math.max(previous + 1, minute - this.minuteSlots + 1); m <= minute; m++) {
      const slot = this.minuteSlot(m);
      this.sums[slot] = 0;
      this.meta[slot] = NO_TIME;
      this.times?.delete(slot);
    }
    const newHour = Math.floor(minute / MINUTES_PER_HOUR);
    const oldHour = Math.floor(previous / MINUTES_PER_HOUR);
    for (let h = Math.max(oldHour + 1, newHour - this.hourSlots + 1); h <= newHour; h++) {
      const slot = this.hourSlot(h);
      this.sums[this.minuteSlots + slot] = 0;
      this.meta.fill(0, this.minuteSlots + 4 * slot, this.minuteSlots + 4 * slot + 4);
    }
    this.newestMinute = minute;
  }
}

/** Most buckets one readings request returns (the chart's resolution). */
export const MAX_BUCKETS = 1000;
/** Longest range one request may cover, ms (400 days: a year with margin). */
export const MAX_RANGE_MS = 400 * 86_400_000;

/** Bucket widths offered, seconds: round numbers that line up with the clock. */
const STEPS_S = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];

/**
 * The bucket width for a range [fromMs, toMs) (epoch ms) of a station that reports every `intervalS` seconds, in
 * seconds. Rule: a bucket is never narrower than the reporting interval, nor so narrow that the range gives more than
 * {@link MAX_BUCKETS} buckets. The requested width is kept when it satisfies both; otherwise (or when none is
 * requested) the smallest round step that does, or — beyond the widest step (7 days) — the bound itself, in whole
 * seconds.
 *
 * Why the interval: buckets narrower than the interval leave empty (null) buckets between every two readings, so
 * each value stands alone and the chart's line has nothing to join (issue 14: a 1-min station drew nothing at 6 h,
 * a 5-min station nothing at 24 h).
 * @param intervalS seconds between two readings of the station (see {@link reportingIntervalS}); ≤ 0 or not finite
 *   counts as no bound.
 * @param requestedS the caller's width, seconds (the API's `every`).
 */
export function bucketWidthS(fromMs: number, toMs: number, intervalS: number, requestedS?: number): number {
  const byCount = (toMs - fromMs) / 1000 / MAX_BUCKETS;
  const minimumS = Math.max(byCount, Number.isFinite(intervalS) ? intervalS : 0);
  if (requestedS !== undefined && requestedS >= minimumS) return requestedS;
  return STEPS_S.find((s) => s >= minimumS) ?? Math.ceil(minimumS);
}

/** Newest readings whose spacing measures a station's reporting interval (see {@link measuredIntervalS}). */
export const INTERVAL_SAMPLE_SIZE = 25;
/** Fewest positive spacings that make a measurement (fewer: the registry's interval is used). */
export const MIN_INTERVAL_SPACINGS = 3;

/**
 * A station's reporting interval measured from the times (epoch ms, any order) of its newest readings: the median
 * of the positive spacings between consecutive distinct times, rounded to whole seconds (at least 1). The median
 * ignores a few outages or doubled readings among them. `undefined` with fewer than {@link MIN_INTERVAL_SPACINGS}
 * positive spacings.
 */
export function measuredIntervalS(timesMs: readonly number[]): number | undefined {
  const sorted = timesMs.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  const spacings: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const d = sorted[i] - sorted[i - 1];
    if (d > 0) spacings.push(d);
  }
  if (spacings.length < MIN_INTERVAL_SPACINGS) return undefined;
  spacings.sort((a, b) => a - b);
  const mid = spacings.length >> 1;
  const median = spacings.length % 2 === 1 ? spacings[mid] : (spacings[mid - 1] + spacings[mid]) / 2;
  return Math.max(1, Math.round(median / 1000));
}

/**
 * The reporting interval a chart's buckets follow, seconds: the one measured from the station's newest readings
 * when there are enough of them ({@link measuredIntervalS}), else the registry's `expectedIntervalS` (which the
 * registry schema fills with 60 s when a station does not declare it, so it cannot say "unknown").
 * Measured first because the spacing of the stored readings is what decides whether neighbouring buckets hold
 * values: a station declared at 60 s (or not declared) that sends every 5 min needs 5-min buckets, and one that
 * sends faster than declared (the simulators' demo time scale) may have finer buckets.
 */
export function reportingIntervalS(measuredS: number | undefined, registryS: number): number {
  return measuredS ?? registryS;
}

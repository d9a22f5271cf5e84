/** Most buckets one readings request returns (the chart's resolution). */
export const MAX_BUCKETS = 1000;
/** Longest range one request may cover, ms (400 days: a year with margin). */
export const MAX_RANGE_MS = 400 * 86_400_000;

/** Bucket widths offered, seconds: round numbers that line up with the clock. */
const STEPS_S = [10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];

/**
 * The bucket width for a range: the requested one when it gives at most {@link MAX_BUCKETS} buckets, otherwise
 * (or when none is requested) the smallest step in the list that does.
 */
export function bucketWidthS(fromMs: number, toMs: number, requestedS?: number): number {
  const minimumS = (toMs - fromMs) / 1000 / MAX_BUCKETS;
  if (requestedS !== undefined && requestedS >= minimumS) return requestedS;
  return STEPS_S.find((s) => s >= minimumS) ?? STEPS_S[STEPS_S.length - 1];
}

/**
 * Waste-point fill levels: emptying events detected from the series, the recent filling rate, and a forecast of
 * when the bin reaches its "full" threshold. Pure: no React, no I/O, no clock (`now` is a parameter).
 *
 * The "full" threshold (default 80 %) is the station's `standard.fullThresholdPct`, an industry convention for
 * scheduling a pickup, not a regulation (shared docs/domain.md §6.2; OMA LwM2M object 3435 "Filling level" has the
 * same notions: high threshold, average filling speed, forecast full date).
 */

/** One fill-level value: epoch ms and percent (0–100). */
export interface FillPoint {
  readonly t: number;
  readonly fill: number;
}

/** A collection seen in the series: the fill fell from `from` to `to` % at `t`. */
export interface EmptyingEvent {
  readonly t: number;
  readonly from: number;
  readonly to: number;
}

export interface EmptyingOptions {
  /** Smallest fall between two consecutive values counted as an emptying, percentage points (default 30). */
  readonly minDropPct?: number;
}

const valid = (points: readonly FillPoint[]): FillPoint[] =>
  points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.fill)).sort((a, b) => a.t - b.t);

/**
 * Emptying events: a fall of at least `minDropPct` points from one value to the next (sensor noise and
 * compaction move the level by a few points; a collection resets it to near 0). Oldest first.
 */
export function detectEmptyings(points: readonly FillPoint[], { minDropPct = 30 }: EmptyingOptions = {}): EmptyingEvent[] {
  const series = valid(points);
  const events: EmptyingEvent[] = [];
  for (let i = 1; i < series.length; i += 1) {
    const before = series[i - 1];
    const after = series[i];
    if (before.fill - after.fill >= minDropPct) events.push({ t: after.t, from: before.fill, to: after.fill });
  }
  return events;
}

/**
 * Filling rate in percentage points per hour: the least-squares slope of the values since the last emptying
 * (and no older than `windowMs` before the newest value). `null` with fewer than 3 values or less than
 * `minSpanMs` between the first and the last.
 */
export function fillRatePerHour(
  points: readonly FillPoint[],
  { windowMs = 24 * 3_600_000, minSpanMs = 3_600_000, minDropPct = 30 }: { windowMs?: number; minSpanMs?: number; minDropPct?: number } = {},
): number | null {
  const series = valid(points);
  if (series.length === 0) return null;
  const lastEmptying = detectEmptyings(series, { minDropPct }).at(-1)?.t ?? Number.NEGATIVE_INFINITY;
  const newest = series[series.length - 1].t;
  const recent = series.filter((p) => p.t >= lastEmptying && p.t >= newest - windowMs);
  if (recent.length < 3 || recent[recent.length - 1].t - recent[0].t < minSpanMs) return null;
  const t0 = recent[0].t;
  const n = recent.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const p of recent) {
    const x = (p.t - t0) / 3_600_000;
    sx += x;
    sy += p.fill;
    sxx += x * x;
    sxy += x * p.fill;
  }
  const denominator = n * sxx - sx * sx;
  if (denominator === 0) return null;
  return (n * sxy - sx * sy) / denominator;
}

export type FillForecast =
  /** At or above the threshold: collect now. */
  | { readonly kind: 'full'; readonly fill: number }
  /** Expected to reach the threshold at `at` (epoch ms) at `ratePerHour`. */
  | { readonly kind: 'forecast'; readonly fill: number; readonly at: number; readonly ratePerHour: number }
  /** Not filling (rate ≤ 0.05 %/h). */
  | { readonly kind: 'steady'; readonly fill: number; readonly ratePerHour: number }
  /** Too little data to tell. */
  | { readonly kind: 'unknown'; readonly fill: number | null };

/** Slowest rate still called "filling", %/h (a bin at this rate takes more than 2 months from 0 to 80 %). */
export const MIN_FILL_RATE_PER_HOUR = 0.05;

/**
 * When the bin will be full: `latest` is its latest fill level (the live value, which may be newer than
 * `points`), `thresholdPct` the station's full threshold. The time to full is counted from `now`, from the latest value.
 */
export function forecastFull(
  points: readonly FillPoint[],
  latest: FillPoint | null,
  thresholdPct: number,
  now: number,
): FillForecast {
  const fill = latest?.fill ?? valid(points).at(-1)?.fill ?? null;
  if (fill === null) return { kind: 'unknown', fill: null };
  if (fill >= thresholdPct) return { kind: 'full', fill };
  const series = latest ? [...points, latest] : points;
  const ratePerHour = fillRatePerHour(series);
  if (ratePerHour === null) return { kind: 'unknown', fill };
  if (ratePerHour < MIN_FILL_RATE_PER_HOUR) return { kind: 'steady', fill, ratePerHour };
  const from = Math.max(now, latest?.t ?? now);
  return { kind: 'forecast', fill, ratePerHour, at: from + ((thresholdPct - fill) / ratePerHour) * 3_600_000 };
}

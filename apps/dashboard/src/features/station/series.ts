/**
 * Builds the points a parameter chart draws from the readings API's buckets and the live readings.
 * Pure: no React, no I/O, no clock.
 *
 * Gaps stay gaps: a bucket whose `mean` is null stays null (never 0), and where buckets or live readings are missing
 * a null point is inserted, so that the line and the band break there (`connectNulls={false}`). A value between two
 * gaps has no neighbour to join: {@link alonePoints} names those, and the chart draws them as dots.
 */
import { ceilToVietnamStep, type ReadingBucketDto, type ReadingEventDto } from '@langxanh/contracts';

export interface ChartPoint {
  /** Epoch ms (bucket start, or the reading's time). */
  readonly t: number;
  readonly mean: number | null;
  /** `[min, max]` of a bucket, or null (gap, or a live reading). */
  readonly band: readonly [number, number] | null;
  /** True for a point from a live `reading` event. */
  readonly live: boolean;
  /** Rolling mean over an averaged limit's period ending here ({@link withRollingMean}); absent when not asked. */
  readonly rolling?: number | null;
}

export interface LivePoint {
  readonly t: number;
  readonly value: number;
}

export interface SeriesOptions {
  /** Bucket width of `buckets`, seconds. */
  readonly everyS: number;
  /** Silence between two live readings (or after the last bucket) beyond which the line breaks, ms. */
  readonly liveGapMs: number;
}

const finite = (value: number | null | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

const gapAt = (t: number): ChartPoint => ({ t, mean: null, band: null, live: false });

export function buildSeries(
  buckets: readonly ReadingBucketDto[],
  live: readonly LivePoint[],
  { everyS, liveGapMs }: SeriesOptions,
): ChartPoint[] {
  const stepMs = Math.max(1, everyS) * 1000;
  const points: ChartPoint[] = [];

  const history = buckets
    .map((b) => ({ t: Date.parse(b.time), b }))
    .filter(({ t }) => !Number.isNaN(t))
    .sort((x, y) => x.t - y.t);

  let previous: number | undefined;
  for (const { t, b } of history) {
    if (previous !== undefined && t - previous > 1.5 * stepMs) points.push(gapAt(previous + stepMs));
    const min = finite(b.min);
    const max = finite(b.max);
    points.push({ t, mean: finite(b.mean), band: min !== null && max !== null ? [min, max] : null, live: false });
    previous = t;
  }

  const lastBucket = previous;
  // The last bucket covers [start, start + step): measure the silence after its end.
  let lastEnd = lastBucket === undefined ? undefined : lastBucket + stepMs;
  const tail = live
    .filter((p) => Number.isFinite(p.t) && Number.isFinite(p.value) && (lastBucket === undefined || p.t > lastBucket))
    .sort((x, y) => x.t - y.t);
  for (const p of tail) {
    if (lastEnd !== undefined && p.t - lastEnd > liveGapMs) points.push(gapAt(lastEnd + 1));
    points.push({ t: p.t, mean: p.value, band: null, live: true });
    lastEnd = p.t;
  }
  return points;
}

/**
 * The points drawn as dots: a value (`mean` not null) whose previous and next point (in time order, as
 * {@link buildSeries} returns them) are gaps or absent. A line with `connectNulls={false}` draws such a point as a
 * segment of zero length, i.e. not at all; every other value is part of a segment of at least two points.
 */
export function alonePoints(points: readonly ChartPoint[]): ReadonlySet<ChartPoint> {
  const alone = new Set<ChartPoint>();
  for (let i = 0; i < points.length; i++) {
    const before = i > 0 ? points[i - 1].mean : null;
    const after = i + 1 < points.length ? points[i + 1].mean : null;
    if (points[i].mean !== null && before === null && after === null) alone.add(points[i]);
  }
  return alone;
}

/** The values of one parameter in the live readings of a station. */
export function livePoints(readings: readonly ReadingEventDto[], parameter: string): LivePoint[] {
  const points: LivePoint[] = [];
  for (const reading of readings) {
    const value = reading.values[parameter];
    if (typeof value === 'number') points.push({ t: Date.parse(reading.time), value });
  }
  return points;
}

/** Tick positions every `stepMs`, aligned on Vietnam-time boundaries (whole hours, midnight ICT), in [from, to]. */
export function timeTicks(from: number, to: number, stepMs: number): number[] {
  const ticks: number[] = [];
  let t = ceilToVietnamStep(from, stepMs);
  for (; t <= to && ticks.length < 200; t += stepMs) ticks.push(t);
  return ticks;
}

/** Whether anything would be drawn. */
export function hasValues(points: readonly ChartPoint[]): boolean {
  return points.some((p) => p.mean !== null || p.band !== null);
}

/** Share of an averaging period the buckets in its window must cover for a rolling mean (policy, as libs/aqi's 75 %). */
export const ROLLING_MIN_COVERAGE = 0.75;

/**
 * Adds the rolling mean over `periodMs` ending at each history bucket (`rolling`), so that values can be read
 * against a limit on a mean (e.g. QCVN 05:2023 PM2.5 24-hour mean) rather than against raw values. The buckets
 * have equal widths (`everyS`), so the mean of a window is the mean of its bucket means (window (t − period, t],
 * by bucket start). Null where the window's buckets with a value cover less than {@link ROLLING_MIN_COVERAGE} of the
 * period, and on live points (the server's next buckets take over). Unchanged (no `rolling`) when a bucket is as
 * wide as the period: the bucket mean is then already the period's mean.
 */
export function withRollingMean(points: readonly ChartPoint[], periodMs: number, everyS: number): ChartPoint[] {
  const stepMs = Math.max(1, everyS) * 1000;
  if (!(periodMs > stepMs)) return points as ChartPoint[];
  const needed = Math.ceil((ROLLING_MIN_COVERAGE * periodMs) / stepMs);
  const window: { t: number; v: number }[] = [];
  let head = 0;
  let sum = 0;
  return points.map((point) => {
    if (point.live) return { ...point, rolling: null };
    if (point.mean !== null) {
      window.push({ t: point.t, v: point.mean });
      sum += point.mean;
    }
    while (head < window.length && window[head].t <= point.t - periodMs) {
      sum -= window[head].v;
      head += 1;
    }
    const count = window.length - head;
    return { ...point, rolling: point.mean !== null && count >= needed ? sum / count : null };
  });
}

/**
 * Y-axis ticks for values shown with `decimals` decimals: 2–6 "nice" steps (1, 2, 5 × 10^n) no finer than one unit
 * of the last decimal, so that no two ticks print the same label (a battery between 20.4 and 21.2 % with 0
 * decimals read "21, 21, 21, 20, 20"). `undefined` when there is nothing to scale.
 */
export function valueTicks(min: number, max: number, decimals: number): number[] | undefined {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return undefined;
  const unit = 10 ** -Math.max(0, Math.min(6, Math.round(decimals)));
  const span = Math.max(max - min, unit);
  // 1, 2, 5, 10, 20, 50 … units until at most 5 steps span the values
  let step = unit;
  for (let k = 1; k < 60 && span / step > 5; k += 1) step = [1, 2, 5][k % 3] * 10 ** Math.floor(k / 3) * unit;
  const from = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = from; ticks.length < 12; v += step) {
    ticks.push(Number(v.toFixed(6)));
    if (v >= max) break;
  }
  if (ticks.length === 1) ticks.push(Number((from + step).toFixed(6)));
  return ticks;
}

/**
 * Which side of a limit line its label goes: an upper bound's label below the line, a lower bound's above (both
 * inside the plot), except near the plot's edge, where the label goes to the inside so that it never lies on the
 * time axis (a fill limit of 80 % at the bottom of a chart of fuller bins) or above the plot. `ticks`: the y-axis
 * ticks (their first and last are the plot's bounds); the edge is the outer quarter.
 */
export function limitLabelSide(bound: 'min' | 'max', value: number, ticks: readonly number[] | undefined): 'above' | 'below' {
  const preferred = bound === 'max' ? 'below' : 'above';
  if (!ticks || ticks.length < 2) return preferred;
  const low = ticks[0];
  const high = ticks[ticks.length - 1];
  const at = (value - low) / (high - low);
  if (at <= 0.25) return 'above';
  if (at >= 0.75) return 'below';
  return preferred;
}

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

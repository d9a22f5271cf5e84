// simple-statistics ships one ESM type file for both its ESM and CommonJS builds, which TypeScript's node16
// resolution refuses to `import` from CommonJS; its CommonJS build is loaded with require, typed by the same file.
const {
  max,
  median,
  min,
  quantileSorted,
}: typeof import('simple-statistics', {
  with: { 'resolution-mode': 'import' },
}) = require('simple-statistics');

/** Latency percentiles of a sample, in the sample's unit (ms here). */
export interface Percentiles {
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** p50/p95/p99/max of a sample (simple-statistics `quantileSorted`: between two ranks, their mean). @throws Error for an empty sample. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

/** Median and spread of one figure over the runs of a benchmark. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[];
}

/** Median, min and max of the finite values (undefined when there are none). */
export function spread(values: readonly (number | null | undefined)[]): Spread | undefined {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return undefined;
  return { median: median(finite), min: min(finite), max: max(finite), values: finite };
}

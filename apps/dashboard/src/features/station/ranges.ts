export const TIME_RANGES = ['6h', '24h', '7d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const HOUR = 3_600_000;

export interface TimeRangeSpec {
  readonly spanMs: number;
  /** Distance between x-axis ticks. */
  readonly tickMs: number;
  /** How often the history is fetched again while the page is open. */
  readonly refreshMs: number;
}

export const TIME_RANGE_SPECS: Readonly<Record<TimeRange, TimeRangeSpec>> = {
  '6h': { spanMs: 6 * HOUR, tickMs: HOUR, refreshMs: 5 * 60_000 },
  '24h': { spanMs: 24 * HOUR, tickMs: 3 * HOUR, refreshMs: 5 * 60_000 },
  '7d': { spanMs: 7 * 24 * HOUR, tickMs: 24 * HOUR, refreshMs: 15 * 60_000 },
};

export const DEFAULT_TIME_RANGE: TimeRange = '24h';

export function isTimeRange(value: string | null): value is TimeRange {
  return value !== null && (TIME_RANGES as readonly string[]).includes(value);
}

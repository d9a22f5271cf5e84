/**
 * Chart time ranges: presets ending now (6 h, 24 h, 7 d, 30 d) and a custom range typed in Vietnam time. Pure.
 * The server picks the bucket width so that any range gives at most ~1 000 buckets per series and no bucket is
 * narrower than the station's reporting interval (`apps/ingester/src/stations/readings-window.ts`: 30 d → 1 h
 * buckets, 720 points; 6 h of a 5-min station → 5-min buckets).
 */
import { VIETNAM_OFFSET_MS } from '@langxanh/contracts';

export const TIME_RANGES = ['6h', '24h', '7d', '30d'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];
export type RangeChoice = TimeRange | 'custom';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

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
  '7d': { spanMs: 7 * DAY, tickMs: DAY, refreshMs: 15 * 60_000 },
  '30d': { spanMs: 30 * DAY, tickMs: 5 * DAY, refreshMs: 30 * 60_000 },
};

export const DEFAULT_TIME_RANGE: TimeRange = '24h';
/** Longest custom range (the API refuses more than 400 days). */
export const MAX_CUSTOM_SPAN_MS = 366 * DAY;

export function isTimeRange(value: string | null): value is TimeRange {
  return value !== null && (TIME_RANGES as readonly string[]).includes(value);
}

/** What the user chose: a preset, or a custom range (epoch ms, `from` < `to`). */
export type RangeSelection =
  | { readonly choice: TimeRange }
  | { readonly choice: 'custom'; readonly from: number; readonly to: number };

/** A selection turned into times at `now`. */
export interface ResolvedRange {
  readonly from: number;
  readonly to: number;
  readonly tickMs: number;
  /** Refetch period; undefined for a custom range that ended in the past. */
  readonly refreshMs: number | undefined;
  /** Changes when the request must change (the preset, or the custom bounds). */
  readonly key: string;
  /** Presets follow the live tail; a custom range is a fixed window. */
  readonly live: boolean;
}

/** A tick step for a span: about 4–8 ticks. */
export function tickFor(spanMs: number): number {
  const steps = [HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 5 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];
  return steps.find((s) => spanMs / s <= 8) ?? 30 * DAY;
}

export function resolveRange(selection: RangeSelection, now: number): ResolvedRange {
  if (selection.choice === 'custom') {
    const { from, to } = selection;
    return {
      from,
      to,
      tickMs: tickFor(to - from),
      refreshMs: to > now ? 5 * 60_000 : undefined,
      key: `custom:${from}:${to}`,
      live: to > now,
    };
  }
  const spec = TIME_RANGE_SPECS[selection.choice];
  return { from: now - spec.spanMs, to: now, tickMs: spec.tickMs, refreshMs: spec.refreshMs, key: selection.choice, live: true };
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** `YYYY-MM-DDTHH:mm` (an `<input type="datetime-local">` value) read as Vietnam time → epoch ms; undefined if invalid. */
export function parseVietnamLocal(text: string): number | undefined {
  const m = LOCAL_PATTERN.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const utc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  return utc - VIETNAM_OFFSET_MS;
}

/** Epoch ms → `YYYY-MM-DDTHH:mm` in Vietnam time (for `<input type="datetime-local">`). */
export function toVietnamLocal(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);
}

/** Validates a custom range typed by the user: an error key for i18n, or the range. */
export function checkCustomRange(
  fromText: string,
  toText: string,
): { readonly ok: true; readonly from: number; readonly to: number } | { readonly ok: false; readonly error: 'invalid' | 'order' | 'tooLong' } {
  const from = parseVietnamLocal(fromText);
  const to = parseVietnamLocal(toText);
  if (from === undefined || to === undefined) return { ok: false, error: 'invalid' };
  if (to <= from) return { ok: false, error: 'order' };
  if (to - from > MAX_CUSTOM_SPAN_MS) return { ok: false, error: 'tooLong' };
  return { ok: true, from, to };
}

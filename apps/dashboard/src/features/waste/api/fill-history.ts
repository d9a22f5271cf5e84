import type { ReadingBucketDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';
import type { FillPoint } from '../fill';

/** Hours of fill-level history used for the filling rate and the emptying events. */
export const FILL_HISTORY_HOURS = 48;

export interface FillHistory {
  /** Bucket means (for the filling rate). */
  readonly means: FillPoint[];
  /**
   * Each bucket as its max at the bucket start and its min at its end: a collection inside one bucket still shows
   * as one large fall (emptying detection).
   */
  readonly envelope: FillPoint[];
}

/** Turns the readings API's buckets into fill points; null buckets (gaps) are left out. Pure. */
export function toFillHistory(buckets: readonly ReadingBucketDto[], everyS: number): FillHistory {
  const means: FillPoint[] = [];
  const envelope: FillPoint[] = [];
  for (const b of buckets) {
    const t = Date.parse(b.time);
    if (Number.isNaN(t)) continue;
    if (b.mean !== null) means.push({ t: t + (everyS * 1000) / 2, fill: b.mean });
    if (b.max !== null && b.min !== null) {
      envelope.push({ t, fill: b.max });
      envelope.push({ t: t + everyS * 1000 - 1, fill: b.min });
    }
  }
  return { means, envelope };
}

/** The fill level of one waste point over the last {@link FILL_HISTORY_HOURS} hours. */
export async function fetchFillHistory(station: string, now: number, signal?: AbortSignal): Promise<FillHistory> {
  const dto = await api.readings({ station, parameter: 'fill', from: now - FILL_HISTORY_HOURS * 3_600_000, to: now }, signal);
  return toFillHistory(dto.points, dto.everyS);
}

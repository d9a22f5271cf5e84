import { describe, expect, it } from 'vitest';
import { detectEmptyings } from '../fill';
import { toFillHistory } from './fill-history';

describe('toFillHistory', () => {
  it('keeps means at bucket centres, skips gaps, and shows a collection inside one bucket as a fall', () => {
    const buckets = [
      { time: '2026-11-29T00:00:00Z', mean: 78, min: 77, max: 79, count: 10 },
      { time: '2026-11-29T00:05:00Z', mean: null, min: null, max: null, count: 0 },
      { time: '2026-11-29T00:10:00Z', mean: 40, min: 2, max: 80, count: 10 },
      { time: '2026-11-29T00:15:00Z', mean: 3, min: 2, max: 4, count: 10 },
    ];
    const history = toFillHistory(buckets, 300);
    expect(history.means.map((p) => p.fill)).toEqual([78, 40, 3]);
    expect(history.means[0].t).toBe(Date.parse('2026-11-29T00:02:30Z'));
    const events = detectEmptyings(history.envelope);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ from: 80, to: 2 });
  });
});

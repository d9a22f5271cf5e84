import { describe, expect, it } from 'vitest';
import { boxAround, boxesOverlap, MIN_TAP_PX, placeLabels, separate } from './layout';

describe('separate', () => {
  it('moves markers apart to at least the tap size, leaves far ones alone', () => {
    const out = separate([{ x: 100, y: 100 }, { x: 110, y: 100 }, { x: 100, y: 100 }, { x: 400, y: 400 }], MIN_TAP_PX);
    for (let i = 0; i < out.length; i += 1)
      for (let j = i + 1; j < out.length; j += 1)
        expect(Math.hypot(out[i].x - out[j].x, out[i].y - out[j].y)).toBeGreaterThanOrEqual(MIN_TAP_PX - 0.5);
    expect(out[3]).toEqual({ x: 400, y: 400 });
  });
});

describe('placeLabels', () => {
  it('puts a free label below its anchor', () => {
    const [label] = placeLabels([{ id: 'a', anchor: boxAround({ x: 50, y: 50 }, 44), width: 60, height: 14 }], []);
    expect(label.box).toEqual({ x: 20, y: 74, width: 60, height: 14 });
  });

  it('never lets a placed label overlap a marker or another label', () => {
    const markers = [{ x: 100, y: 100 }, { x: 144, y: 100 }, { x: 122, y: 144 }, { x: 100, y: 56 }].map((p) => boxAround(p, 44));
    const placed = placeLabels(
      markers.map((m, i) => ({ id: String(i), anchor: m, width: 90, height: 14 })),
      markers,
    );
    const boxes = placed.flatMap((p) => (p.box ? [p.box] : []));
    expect(boxes.length).toBeGreaterThan(1);
    for (const b of boxes) for (const m of markers) expect(boxesOverlap(b, m)).toBe(false);
    for (let i = 0; i < boxes.length; i += 1) for (let j = i + 1; j < boxes.length; j += 1) expect(boxesOverlap(boxes[i], boxes[j])).toBe(false);
  });

  it('keeps labels inside the visible map', () => {
    const view = { x: 0, y: 0, width: 200, height: 200 };
    // below would leave the map: the label goes above
    const [label] = placeLabels([{ id: 'a', anchor: boxAround({ x: 100, y: 180 }, 44), width: 60, height: 14 }], [], 2, view);
    expect(label.box).toEqual({ x: 70, y: 142, width: 60, height: 14 });
  });

  it('leaves a label out when every place is taken', () => {
    const wall = [{ x: -1000, y: -1000, width: 3000, height: 3000 }];
    expect(placeLabels([{ id: 'a', anchor: boxAround({ x: 0, y: 0 }, 44), width: 10, height: 10 }], wall)[0].box).toBeNull();
  });
});

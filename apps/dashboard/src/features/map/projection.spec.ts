import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import outline from './data/bac-ninh-approx.geo.json';
import { fitProjection, layoutClusters, outlinePath, separate } from './projection';

const size = { width: 600, height: 400, padding: 20 };
const collection = outline as FeatureCollection;

describe('province map geometry', () => {
  it('fits the outline inside the padded box', () => {
    const projection = fitProjection(collection, size);
    const path = outlinePath(collection, projection);
    expect(path.startsWith('M')).toBe(true);
    const numbers = [...path.matchAll(/-?\d+(\.\d+)?/g)].map((m) => Number(m[0]));
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const ys = numbers.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(19.9);
    expect(Math.max(...xs)).toBeLessThanOrEqual(580.1);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(19.9);
    expect(Math.max(...ys)).toBeLessThanOrEqual(380.1);
  });

  it('puts north up and east right, and every registry cluster inside the map', () => {
    const projection = fitProjection(collection, size);
    const phuLang = projection([106.225, 21.2]);
    const daBai = projection([106.17, 21.07]);
    const vanMon = projection([105.93, 21.17]);
    expect(phuLang && daBai && phuLang[1] < daBai[1]).toBe(true); // Phù Lãng is north of Đại Bái
    expect(phuLang && vanMon && vanMon[0] < phuLang[0]).toBe(true); // Văn Môn is west of Phù Lãng
    for (const p of [phuLang, daBai, vanMon]) {
      expect(p?.[0]).toBeGreaterThan(20);
      expect(p?.[0]).toBeLessThan(580);
    }
  });

  it('rings a cluster’s stations around it, the first at 12 o’clock', () => {
    const projection = fitProjection(collection, size);
    const [layout] = layoutClusters([{ id: 'pk', lon: 106.025, lat: 21.19, stationIds: ['a', 'b', 'c', 'd'] }], projection, 10);
    expect(layout.stations).toHaveLength(4);
    expect(layout.stations[0].x).toBeCloseTo(layout.x, 6);
    expect(layout.stations[0].y).toBeCloseTo(layout.y - 10, 6);
    expect(layout.stations[1].x).toBeCloseTo(layout.x + 10, 6);
    const [single] = layoutClusters([{ id: 'x', lon: 106.0, lat: 21.1, stationIds: ['only'] }], projection, 10);
    expect(single.stations[0]).toMatchObject({ x: single.x, y: single.y });
  });
});

describe('separate', () => {
  it('moves overlapping points apart to the minimum distance, leaving distant ones alone', () => {
    const out = separate([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 200, y: 200 }], 40);
    expect(Math.hypot(out[1].x - out[0].x, out[1].y - out[0].y)).toBeGreaterThanOrEqual(40);
    expect(out[2]).toEqual({ x: 200, y: 200 });
    const same = separate([{ x: 5, y: 5 }, { x: 5, y: 5 }], 10);
    expect(Math.hypot(same[1].x - same[0].x, same[1].y - same[0].y)).toBeGreaterThanOrEqual(10);
  });

  it('keeps each cluster’s true location as the anchor when its group is moved', () => {
    const projection = fitProjection(collection, size);
    const layout = layoutClusters(
      [
        { id: 'a', lon: 105.945, lat: 21.125, stationIds: ['x', 'y'] },
        { id: 'b', lon: 105.96, lat: 21.14, stationIds: ['z'] },
      ],
      projection,
      10,
      60,
    );
    expect(Math.hypot(layout[1].x - layout[0].x, layout[1].y - layout[0].y)).toBeGreaterThanOrEqual(60);
    const anchor = projection([105.945, 21.125]);
    expect(layout[0].anchorX).toBeCloseTo(anchor?.[0] ?? Number.NaN, 6);
  });
});

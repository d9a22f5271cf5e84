import type { GeoProjection } from 'd3-geo';
import { useMemo } from 'react';

/**
 * Optional raster tiles under the outline. Off unless `VITE_MAP_TILE_URL` is set at build time (e.g.
 * `https://tile.openstreetmap.org/{z}/{x}/{y}.png`, or a tile server inside the department's network): the tests
 * and many field offices have no internet, and the map must not depend on it.
 */
export function tileUrlTemplate(): string | null {
  const value = (import.meta.env['VITE_MAP_TILE_URL'] as string | undefined)?.trim();
  return value ? value : null;
}

interface Tile {
  readonly key: string;
  readonly href: string;
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

const lon2tile = (lon: number, z: number): number => ((lon + 180) / 360) * 2 ** z;
const lat2tile = (lat: number, z: number): number => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};
const tile2lon = (x: number, z: number): number => (x / 2 ** z) * 360 - 180;
const tile2lat = (y: number, z: number): number => {
  const n = Math.PI - (2 * Math.PI * y) / 2 ** z;
  return (180 / Math.PI) * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n)));
};

/** Web-Mercator tiles covering the SVG, placed with the same (Mercator) projection as the outline. */
export function MapTiles({
  template,
  projection,
  size,
}: {
  readonly template: string;
  readonly projection: GeoProjection;
  readonly size: { readonly width: number; readonly height: number };
}) {
  const tiles = useMemo((): Tile[] => {
    const nw = projection.invert?.([0, 0]);
    const se = projection.invert?.([size.width, size.height]);
    if (!nw || !se) return [];
    // zoom whose tiles are about 256 px on screen
    const degreesPerPx = (se[0] - nw[0]) / size.width;
    const z = Math.max(0, Math.min(18, Math.round(Math.log2(360 / (256 * degreesPerPx)))));
    const list: Tile[] = [];
    for (let x = Math.floor(lon2tile(nw[0], z)); x <= Math.floor(lon2tile(se[0], z)); x += 1) {
      for (let y = Math.floor(lat2tile(nw[1], z)); y <= Math.floor(lat2tile(se[1], z)); y += 1) {
        const topLeft = projection([tile2lon(x, z), tile2lat(y, z)]);
        const bottomRight = projection([tile2lon(x + 1, z), tile2lat(y + 1, z)]);
        if (!topLeft || !bottomRight) continue;
        list.push({
          key: `${z}/${x}/${y}`,
          href: template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)),
          x: topLeft[0],
          y: topLeft[1],
          size: bottomRight[0] - topLeft[0],
        });
      }
    }
    return list.slice(0, 64);
  }, [template, projection, size.width, size.height]);
  return (
    <g className="province-map__tiles" aria-hidden="true">
      {tiles.map((tile) => (
        <image key={tile.key} href={tile.href} x={tile.x} y={tile.y} width={tile.size} height={tile.size} />
      ))}
    </g>
  );
}

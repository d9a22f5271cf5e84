/**
 * The province map's geometry: a Mercator projection fitted to the outline, and where each station marker goes.
 * Pure: no React, no DOM.
 *
 * Stations of one cluster are a few hundred metres apart, too close to tell apart at province scale: the cluster is
 * drawn at its registry location and its stations on a small ring around it (their true positions are in the
 * station pages and tooltips).
 */
import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export interface MapSize {
  readonly width: number;
  readonly height: number;
  readonly padding: number;
}

export interface PlacedMarker {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

export interface ClusterLayout {
  readonly id: string;
  /** Where the cluster group is drawn (moved apart from its neighbours when they would overlap). */
  readonly x: number;
  readonly y: number;
  /** The cluster's true projected location (a leader line joins it when the group was moved). */
  readonly anchorX: number;
  readonly anchorY: number;
  readonly stations: readonly PlacedMarker[];
}

/**
 * Moves points apart until no two are closer than `minDistance` (or `iterations` run out): each overlapping pair
 * is pushed apart along the line joining them, half each. Deterministic. Pure.
 */
export function separate(points: readonly { readonly x: number; readonly y: number }[], minDistance: number, iterations = 60): { x: number; y: number }[] {
  const out = points.map((p) => ({ x: p.x, y: p.y }));
  for (let k = 0; k < iterations; k += 1) {
    let moved = false;
    for (let i = 0; i < out.length; i += 1) {
      for (let j = i + 1; j < out.length; j += 1) {
        const a = out[i];
        const b = out[j];
        let dx = b.x - a.x;
        let dy = b.y - a.y;
        let d = Math.hypot(dx, dy);
        if (d >= minDistance) continue;
        if (d === 0) {
          // identical points: split them horizontally
          dx = 1;
          dy = 0;
          d = 1;
        }
        const push = (minDistance - d) / 2 + 0.01;
        a.x -= (dx / d) * push;
        a.y -= (dy / d) * push;
        b.x += (dx / d) * push;
        b.y += (dy / d) * push;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return out;
}

/** A Mercator projection that fits `outline` into the size, leaving `padding` pixels on each side. */
export function fitProjection(outline: FeatureCollection | Feature<Geometry>, size: MapSize): GeoProjection {
  return geoMercator().fitExtent(
    [
      [size.padding, size.padding],
      [size.width - size.padding, size.height - size.padding],
    ],
    outline,
  );
}

/** SVG path data of the outline. */
export function outlinePath(outline: FeatureCollection, projection: GeoProjection): string {
  return geoPath(projection)(outline) ?? '';
}

/**
 * Each cluster at its projected location, its stations evenly on a ring of `ringRadius` px around it (first
 * station at 12 o'clock, clockwise). A single station sits on the cluster point. Clusters whose groups would
 * overlap (closer than `minGap` px between centres) are moved apart.
 */
export function layoutClusters(
  clusters: readonly { readonly id: string; readonly lon: number; readonly lat: number; readonly stationIds: readonly string[] }[],
  projection: GeoProjection,
  ringRadius: number,
  minGap = 0,
): ClusterLayout[] {
  const projected = clusters.flatMap((cluster) => {
    const point = projection([cluster.lon, cluster.lat]);
    if (!point || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) return [];
    return [{ cluster, x: point[0], y: point[1] }];
  });
  const placed = minGap > 0 ? separate(projected, minGap) : projected;
  return projected.map(({ cluster, x: anchorX, y: anchorY }, index) => {
    const { x, y } = placed[index];
    const n = cluster.stationIds.length;
    const stations = cluster.stationIds.map((id, i) => {
      if (n === 1) return { id, x, y };
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return { id, x: x + ringRadius * Math.cos(angle), y: y + ringRadius * Math.sin(angle) };
    });
    return { id: cluster.id, x, y, anchorX, anchorY, stations };
  });
}

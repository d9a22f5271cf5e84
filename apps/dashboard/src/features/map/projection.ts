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
  readonly x: number;
  readonly y: number;
  readonly stations: readonly PlacedMarker[];
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
 * station at 12 o'clock, clockwise). A single station sits on the cluster point.
 */
export function layoutClusters(
  clusters: readonly { readonly id: string; readonly lon: number; readonly lat: number; readonly stationIds: readonly string[] }[],
  projection: GeoProjection,
  ringRadius: number,
): ClusterLayout[] {
  return clusters.flatMap((cluster) => {
    const point = projection([cluster.lon, cluster.lat]);
    if (!point || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) return [];
    const [x, y] = point;
    const n = cluster.stationIds.length;
    const stations = cluster.stationIds.map((id, i) => {
      if (n === 1) return { id, x, y };
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
      return { id, x: x + ringRadius * Math.cos(angle), y: y + ringRadius * Math.sin(angle) };
    });
    return [{ id: cluster.id, x, y, stations }];
  });
}

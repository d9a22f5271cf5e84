import type { ClusterDto, StationDto } from '@langxanh/contracts';
import type { FeatureCollection } from 'geojson';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GeoJSON, MapContainer, Marker, Polyline, Popup, TileLayer, useMap, useMapEvents } from 'react-leaflet';
import { useClusters, useStations } from '../../../lib/live/LiveStoreContext';
import { fullThreshold } from '../../waste/components/WastePage';
import outline from '../data/bac-ninh-2025.geo.json';
import { boxAround, MIN_TAP_PX, placeLabels, separate, type Box } from '../layout';
import { markerStyle, type AirIndexMark, type MarkerStyle } from '../marker-style';
import { StationPopup } from './StationPopup';

const OUTLINE = outline as FeatureCollection;
const OUTLINE_BOUNDS = L.geoJSON(OUTLINE).getBounds();
/** From this zoom on, every station has its own marker; below it, one marker per cluster (its stations as pips). */
export const STATION_ZOOM = 14;
const MAX_ZOOM = 18;
/** Cluster markers are a bit larger than the minimum tap target (they hold the station pips). */
const CLUSTER_PX = 52;
const LABEL_FONT = '600 12px system-ui, sans-serif';
const LABEL_HEIGHT = 18;
const LABEL_PADDING = 10;

/** Optional raster tiles. Off unless `VITE_MAP_TILE_URL` is set at build time; the map never needs the internet. */
export function tileSettings(): { readonly url: string; readonly attribution: string } | null {
  const url = (import.meta.env['VITE_MAP_TILE_URL'] as string | undefined)?.trim();
  if (!url) return null;
  const given = (import.meta.env['VITE_MAP_TILE_ATTRIBUTION'] as string | undefined)?.trim();
  const osm = /openstreetmap\.org/.test(url) ? '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' : '';
  return { url, attribution: given || osm };
}

export interface ProvinceMapProps {
  /** Current VN_AQI of air stations, by station id (absent: air markers are neutral, never "normal" green). */
  readonly airIndex?: ReadonlyMap<string, AirIndexMark>;
}

/**
 * The present Bắc Ninh province (with former Bắc Giang, NQ 202/2025/QH15) on a Leaflet map: the bundled outline
 * (Open Development Mekong, CC BY-SA 4.0; data/README.md), zoom and pan (buttons, wheel, pinch, keyboard), one
 * marker per cluster below {@link STATION_ZOOM} (tap: zoom to it) and one per station from it (tap: a popup with
 * state and latest values). Markers are ≥ 44 px tap targets pushed apart when closer; labels never overlap
 * (`layout.ts`). Works offline; tiles only when configured.
 */
export const ProvinceMap = memo(function ProvinceMap({ airIndex }: ProvinceMapProps) {
  const { t } = useTranslation();
  const tiles = tileSettings();
  return (
    <figure className="province-map card" data-testid="province-map">
      <figcaption className="province-map__title">{t('map.title')}</figcaption>
      <MapContainer
        className="province-map__canvas"
        bounds={OUTLINE_BOUNDS}
        // room on the west, where the clusters lie and their markers are pushed apart
        boundsOptions={{ paddingTopLeft: [96, 8], paddingBottomRight: [8, 8] }}
        // panning stays near the province, with room to spare on a tall phone screen at the lowest zoom
        maxBounds={OUTLINE_BOUNDS.pad(2)}
        maxZoom={MAX_ZOOM}
        minZoom={7}
        zoomSnap={0.25}
        attributionControl
        aria-label={t('map.title')}
      >
        {tiles && <TileLayer url={tiles.url} attribution={tiles.attribution} maxZoom={MAX_ZOOM} />}
        <Outline attribution={t('map.attribution')} />
        <Markers airIndex={airIndex} />
      </MapContainer>
      <div className="province-map__caption small">
        <ul className="province-map__legend">
          <li>
            <span className="legend-symbol legend-symbol--air" aria-hidden="true" /> {t('map.legendAir')}
          </li>
          <li>
            <span className="legend-symbol legend-symbol--wastewater" aria-hidden="true" /> {t('map.legendWastewater')}
          </li>
          <li>
            <span className="legend-symbol legend-symbol--waste" aria-hidden="true" /> {t('map.legendWaste')}
          </li>
        </ul>
        <p className="muted" data-testid="map-outline-note">
          {t('map.outlineNote')}
        </p>
      </div>
    </figure>
  );
});

function Outline({ attribution }: { readonly attribution: string }) {
  const ref = useRef<L.GeoJSON | null>(null);
  useEffect(() => {
    // the test id on the SVG path itself (the e2e suites read its `d`)
    ref.current?.eachLayer((layer) => (layer as L.Path).getElement?.()?.setAttribute('data-testid', 'province-outline'));
  });
  return (
    <GeoJSON
      ref={ref}
      data={OUTLINE}
      interactive={false}
      attribution={attribution}
      style={{ className: 'province-map__outline', color: '#2f6f4f', weight: 2, fillColor: '#eef5ef', fillOpacity: 0.6 }}
    />
  );
}

interface Placed {
  readonly id: string;
  readonly at: L.LatLng;
  readonly anchor: L.LatLng;
  readonly moved: boolean;
  readonly box: Box;
}

/**
 * Screen layout at a zoom: true positions in absolute pixels at that zoom, pushed apart to `min` px; `box` is the
 * marker's own square of `size` px (what labels must not cover).
 */
function place(map: L.Map, zoom: number, items: readonly { id: string; latlng: L.LatLng }[], min: number, size: number): Placed[] {
  const projected = items.map((i) => map.project(i.latlng, zoom));
  const apart = separate(projected, min);
  return items.map((item, k) => {
    const p = apart[k];
    const moved = Math.hypot(p.x - projected[k].x, p.y - projected[k].y) > 2;
    return { id: item.id, anchor: item.latlng, at: map.unproject(L.point(p.x, p.y), zoom), moved, box: boxAround(p, size) };
  });
}

let measureContext: CanvasRenderingContext2D | null | undefined;
/** Label width in px, measured with the label's font (7 px a character without a canvas, as in jsdom). */
function labelWidth(text: string): number {
  if (measureContext === undefined) {
    // jsdom (unit tests) has no canvas and says so on the console
    measureContext = /jsdom/i.test(navigator.userAgent) ? null : document.createElement('canvas').getContext('2d');
  }
  if (!measureContext) return text.length * 7 + LABEL_PADDING;
  measureContext.font = LABEL_FONT;
  return Math.ceil(measureContext.measureText(text).width) + LABEL_PADDING;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * One `DivIcon` per distinct look (size + HTML): react-leaflet replaces a marker's element whenever its `icon` prop
 * is a new object, and live readings re-render the map every second; the same icon object keeps the element (and
 * its focus, hover and any open popup's anchor). Bounded: cleared past 1 000 looks.
 */
const iconCache = new Map<string, L.DivIcon>();
function cachedIcon(options: L.DivIconOptions & { html: string }): L.DivIcon {
  const key = `${options.className ?? ''}|${String(options.iconSize)}|${options.html}`;
  let icon = iconCache.get(key);
  if (!icon) {
    if (iconCache.size >= 1_000) iconCache.clear();
    icon = L.divIcon(options);
    iconCache.set(key, icon);
  }
  return icon;
}

function stationIcon(station: StationDto, style: MarkerStyle, label: string): L.DivIcon {
  return cachedIcon({
    className: 'map-marker',
    iconSize: [MIN_TAP_PX, MIN_TAP_PX],
    iconAnchor: [MIN_TAP_PX / 2, MIN_TAP_PX / 2],
    popupAnchor: [0, -MIN_TAP_PX / 2],
    html:
      `<div class="map-marker__hit" data-testid="map-station-${escapeHtml(station.id)}" data-category="${style.category}" ` +
      `data-kind="${station.kind}" aria-label="${escapeHtml(label)}">` +
      `<span class="map-symbol map-symbol--${station.kind} map-symbol--${style.category}" style="--marker-fill:${escapeHtml(style.fill)}"></span></div>`,
  });
}

function clusterIcon(cluster: ClusterDto, pips: readonly { station: StationDto; style: MarkerStyle }[], label: string): L.DivIcon {
  const n = pips.length;
  const pipHtml = pips
    .map(({ station, style }, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
      const r = n === 1 ? 0 : CLUSTER_PX / 2 - 10;
      const x = CLUSTER_PX / 2 + r * Math.cos(angle);
      const y = CLUSTER_PX / 2 + r * Math.sin(angle);
      return (
        `<span class="map-pip map-symbol map-symbol--${station.kind} map-symbol--${style.category}" data-testid="map-station-${escapeHtml(station.id)}" ` +
        `data-category="${style.category}" data-role="pip" style="left:${x.toFixed(1)}px;top:${y.toFixed(1)}px;--marker-fill:${escapeHtml(style.fill)}"></span>`
      );
    })
    .join('');
  return cachedIcon({
    className: 'map-cluster',
    iconSize: [CLUSTER_PX, CLUSTER_PX],
    iconAnchor: [CLUSTER_PX / 2, CLUSTER_PX / 2],
    html: `<div class="map-cluster__hit" data-testid="map-cluster-${escapeHtml(cluster.id)}" aria-label="${escapeHtml(label)}">${pipHtml}</div>`,
  });
}

function labelIcon(text: string, width: number, testId: string): L.DivIcon {
  return cachedIcon({
    className: 'map-label',
    iconSize: [width, LABEL_HEIGHT],
    iconAnchor: [0, 0],
    html: `<span data-testid="${escapeHtml(testId)}">${escapeHtml(text)}</span>`,
  });
}

/** A station marker and its popup; the popup is laid out again once React has filled it (size, auto-pan). */
function StationMarker({
  station,
  style,
  air,
  at,
  label,
}: {
  readonly station: StationDto;
  readonly style: MarkerStyle;
  readonly air: AirIndexMark | undefined;
  readonly at: L.LatLng;
  readonly label: string;
}) {
  const popup = useRef<L.Popup | null>(null);
  return (
    <Marker position={at} icon={stationIcon(station, style, label)} title={label}>
      {/* below the zoom buttons (top left), so that they never cover it */}
      <Popup ref={popup} minWidth={200} maxWidth={240} maxHeight={250} autoPanPaddingTopLeft={[8, 100]} autoPanPaddingBottomRight={[8, 40]}>
        <StationPopup station={station} category={style.category} air={air} onShown={() => popup.current?.update()} />
      </Popup>
    </Marker>
  );
}

function Markers({ airIndex }: ProvinceMapProps) {
  const { t } = useTranslation();
  const map = useMap();
  const clusters = useClusters();
  const stations = useStations();
  const [zoom, setZoom] = useState(() => map.getZoom());
  const [pixelBounds, setPixelBounds] = useState(() => map.getPixelBounds());
  useMapEvents({
    zoomend: () => setZoom(map.getZoom()),
    moveend: () => setPixelBounds(map.getPixelBounds()),
  });
  // labels stay inside the visible map (absolute pixels at the current zoom, as `map.project`)
  const within = useMemo((): Box | undefined => {
    const { min, max } = pixelBounds;
    return min && max ? { x: min.x + 4, y: min.y + 4, width: max.x - min.x - 8, height: max.y - min.y - 8 } : undefined;
  }, [pixelBounds]);
  const showStations = zoom >= STATION_ZOOM;
  useEffect(() => {
    // the current zoom on the map element, for tests and styles (`data-zoom`)
    map.getContainer().dataset['zoom'] = String(zoom);
  }, [map, zoom]);

  const view = useMemo(() => {
    // only the stations this visitor may see
    const visible = clusters.map((c) => ({ cluster: c, members: c.stationIds.flatMap((id) => (stations[id] ? [stations[id]] : [])) }));
    const styled = (s: StationDto) => ({ station: s, style: markerStyle(s, fullThreshold(s), airIndex?.get(s.id)) });
    if (showStations) {
      const all = visible.flatMap((v) => v.members.map((s) => ({ ...styled(s), clusterId: v.cluster.id })));
      const placed = place(map, zoom, all.map((a) => ({ id: a.station.id, latlng: L.latLng(a.station.location.lat, a.station.location.lon) })), MIN_TAP_PX + 2, MIN_TAP_PX);
      const boxes = placed.map((p) => p.box);
      const labels = placeLabels(
        visible
          .filter((v) => v.members.length > 0)
          .map((v) => {
            const own = placed.filter((_, k) => all[k].clusterId === v.cluster.id).map((p) => p.box);
            const x = Math.min(...own.map((b) => b.x));
            const y = Math.min(...own.map((b) => b.y));
            const anchor = { x, y, width: Math.max(...own.map((b) => b.x + b.width)) - x, height: Math.max(...own.map((b) => b.y + b.height)) - y };
            return { id: v.cluster.id, anchor, width: labelWidth(v.cluster.name), height: LABEL_HEIGHT };
          }),
        boxes,
        2,
        within,
      );
      return { kind: 'stations' as const, all, placed, labels };
    }
    const groups = visible.filter((v) => v.members.length > 0).map((v) => ({ ...v, pips: v.members.map(styled) }));
    const placed = place(map, zoom, groups.map((g) => ({ id: g.cluster.id, latlng: L.latLng(g.cluster.location.lat, g.cluster.location.lon) })), CLUSTER_PX + 4, CLUSTER_PX);
    const labels = placeLabels(
      groups.map((g, k) => ({ id: g.cluster.id, anchor: placed[k].box, width: labelWidth(g.cluster.name), height: LABEL_HEIGHT })),
      placed.map((p) => p.box),
      2,
      within,
    );
    return { kind: 'clusters' as const, groups, placed, labels };
  }, [clusters, stations, airIndex, map, zoom, showStations, within]);

  const names = new Map(clusters.map((c) => [c.id, c.name]));
  const labelMarkers = view.labels.flatMap((l) =>
    l.box
      ? [
          <Marker
            key={`label-${l.id}-${zoom}`}
            position={map.unproject(L.point(l.box.x, l.box.y), zoom)}
            icon={labelIcon(names.get(l.id) ?? l.id, l.box.width, `map-label-${l.id}`)}
            interactive={false}
            keyboard={false}
            zIndexOffset={-1000}
          />,
        ]
      : [],
  );
  const leaders = view.placed
    .filter((p) => p.moved)
    .map((p) => <Polyline key={`leader-${p.id}-${zoom}`} positions={[p.anchor, p.at]} pathOptions={{ className: 'province-map__leader', weight: 1, color: '#5b6b63', dashArray: '3 3', interactive: false }} />);

  if (view.kind === 'clusters') {
    return (
      <>
        {leaders}
        {view.groups.map((g, k) => {
          const label = t('map.clusterMarker', { name: g.cluster.name, count: g.pips.length });
          return (
            <Marker
              key={`cluster-${g.cluster.id}`}
              position={view.placed[k].at}
              icon={clusterIcon(g.cluster, g.pips, label)}
              title={label}
              eventHandlers={{
                click: () => {
                  const bounds = L.latLngBounds(g.pips.map((p) => [p.station.location.lat, p.station.location.lon]));
                  const target = Math.min(Math.max(map.getBoundsZoom(bounds.pad(0.6)), STATION_ZOOM + 1), 17);
                  map.setView(bounds.getCenter(), target);
                },
              }}
            />
          );
        })}
        {labelMarkers}
      </>
    );
  }
  return (
    <>
      {leaders}
      {view.all.map(({ station, style }, k) => {
        const air = airIndex?.get(station.id);
        const label = `${station.name}: ${air ? `VN_AQI ${air.aqi} · ${air.label}` : t(`state.${station.state}`)}`;
        return <StationMarker key={`station-${station.id}`} station={station} style={style} air={air} at={view.placed[k].at} label={label} />;
      })}
      {labelMarkers}
    </>
  );
}

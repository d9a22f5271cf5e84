import type { FeatureCollection } from 'geojson';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fullThreshold } from '../../waste/components/WastePage';
import { useClusters, useStations } from '../../../lib/live/LiveStoreContext';
import outline from '../data/bac-ninh-approx.geo.json';
import { markerStyle, type AirIndexMark } from '../marker-style';
import { fitProjection, layoutClusters, outlinePath } from '../projection';
import { MapTiles, tileUrlTemplate } from './MapTiles';

const SIZE = { width: 640, height: 440, padding: 28 };
const RING_PX = 13;
/** Cluster groups closer than this are moved apart (Đa Hội, Đồng Kỵ and Văn Môn are 2–4 km apart). */
const MIN_GAP_PX = 2 * (RING_PX + 8) + 26;
const OUTLINE = outline as FeatureCollection;

export interface ProvinceMapProps {
  /** Current VN_AQI of air stations, by station id (absent: the marker shows the station state). */
  readonly airIndex?: ReadonlyMap<string, AirIndexMark>;
}

/**
 * The province as an SVG drawn from a bundled (approximate) outline, with every cluster and its stations coloured
 * by their current state. Works offline; map tiles are drawn underneath only when a tile URL is configured.
 */
export const ProvinceMap = memo(function ProvinceMap({ airIndex }: ProvinceMapProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const clusters = useClusters();
  const stations = useStations();
  const projection = useMemo(() => fitProjection(OUTLINE, SIZE), []);
  const path = useMemo(() => outlinePath(OUTLINE, projection), [projection]);
  const layout = useMemo(
    () =>
      layoutClusters(
        clusters.map((c) => ({
          id: c.id,
          lon: c.location.lon,
          lat: c.location.lat,
          // only the stations this visitor may see
          stationIds: c.stationIds.filter((id) => stations[id] !== undefined),
        })),
        projection,
        RING_PX,
        MIN_GAP_PX,
      ),
    [clusters, stations, projection],
  );
  const names = useMemo(() => new Map(clusters.map((c) => [c.id, c.name])), [clusters]);
  const tiles = tileUrlTemplate();

  return (
    <figure className="province-map card" data-testid="province-map">
      <svg viewBox={`0 0 ${SIZE.width} ${SIZE.height}`} role="img" aria-labelledby="province-map-title">
        <title id="province-map-title">{t('map.title')}</title>
        {tiles && <MapTiles template={tiles} projection={projection} size={SIZE} />}
        <path d={path} className="province-map__outline" data-testid="province-outline" />
        {layout.map((cluster) => (
          <g key={cluster.id} data-testid={`map-cluster-${cluster.id}`}>
            {(cluster.x !== cluster.anchorX || cluster.y !== cluster.anchorY) && (
              <>
                <line x1={cluster.anchorX} y1={cluster.anchorY} x2={cluster.x} y2={cluster.y} className="province-map__leader" />
                <circle cx={cluster.anchorX} cy={cluster.anchorY} r={2.5} className="province-map__anchor" />
              </>
            )}
            <circle cx={cluster.x} cy={cluster.y} r={RING_PX + 7} className="province-map__cluster" />
            <text x={cluster.x} y={cluster.y + RING_PX + 20} className="province-map__label" textAnchor="middle">
              {names.get(cluster.id) ?? cluster.id}
            </text>
            {cluster.stations.map((marker) => {
              const station = stations[marker.id];
              if (!station) return null;
              const air = airIndex?.get(station.id);
              const style = markerStyle(station, fullThreshold(station), air);
              const fill = station.latest['fill']?.value;
              const detail =
                style.category === 'aqi' && air
                  ? `VN_AQI ${air.aqi} · ${air.label}`
                  : station.kind === 'waste' && fill !== undefined && station.state !== 'offline'
                    ? `${t('waste.fill')} ${Math.round(fill)} %`
                    : t(`state.${station.state}`);
              return (
                <g
                  key={marker.id}
                  className={`province-map__station province-map__station--${station.kind}`}
                  data-testid={`map-station-${station.id}`}
                  data-category={style.category}
                  role="link"
                  tabIndex={0}
                  aria-label={`${station.name}: ${detail}`}
                  onClick={() => void navigate(`/stations/${encodeURIComponent(station.id)}`)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') void navigate(`/stations/${encodeURIComponent(station.id)}`);
                  }}
                >
                  <title>{`${station.name} (${t(`kind.${station.kind}`)}): ${detail}`}</title>
                  {station.kind === 'wastewater' ? (
                    <rect x={marker.x - 5} y={marker.y - 5} width={10} height={10} fill={style.fill} />
                  ) : station.kind === 'waste' ? (
                    <path d={`M${marker.x} ${marker.y - 6} L${marker.x + 6} ${marker.y + 5} L${marker.x - 6} ${marker.y + 5} Z`} fill={style.fill} />
                  ) : (
                    <circle cx={marker.x} cy={marker.y} r={5.5} fill={style.fill} />
                  )}
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption className="province-map__caption small">
        <ul className="province-map__legend">
          <li>
            <svg width="12" height="12" aria-hidden="true">
              <circle cx="6" cy="6" r="5" className="legend-air" />
            </svg>{' '}
            {t(airIndex ? 'map.legendAir' : 'map.legendAirNoAqi')}
          </li>
          <li>
            <svg width="12" height="12" aria-hidden="true">
              <rect x="1" y="1" width="10" height="10" className="legend-ww" />
            </svg>{' '}
            {t('map.legendWastewater')}
          </li>
          <li>
            <svg width="12" height="12" aria-hidden="true">
              <path d="M6 0 L12 11 L0 11 Z" className="legend-waste" />
            </svg>{' '}
            {t('map.legendWaste')}
          </li>
        </ul>
        <p className="muted" data-testid="map-approximate">
          {t('map.approximate')}
        </p>
      </figcaption>
    </figure>
  );
});

import type { StationDto } from '@langxanh/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { StateBadge } from '../../../components/StateBadge';
import { RelativeTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatValueWithUnit } from '../../../lib/format/format';
import { inCatalogueOrder, parameterLabel, parameterShortLabel, parameterSpec } from '../../../lib/parameters';
import type { AirIndexMark, MarkerCategory } from '../marker-style';

/** What a tap on a station marker shows: name, kind, state (and VN_AQI for air), every latest value, a link. */
export function StationPopup({
  station,
  category,
  air,
  onShown,
}: {
  readonly station: StationDto;
  readonly category: MarkerCategory;
  readonly air: AirIndexMark | undefined;
  /** Called once after the first render (the popup re-measures itself then). */
  readonly onShown?: () => void;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    onShown?.();
    // once, on mount: later live updates must not pan the map again
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const language = useLanguage();
  const keys = inCatalogueOrder(station.kind, Object.keys(station.latest));
  return (
    <div className="map-popup" data-testid={`map-popup-${station.id}`}>
      <p className="map-popup__title">
        <strong>{station.name}</strong> <span className="muted">· {t(`kind.${station.kind}`)}</span>
      </p>
      <p className="map-popup__state" data-testid="map-popup-state">
        <StateBadge state={station.state} />
        {station.kind === 'air' &&
          (air ? (
            <span className="map-popup__aqi">
              {' '}
              VN_AQI <strong style={{ background: air.hex }} className="map-popup__aqi-value">{air.aqi}</strong> {air.label}
            </span>
          ) : (
            category === 'aqi-pending' && <span className="muted"> {t('map.aqiPending')}</span>
          ))}
      </p>
      {keys.length === 0 ? (
        <p className="muted">{t('overview.noValues')}</p>
      ) : (
        <dl className="map-popup__values" data-testid="map-popup-values">
          {keys.map((key) => {
            const latest = station.latest[key];
            if (!latest) return null;
            const spec = parameterSpec(station.kind, key);
            return (
              <div key={key}>
                <dt>
                  <abbr title={parameterLabel(station.kind, key, language)}>{parameterShortLabel(station.kind, key, language)}</abbr>
                </dt>
                <dd>{formatValueWithUnit(latest.value, spec, language)}</dd>
              </div>
            );
          })}
        </dl>
      )}
      <p className="map-popup__seen muted small">
        {t('overview.lastSeen')}: {station.lastSeen ? <RelativeTimeText time={station.lastSeen} /> : t('overview.neverSeen')}
      </p>
      <Link to={`/stations/${encodeURIComponent(station.id)}`}>{t('map.openStation')}</Link>
    </div>
  );
}

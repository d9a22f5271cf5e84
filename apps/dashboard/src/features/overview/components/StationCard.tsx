import type { StationDto } from '@langxanh/contracts';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { KindLabel } from '../../../components/KindIcon';
import { StateBadge } from '../../../components/StateBadge';
import { RelativeTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatValue } from '../../../lib/format/format';
import { useStation } from '../../../lib/live/LiveStoreContext';
import { inCatalogueOrder, parameterLabel, parameterShortLabel, parameterSpec } from '../../../lib/parameters';
import { AqiBadge } from '../../aqi/components/AqiBadge';
import { useAlertingParameters } from '../hooks/useAlertingParameters';
import { useStationAqiMark } from '../hooks/useStationAqiMark';

/** One station on the overview; subscribes to its own station only, so other stations' readings do not re-render it. */
export const StationCard = memo(function StationCard({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const station = useStation(id);
  const aqi = useStationAqiMark(id);
  if (!station) return null;
  const headingId = `station-title-${station.id}`;
  const stale = station.state === 'offline';

  return (
    <article
      className={`card station-card station-card--${station.state}`}
      data-testid={`station-card-${station.id}`}
      aria-labelledby={headingId}
    >
      <header className="station-card__header">
        <h3 id={headingId} className="station-card__title">
          <Link to={`/stations/${encodeURIComponent(station.id)}`}>{station.name}</Link>
        </h3>
        <KindLabel kind={station.kind} />
      </header>
      <p className="station-card__state">
        <StateBadge state={station.state} testId={`station-state-${station.id}`} />
        {aqi && (
          <span className="station-card__aqi">
            VN_AQI <AqiBadge aqi={aqi.aqi} colour={aqi.hex} label={aqi.label} testId={`station-aqi-${station.id}`} /> {aqi.label}
          </span>
        )}
        {station.activeAlerts > 0 && (
          <span className="station-card__alerts">{t('overview.stationAlerts', { count: station.activeAlerts })}</span>
        )}
      </p>
      <LatestValues station={station} stale={stale} />
      <p className="station-card__seen muted">
        {t('overview.lastSeen')}:{' '}
        {station.lastSeen ? <RelativeTimeText time={station.lastSeen} /> : t('overview.neverSeen')}
      </p>
    </article>
  );
});

function LatestValues({ station, stale }: { readonly station: StationDto; readonly stale: boolean }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const alerting = useAlertingParameters(station.id);
  const keys = inCatalogueOrder(station.kind, Object.keys(station.latest));
  if (keys.length === 0) return <p className="muted">{t('overview.noValues')}</p>;

  return (
    <dl className={`values${stale ? ' values--stale' : ''}`} aria-label={t('overview.values')}>
      {keys.map((key) => {
        const latest = station.latest[key];
        if (!latest) return null;
        const spec = parameterSpec(station.kind, key);
        const isAlerting = alerting.has(key);
        return (
          <div key={key} className={`values__row${isAlerting ? ' values__row--alert' : ''}`}>
            <dt>
              <abbr title={parameterLabel(station.kind, key, language)}>
                {parameterShortLabel(station.kind, key, language)}
              </abbr>
            </dt>
            <dd>
              {isAlerting && (
                <span className="values__flag">
                  <span aria-hidden="true">! </span>
                  <span className="sr-only">{t('overview.parameterAlert')}: </span>
                </span>
              )}
              <span className="values__number" data-testid={`station-value-${station.id}-${key}`}>
                {formatValue(latest.value, spec, language)}
              </span>
              {spec?.unit ? <span className="values__unit"> {spec.unit}</span> : null}
              {latest.status !== '00' && (
                <span className="values__device">{t(`deviceStatus.${latest.status}`)}</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

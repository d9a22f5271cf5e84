import type { ClusterDto } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';
import { useCallback, useMemo } from 'react';
import { useLanguage } from '../../../i18n/useLanguage';
import { useLiveSelector } from '../../../lib/live/LiveStoreContext';
import type { LiveState } from '../../../lib/live/live-state';
import { StationCard } from './StationCard';

export function ClusterSection({ cluster }: { readonly cluster: ClusterDto }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = `cluster-title-${cluster.id}`;
  // Only the stations this visitor may see (anonymous: the public air stations). A string, so that a reading
  // does not re-render the section.
  const visibleKey = useLiveSelector(
    useCallback((s: LiveState) => cluster.stationIds.filter((id) => s.stations[id] !== undefined).join('\n'), [cluster.stationIds]),
  );
  const visibleIds = useMemo(() => (visibleKey ? visibleKey.split('\n') : []), [visibleKey]);
  return (
    <section className="cluster" data-testid={`cluster-${cluster.id}`} aria-labelledby={headingId}>
      <header className="cluster__header">
        <h2 id={headingId}>{cluster.name}</h2>
        <dl className="cluster__facts">
          <div>
            <dt>{t('overview.craft')}</dt>
            <dd>{cluster.craft[language]}</dd>
          </div>
          <div>
            <dt>{t('overview.commune')}</dt>
            <dd>{cluster.commune}</dd>
          </div>
          <div>
            <dt>{t('overview.manager')}</dt>
            <dd>
              {cluster.manager.name}
              {' · '}
              <a href={`tel:${cluster.manager.phone.replace(/\s+/g, '')}`} aria-label={`${t('overview.phone')} ${cluster.manager.phone}`}>
                {cluster.manager.phone}
              </a>
              {' · '}
              <a href={`mailto:${cluster.manager.email}`} aria-label={`${t('overview.email')} ${cluster.manager.email}`}>
                {cluster.manager.email}
              </a>
            </dd>
          </div>
        </dl>
        <p className="cluster__count muted">{t('overview.stations', { count: visibleIds.length })}</p>
      </header>
      <ul className="station-grid">
        {visibleIds.map((id) => (
          <li key={id}>
            <StationCard id={id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

import type { ClusterDto } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../../i18n/useLanguage';
import { StationCard } from './StationCard';

export function ClusterSection({ cluster }: { readonly cluster: ClusterDto }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const headingId = `cluster-title-${cluster.id}`;
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
        <p className="cluster__count muted">{t('overview.stations', { count: cluster.stationIds.length })}</p>
      </header>
      <ul className="station-grid">
        {cluster.stationIds.map((id) => (
          <li key={id}>
            <StationCard id={id} />
          </li>
        ))}
      </ul>
    </section>
  );
}

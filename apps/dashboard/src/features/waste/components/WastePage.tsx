import type { StationDto } from '@langxanh/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInRequired } from '../../../components/SignInRequired';
import { useSession } from '../../../lib/auth/useSession';
import { useDocumentTitle } from '../../../lib/page/useDocumentTitle';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatNumber } from '../../../lib/format/format';
import { useClusters, useStations } from '../../../lib/live/LiveStoreContext';
import { WasteRow } from './WasteRow';

/** Default "full" threshold when a station has none (industry convention, shared docs/domain.md §6.2). */
const DEFAULT_THRESHOLD = 80;

export function fullThreshold(station: StationDto): number {
  const standard = station.standard as { fullThresholdPct?: number };
  return typeof standard.fullThresholdPct === 'number' ? standard.fullThresholdPct : DEFAULT_THRESHOLD;
}

/**
 * `/waste`: every waste collection point with its fill level; those at or above their threshold first ("collect
 * now"), then by fill level. Each row forecasts when the bin will be full and lists the collections seen.
 */
export function WastePage() {
  const { t } = useTranslation();
  const language = useLanguage();
  useDocumentTitle(t('waste.title'));
  const stations = useStations();
  const clusters = useClusters();
  const clusterNames = useMemo(() => new Map(clusters.map((c) => [c.id, c.name])), [clusters]);
  const bins = useMemo(
    () =>
      Object.values(stations)
        .filter((s) => s.kind === 'waste')
        .sort((a, b) => (b.latest['fill']?.value ?? -1) - (a.latest['fill']?.value ?? -1)),
    [stations],
  );
  const collectNow = bins.filter((s) => (s.latest['fill']?.value ?? -1) >= fullThreshold(s));
  const session = useSession();

  if (!session) {
    // Waste points are not public: an anonymous list would be empty and say "no bin is full".
    return (
      <div className="page" data-testid="waste-page">
        <div className="page__heading">
          <h1>{t('waste.title')}</h1>
        </div>
        <SignInRequired message={t('waste.signInToSee')} />
      </div>
    );
  }

  return (
    <div className="page" data-testid="waste-page">
      <div className="page__heading">
        <h1>{t('waste.title')}</h1>
        <p className="muted">{t('waste.summary', { count: bins.length, full: formatNumber(collectNow.length, language, 0) })}</p>
      </div>
      <section aria-labelledby="collect-now-title" className="card collect-now">
        <h2 id="collect-now-title">{t('waste.collectNow')}</h2>
        {collectNow.length === 0 ? (
          <p className="muted" data-testid="collect-now-list">
            {t('waste.noneFull')}
          </p>
        ) : (
          <ul data-testid="collect-now-list">
            {collectNow.map((s) => (
              <li key={s.id} data-testid={`collect-now-${s.id}`}>
                <strong>{s.name}</strong> <span className="muted">· {clusterNames.get(s.clusterId) ?? s.clusterId}</span> —{' '}
                {formatNumber(s.latest['fill']?.value ?? Number.NaN, language, 0)} %
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="table-wrap">
        <table className="table" data-testid="waste-table">
          <caption className="sr-only">{t('waste.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('waste.point')}</th>
              <th scope="col">{t('waste.fill')}</th>
              <th scope="col">{t('waste.rate')}</th>
              <th scope="col">{t('waste.forecast')}</th>
              <th scope="col">{t('waste.lastEmptied')}</th>
            </tr>
          </thead>
          <tbody>
            {bins.map((station) => (
              <WasteRow
                key={station.id}
                station={station}
                clusterName={clusterNames.get(station.clusterId) ?? station.clusterId}
                threshold={fullThreshold(station)}
              />
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">{t('waste.method')}</p>
    </div>
  );
}

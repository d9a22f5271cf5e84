import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../lib/page/useDocumentTitle';
import { isAccessDenied, SignInRequired } from '../../../components/SignInRequired';
import { LoadError, Loading } from '../../../components/StatusMessage';
import { sortAlerts } from '../../../lib/live/live-state';
import { useAlertsById, useClusters, useStations } from '../../../lib/live/LiveStoreContext';
import { ALERT_FILTERS, matchesAlertFilters, SEVERITY_FILTERS, useAlertFilters } from '../hooks/useAlertFilter';
import { useAllAlerts } from '../hooks/useAllAlerts';
import { ExportMenu } from '../../export/components/ExportMenu';
import { useSession } from '../../../lib/auth/useSession';
import { AlertList } from './AlertList';

/** `/alerts`: open alerts first (active, then acknowledged), then resolved, newest first; filters; live. */
export function AlertsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('alerts.title'));
  const session = useSession();
  const { loading, error, reload } = useAllAlerts(session !== null);
  const alertsById = useAlertsById();
  const clusters = useClusters();
  const stations = useStations();
  const [filters, setFilters] = useAlertFilters();
  // A station filter naming no station this visitor may see (a stale or mistyped link) is said and ignored, rather
  // than answering "no alerts".
  const unknownStation = filters.station && !stations[filters.station] ? filters.station : null;
  // A manager sees the clusters they are responsible for; another cluster is said and ignored likewise (its alerts
  // are not theirs to see: the API answers 403), never shown as "no alerts".
  const scope = session && session.user.role === 'manager' ? session.user.clusters : null;
  const outsideCluster = filters.cluster && scope && !scope.includes(filters.cluster) ? filters.cluster : null;
  const effective = useMemo(
    () => ({ ...filters, ...(unknownStation ? { station: null } : {}), ...(outsideCluster ? { cluster: null } : {}) }),
    [filters, unknownStation, outsideCluster],
  );
  const clusterOptions = useMemo(() => (scope ? clusters.filter((c) => scope.includes(c.id)) : clusters), [clusters, scope]);
  const alerts = useMemo(
    () => sortAlerts(Object.values(alertsById)).filter((a) => matchesAlertFilters(a, effective)),
    [alertsById, effective],
  );
  const stationOptions = useMemo(
    () =>
      Object.values(stations)
        .filter((s) => !filters.cluster || s.clusterId === filters.cluster)
        .sort((a, b) => a.id.localeCompare(b.id)),
    [stations, filters.cluster],
  );

  if (!session) {
    return (
      <div className="page">
        <div className="page__heading">
          <h1>{t('alerts.title')}</h1>
        </div>
        <SignInRequired message={t('alerts.signInToSee')} />
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page__heading">
        <h1>{t('alerts.title')}</h1>
        {!(error && isAccessDenied(error)) && <ExportMenu target={{ what: 'alerts', filters: { ...effective } }} />}
      </div>
      <div className="filters" role="group" aria-label={t('alerts.filter')}>
        <div className="segmented" role="group" aria-label={t('alerts.filterState')}>
          {ALERT_FILTERS.map((filter) => (
            <button
              key={filter}
              type="button"
              className="segmented__button"
              data-testid={`alert-filter-${filter}`}
              aria-pressed={filter === filters.state}
              onClick={() => setFilters({ state: filter })}
            >
              {t(`alerts.filters.${filter}`)}
            </button>
          ))}
        </div>
        <label className="filters__field">
          <span>{t('alerts.filterSeverity')}</span>
          <select
            data-testid="alert-filter-severity"
            value={filters.severity}
            onChange={(e) => setFilters({ severity: e.target.value as (typeof SEVERITY_FILTERS)[number] })}
          >
            {SEVERITY_FILTERS.map((s) => (
              <option key={s} value={s}>
                {s === 'all' ? t('alerts.filters.all') : t(`alerts.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field">
          <span>{t('alerts.filterCluster')}</span>
          <select data-testid="alert-filter-cluster" value={filters.cluster ?? ''} onChange={(e) => setFilters({ cluster: e.target.value || null })}>
            <option value="">{t('alerts.filters.all')}</option>
            {clusterOptions.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field">
          <span>{t('alerts.filterStation')}</span>
          <select data-testid="alert-filter-station" value={filters.station ?? ''} onChange={(e) => setFilters({ station: e.target.value || null })}>
            <option value="">{t('alerts.filters.all')}</option>
            {stationOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.id})
              </option>
            ))}
          </select>
        </label>
      </div>
      {outsideCluster && (
        <p className="status-message" role="alert" data-testid="alerts-cluster-outside">
          {t('alerts.clusterOutsideScope', { id: outsideCluster })}
        </p>
      )}
      {unknownStation && (
        <p className="status-message" role="alert" data-testid="alert-filter-unknown">
          {t('alerts.unknownStation', { id: unknownStation })}
        </p>
      )}
      {error && (isAccessDenied(error) ? <SignInRequired /> : <LoadError onRetry={reload} />)}
      {loading && alerts.length === 0 ? <Loading /> : <AlertList alerts={alerts} testId="alert-list" selectable />}
    </div>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../app/useDocumentTitle';
import { LoadError, Loading } from '../../../components/StatusMessage';
import { sortAlerts } from '../../../lib/live/live-state';
import { useAlertsById } from '../../../lib/live/LiveStoreContext';
import { ALERT_FILTERS, useAlertFilter, type AlertFilter } from '../hooks/useAlertFilter';
import { useAllAlerts } from '../hooks/useAllAlerts';
import { AlertList } from './AlertList';

const FILTER_LABELS = { all: 'alerts.filterAll', active: 'alerts.filterActive', resolved: 'alerts.filterResolved' } as const;

/** `/alerts`: active alerts first, then resolved ones, newest first; live. */
export function AlertsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('alerts.title'));
  const { loading, error, reload } = useAllAlerts();
  const alertsById = useAlertsById();
  const [filter, setFilter] = useAlertFilter();
  const alerts = useMemo(
    () => sortAlerts(Object.values(alertsById)).filter((a) => filter === 'all' || a.state === filter),
    [alertsById, filter],
  );

  return (
    <div className="page">
      <div className="page__heading">
        <h1>{t('alerts.title')}</h1>
        <FilterButtons value={filter} onChange={setFilter} />
      </div>
      {error && <LoadError onRetry={reload} />}
      {loading && alerts.length === 0 ? <Loading /> : <AlertList alerts={alerts} testId="alert-list" />}
    </div>
  );
}

function FilterButtons({ value, onChange }: { readonly value: AlertFilter; readonly onChange: (f: AlertFilter) => void }) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('alerts.filter')}>
      {ALERT_FILTERS.map((filter) => (
        <button
          key={filter}
          type="button"
          className="segmented__button"
          data-testid={`alert-filter-${filter}`}
          aria-pressed={filter === value}
          onClick={() => onChange(filter)}
        >
          {t(FILTER_LABELS[filter])}
        </button>
      ))}
    </div>
  );
}

import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AlertList } from '../../alerts/components/AlertList';
import { isOpen, sortAlerts } from '../../../lib/live/live-state';
import { useAlertsById } from '../../../lib/live/LiveStoreContext';

/** The station's open alerts (active and acknowledged), live. */
export function StationAlerts({ stationId }: { readonly stationId: string }) {
  const { t } = useTranslation();
  const alertsById = useAlertsById();
  const alerts = useMemo(
    () => sortAlerts(Object.values(alertsById).filter((a) => a.station === stationId && isOpen(a))),
    [alertsById, stationId],
  );
  return (
    <section className="station-alerts" aria-labelledby="station-alerts-title">
      <h2 id="station-alerts-title">{t('station.openAlerts')}</h2>
      {alerts.length === 0 ? (
        <p className="muted" data-testid="station-alert-list">
          {t('station.noOpenAlerts')}
        </p>
      ) : (
        <AlertList alerts={alerts} testId="station-alert-list" />
      )}
    </section>
  );
}

import type { AlertDto } from '@langxanh/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useClusters, useStations } from '../../../lib/live/LiveStoreContext';
import { AlertRow } from './AlertRow';

/** A list of alerts in the given order, with station and cluster names looked up in the live state. */
export function AlertList({ alerts, testId }: { readonly alerts: readonly AlertDto[]; readonly testId?: string }) {
  const { t } = useTranslation();
  const stations = useStations();
  const clusters = useClusters();
  const clusterNames = useMemo(() => new Map(clusters.map((c) => [c.id, c.name])), [clusters]);

  if (alerts.length === 0) {
    return (
      <p className="muted" data-testid={testId}>
        {t('alerts.empty')}
      </p>
    );
  }
  return (
    <ul className="alert-list" data-testid={testId}>
      {alerts.map((alert) => (
        <AlertRow
          key={alert.id}
          alert={alert}
          stationName={stations[alert.station]?.name ?? alert.station}
          clusterName={clusterNames.get(alert.cluster) ?? alert.cluster}
        />
      ))}
    </ul>
  );
}

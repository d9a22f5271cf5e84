import type { AlertDto } from '@langxanh/contracts';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClusters, useStations } from '../../../lib/live/LiveStoreContext';
import { AlertRow } from './AlertRow';
import { BulkAcknowledge } from './BulkAcknowledge';

export interface AlertListProps {
  readonly alerts: readonly AlertDto[];
  readonly testId?: string;
  /** Active alerts get a checkbox and the list a bar to acknowledge the selected ones at once (signed in). */
  readonly selectable?: boolean;
}

/** A list of alerts in the given order, with station and cluster names looked up in the live state. */
export function AlertList({ alerts, testId, selectable = false }: AlertListProps) {
  const { t } = useTranslation();
  const stations = useStations();
  const clusters = useClusters();
  const clusterNames = useMemo(() => new Map(clusters.map((c) => [c.id, c.name])), [clusters]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const active = useMemo(() => (selectable ? alerts.filter((a) => a.state === 'active') : []), [alerts, selectable]);
  const onSelect = useCallback((id: string, on: boolean) => {
    setSelected((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  if (alerts.length === 0) {
    return (
      <p className="muted" data-testid={testId}>
        {t('alerts.empty')}
      </p>
    );
  }
  return (
    <>
      {selectable && <BulkAcknowledge selectable={active} selected={selected} onChange={setSelected} />}
      <ul className="alert-list" data-testid={testId}>
        {alerts.map((alert) => (
          <AlertRow
            key={alert.id}
            alert={alert}
            stationName={stations[alert.station]?.name ?? alert.station}
            clusterName={clusterNames.get(alert.cluster) ?? alert.cluster}
            selected={selectable && alert.state === 'active' ? selected.has(alert.id) : undefined}
            onSelect={selectable && alert.state === 'active' ? onSelect : undefined}
          />
        ))}
      </ul>
    </>
  );
}

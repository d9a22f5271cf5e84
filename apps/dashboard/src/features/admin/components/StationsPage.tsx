import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Station } from '@langxanh/contracts';
import { DateTimeText } from '../../../components/TimeText';
import { adminApi } from '../api/admin-api';
import { REGISTRY_STALE, useAdminMutation, useRegistry } from '../hooks/queries';
import { emptyStation, stationToForm } from '../forms/station-form';
import { serverErrors } from '../forms/validation';
import { DataTable } from './DataTable';
import { QueryView } from './QueryView';
import { RegistryVersionLine } from './RegistryVersionLine';
import { StationForm } from './StationForm';

interface Row {
  readonly cluster: string;
  readonly station: Station;
}

/** Short text of a station's standard: QCVN 40 column with Kq/Kf, QCVN 05, or the waste bin's capacity. */
function standardText(station: Station): string {
  if (station.kind === 'wastewater')
    return `QCVN 40:2011 ${station.standard.column} · Kq ${station.standard.kq} · Kf ${station.standard.kf}`;
  if (station.kind === 'air') return 'QCVN 05:2023';
  return `${station.standard.capacityL} L · ${station.standard.fullThresholdPct} %`;
}

/** Stations of the registry, retired ones included: create, edit, retire (department and administrators). */
export function StationsPage() {
  const { t } = useTranslation();
  const registry = useRegistry();
  const [editing, setEditing] = useState<Row | 'new'>();
  const [message, setMessage] = useState('');
  const retire = useAdminMutation(adminApi.retireStation, REGISTRY_STALE);
  const clusters = registry.data?.registry.clusters ?? [];
  const done = (text: string) => {
    setEditing(undefined);
    setMessage(text);
  };
  return (
    <div className="admin-section" data-testid="admin-stations">
      <RegistryVersionLine current={registry.data} />
      {message && (
        <p role="status" data-testid="station-saved">
          {message}
        </p>
      )}
      {retire.isError && (
        <p className="status-message status-message--error" role="alert">
          {serverErrors(retire.error, t)['']}
        </p>
      )}
      {editing ? (
        <StationForm
          key={editing === 'new' ? 'new' : editing.station.id}
          mode={editing === 'new' ? 'create' : 'edit'}
          initial={
            editing === 'new'
              ? emptyStation(clusters[0]?.id ?? '')
              : stationToForm(editing.station, editing.cluster)
          }
          clusters={clusters}
          onDone={done}
        />
      ) : (
        <div className="admin-row-actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => setEditing('new')}
            data-testid="station-new"
          >
            {t('admin.stations.create')}
          </button>
        </div>
      )}
      <h2>{t('admin.stations.title')}</h2>
      <QueryView query={registry}>
        {(data) => (
          <DataTable<Row>
            caption={t('admin.stations.title')}
            testId="stations"
            rowKey={(r) => r.station.id}
            rows={data.registry.clusters.flatMap((c) =>
              c.stations.map((station) => ({ cluster: c.id, station })),
            )}
            empty={t('admin.empty')}
            columns={[
              { key: 'id', label: t('admin.stations.id'), render: (r) => <strong>{r.station.id}</strong> },
              { key: 'name', label: t('admin.stations.name'), render: (r) => r.station.name },
              { key: 'cluster', label: t('admin.stations.cluster'), render: (r) => r.cluster },
              {
                key: 'kind',
                label: t('admin.stations.kind'),
                render: (r) => t(`admin.stations.kinds.${r.station.kind}`),
              },
              {
                key: 'interval',
                label: t('admin.stations.interval'),
                render: (r) => `${r.station.expectedIntervalS} s`,
              },
              {
                key: 'standard',
                label: t('admin.stations.standard'),
                render: (r) => standardText(r.station),
              },
              {
                key: 'permit',
                label: t('admin.stations.permit'),
                render: (r) =>
                  r.station.permit
                    ? `${r.station.permit.number} · ${t('admin.stations.fromDate', { date: r.station.permit.effectiveFrom })} · ${r.station.permit.limits
                        .map(
                          (l) =>
                            `${l.parameter} ${l.min ?? ''}${l.min !== undefined && l.max !== undefined ? '–' : ''}${l.max ?? ''}`,
                        )
                        .join(', ')}`
                    : '—',
              },
              {
                key: 'status',
                label: t('admin.users.status'),
                render: (r) =>
                  r.station.retired ? (
                    <span className="badge badge--retired" data-testid={`station-status-${r.station.id}`}>
                      {t('admin.stations.retired')} <DateTimeText time={r.station.retired.at} />
                    </span>
                  ) : (
                    <span className="badge badge--sent" data-testid={`station-status-${r.station.id}`}>
                      {t('admin.stations.inService')}
                    </span>
                  ),
              },
              {
                key: 'actions',
                label: t('admin.actions'),
                render: (r) =>
                  r.station.retired ? (
                    '—'
                  ) : (
                    <span className="admin-row-actions">
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => setEditing(r)}
                        data-testid={`station-edit-${r.station.id}`}
                      >
                        {t('admin.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        disabled={retire.isPending}
                        data-testid={`station-retire-${r.station.id}`}
                        onClick={() => {
                          const reason = window.prompt(
                            t('admin.stations.retireConfirm', { id: r.station.id }),
                          );
                          if (reason !== null)
                            retire.mutate(
                              { id: r.station.id, reason: reason.trim() || undefined },
                              {
                                onSuccess: (v) =>
                                  setMessage(
                                    t('admin.stations.retiredDone', { id: r.station.id, version: v.version }),
                                  ),
                              },
                            );
                        }}
                      >
                        {t('admin.stations.retire')}
                      </button>
                    </span>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}

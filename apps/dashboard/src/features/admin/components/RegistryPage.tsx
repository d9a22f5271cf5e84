import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTimeText } from '../../../components/TimeText';
import { adminApi } from '../api/admin-api';
import {
  REGISTRY_STALE,
  useAdminMutation,
  useRegistry,
  useRegistryVersion,
  useRegistryVersions,
} from '../hooks/queries';
import { serverErrors } from '../forms/validation';
import { DataTable } from './DataTable';
import { QueryView } from './QueryView';
import { RegistryVersionLine } from './RegistryVersionLine';

/** Registry versions, newest first: who changed what and when; view one; restore one (a new version equal to it). */
export function RegistryPage() {
  const { t } = useTranslation();
  const versions = useRegistryVersions();
  const current = useRegistry();
  const [viewing, setViewing] = useState<number>();
  const shown = useRegistryVersion(viewing);
  const restore = useAdminMutation(adminApi.restoreVersion, REGISTRY_STALE);
  return (
    <div className="admin-section" data-testid="admin-registry">
      <RegistryVersionLine current={current.data} />
      {restore.isSuccess && (
        <p role="status" data-testid="registry-restored">
          {t('admin.registry.restored', { version: restore.data.version })}
        </p>
      )}
      {restore.isError && (
        <p className="status-message status-message--error" role="alert">
          {serverErrors(restore.error, t)['']}
        </p>
      )}
      <h2>{t('admin.registry.title')}</h2>
      <QueryView query={versions}>
        {(data) => (
          <DataTable
            caption={t('admin.registry.title')}
            testId="versions"
            rowKey={(v) => String(v.version)}
            rows={data}
            empty={t('admin.empty')}
            columns={[
              {
                key: 'version',
                label: t('admin.registry.version'),
                render: (v) => <strong>v{v.version}</strong>,
              },
              { key: 'at', label: t('admin.audit.at'), render: (v) => <DateTimeText time={v.changedAt} /> },
              { key: 'by', label: t('admin.registry.by'), render: (v) => v.changedBy },
              { key: 'summary', label: t('admin.registry.summary'), render: (v) => v.summary },
              {
                key: 'actions',
                label: t('admin.actions'),
                render: (v) => (
                  <span className="admin-row-actions">
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => setViewing(v.version)}
                      data-testid={`version-view-${v.version}`}
                    >
                      {t('admin.registry.view')}
                    </button>
                    {v.version !== current.data?.version && (
                      <button
                        type="button"
                        className="button button--small"
                        disabled={restore.isPending}
                        data-testid={`version-restore-${v.version}`}
                        onClick={() => {
                          if (window.confirm(t('admin.registry.restoreConfirm', { version: v.version })))
                            restore.mutate(v.version);
                        }}
                      >
                        {t('admin.registry.restore')}
                      </button>
                    )}
                  </span>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      {viewing !== undefined && (
        <section className="card admin-section" data-testid="version-detail">
          <h2>{t('admin.registry.viewing', { version: viewing })}</h2>
          <QueryView query={shown}>
            {(v) => (
              <>
                <p>
                  {t('admin.registry.counts', {
                    clusters: v.registry.clusters.length,
                    stations: v.registry.clusters.reduce(
                      (n, c) => n + c.stations.filter((s) => !s.retired).length,
                      0,
                    ),
                  })}
                </p>
                <pre className="admin-json" tabIndex={0}>
                  {JSON.stringify(v.registry, null, 2)}
                </pre>
              </>
            )}
          </QueryView>
          <div className="admin-row-actions">
            <button type="button" className="button button--small" onClick={() => setViewing(undefined)}>
              {t('admin.registry.close')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

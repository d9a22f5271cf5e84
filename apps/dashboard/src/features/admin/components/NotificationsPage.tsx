import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryRecord } from '@langxanh/contracts';
import { DateTimeText } from '../../../components/TimeText';
import { adminApi } from '../api/admin-api';
import { adminKeys, useAdminMutation, useNotifications } from '../hooks/queries';
import { serverErrors } from '../forms/validation';
import { DataTable } from './DataTable';
import { QueryView } from './QueryView';

const OUTCOMES = ['failed', 'sent', 'suppressed'] as const;
const CHANNELS = ['email', 'webhook', 'mqtt'] as const;

/** Notification outcomes in the caller's clusters, newest first; filter by outcome, channel, station; retry a failed one. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const records = useNotifications();
  const [outcome, setOutcome] = useState('');
  const [channel, setChannel] = useState('');
  const [station, setStation] = useState('');
  const retry = useAdminMutation(adminApi.retryNotification, [adminKeys.notifications]);
  const shown = useMemo(
    () =>
      (records.data ?? []).filter(
        (r: DeliveryRecord) =>
          (!outcome || r.outcome === outcome) &&
          (!channel || r.channel === channel) &&
          (!station || r.station.includes(station.trim())),
      ),
    [records.data, outcome, channel, station],
  );
  return (
    <div className="admin-section" data-testid="admin-notifications">
      <div className="card admin-filters" role="search">
        <label className="filters__field form__field admin-field">
          {t('admin.notifications.outcome')}
          <select
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
            data-testid="notification-outcome"
          >
            <option value="">{t('admin.all')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`admin.notifications.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field form__field admin-field">
          {t('admin.notifications.channel')}
          <select
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
            data-testid="notification-channel"
          >
            <option value="">{t('admin.all')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`admin.notifications.channels.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field form__field admin-field">
          {t('admin.notifications.station')}
          <input
            value={station}
            maxLength={64}
            onChange={(e) => setStation(e.target.value)}
            data-testid="notification-station"
          />
        </label>
      </div>
      <h2>{t('admin.notifications.title')}</h2>
      {retry.isError && (
        <p className="status-message status-message--error" role="alert">
          {serverErrors(retry.error, t)['']}
        </p>
      )}
      {retry.isSuccess && (
        <p role="status" data-testid="notification-retried">
          {t('admin.notifications.retried')}
        </p>
      )}
      <QueryView query={records}>
        {() => (
          <DataTable
            caption={t('admin.notifications.title')}
            testId="notifications"
            rowKey={(r) => r.id}
            rows={shown}
            empty={t('admin.notifications.none')}
            columns={[
              { key: 'at', label: t('admin.audit.at'), render: (r) => <DateTimeText time={r.at} /> },
              { key: 'station', label: t('admin.notifications.station'), render: (r) => r.station },
              {
                key: 'stage',
                label: t('admin.notifications.stage'),
                render: (r) => t(`admin.notifications.stages.${r.stage}`),
              },
              {
                key: 'channel',
                label: t('admin.notifications.channel'),
                render: (r) => t(`admin.notifications.channels.${r.channel}`),
              },
              {
                key: 'outcome',
                label: t('admin.notifications.outcome'),
                render: (r) => (
                  <span className={`badge badge--${r.outcome}`}>
                    {t(`admin.notifications.outcomes.${r.outcome}`)} ·{' '}
                    {t('admin.notifications.attempts', { count: r.attempts })}
                  </span>
                ),
              },
              {
                key: 'error',
                label: t('admin.notifications.error'),
                render: (r) => r.error ?? (r.silence ? t('admin.notifications.bySilence') : '—'),
              },
              {
                key: 'actions',
                label: t('admin.actions'),
                render: (r) =>
                  r.outcome === 'failed' ? (
                    <button
                      type="button"
                      className="button button--small"
                      disabled={retry.isPending}
                      data-testid={`notification-retry-${r.id}`}
                      onClick={() => retry.mutate(r.id)}
                    >
                      {t('admin.notifications.retry')}
                    </button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}

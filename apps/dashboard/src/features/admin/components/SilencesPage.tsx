import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { silenceBody } from '@langxanh/contracts';
import { DateTimeText } from '../../../components/TimeText';
import { adminApi } from '../api/admin-api';
import { adminKeys, useAdminMutation, useClusters, useSilences, useStations } from '../hooks/queries';
import { serverErrors, validate, type FieldErrors } from '../forms/validation';
import { DataTable } from './DataTable';
import { QueryView } from './QueryView';
import { Field, FormError } from './Field';

/** Silences and maintenance windows: those not yet ended in the caller's clusters; create; end now. */
export function SilencesPage() {
  const { t } = useTranslation();
  const silences = useSilences();
  const stations = useStations();
  const clusters = useClusters();
  const [scope, setScope] = useState<'station' | 'cluster'>('station');
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<'silence' | 'maintenance'>('maintenance');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useAdminMutation(adminApi.createSilence, [adminKeys.silences]);
  const end = useAdminMutation(adminApi.endSilence, [adminKeys.silences]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { [scope]: target || undefined, kind, ...(from ? { from } : {}), to, reason };
    const checked = validate(silenceBody, input, t);
    if (!checked.ok || !target)
      return setErrors({
        ...(checked.ok ? {} : checked.errors),
        ...(target ? {} : { target: t('admin.validation.required') }),
      });
    setErrors({});
    // The form sends what the user typed (times as entered, Vietnam time): the schema's parsed epoch ms are the server's.
    create.mutate(
      { [scope]: target, kind, ...(from ? { from } : {}), to, reason: reason.trim() },
      {
        onSuccess: () => {
          setReason('');
          setTo('');
          setFrom('');
        },
        onError: (error) => setErrors(serverErrors(error, t)),
      },
    );
  };

  return (
    <div className="admin-section" data-testid="admin-silences">
      <form className="card admin-form" onSubmit={submit} noValidate data-testid="silence-create-form">
        <h2 className="admin-form__wide">{t('admin.silences.create')}</h2>
        <Field label={t('admin.silences.kind')} name="kind" errors={errors}>
          {(p) => (
            <select
              {...p}
              value={kind}
              onChange={(e) => setKind(e.target.value as 'silence' | 'maintenance')}
              data-testid="silence-kind"
            >
              <option value="maintenance">{t('admin.silences.kinds.maintenance')}</option>
              <option value="silence">{t('admin.silences.kinds.silence')}</option>
            </select>
          )}
        </Field>
        <Field label={t('admin.silences.scope')} name="scope" errors={errors}>
          {(p) => (
            <select
              {...p}
              value={scope}
              onChange={(e) => {
                setScope(e.target.value as 'station' | 'cluster');
                setTarget('');
              }}
              data-testid="silence-scope"
            >
              <option value="station">{t('admin.silences.station')}</option>
              <option value="cluster">{t('admin.silences.cluster')}</option>
            </select>
          )}
        </Field>
        <Field
          label={scope === 'station' ? t('admin.silences.station') : t('admin.silences.cluster')}
          name="target"
          errors={{ ...errors, ...(errors[scope] ? { target: errors[scope] } : {}) }}
        >
          {(p) => (
            <select
              {...p}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              data-testid="silence-target"
            >
              <option value="">{t('admin.choose')}</option>
              {scope === 'station'
                ? (stations.data ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.id} — {s.name}
                    </option>
                  ))
                : (clusters.data ?? []).map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
            </select>
          )}
        </Field>
        <Field
          label={t('admin.silences.from')}
          name="from"
          errors={errors}
          hint={t('admin.silences.fromHint')}
        >
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              data-testid="silence-from"
            />
          )}
        </Field>
        <Field label={t('admin.silences.to')} name="to" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              data-testid="silence-to"
            />
          )}
        </Field>
        <Field label={t('admin.silences.reason')} name="reason" errors={errors}>
          {(p) => (
            <input
              {...p}
              value={reason}
              maxLength={600}
              onChange={(e) => setReason(e.target.value)}
              data-testid="silence-reason"
            />
          )}
        </Field>
        <FormError errors={errors} />
        <div className="admin-form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={create.isPending}
            data-testid="silence-create-submit"
          >
            {t('admin.silences.createSubmit')}
          </button>
        </div>
      </form>
      <h2>{t('admin.silences.title')}</h2>
      {end.isError && (
        <p className="status-message status-message--error" role="alert">
          {serverErrors(end.error, t)['']}
        </p>
      )}
      <QueryView query={silences}>
        {(data) => (
          <DataTable
            caption={t('admin.silences.title')}
            testId="silences"
            rowKey={(s) => s.id}
            rows={data}
            empty={t('admin.silences.none')}
            columns={[
              {
                key: 'kind',
                label: t('admin.silences.kind'),
                render: (s) => t(`admin.silences.kinds.${s.kind}`),
              },
              {
                key: 'where',
                label: t('admin.silences.where'),
                render: (s) => s.station ?? s.cluster ?? '—',
              },
              { key: 'from', label: t('admin.silences.from'), render: (s) => <DateTimeText time={s.from} /> },
              { key: 'to', label: t('admin.silences.to'), render: (s) => <DateTimeText time={s.to} /> },
              { key: 'reason', label: t('admin.silences.reason'), render: (s) => s.reason },
              { key: 'by', label: t('admin.silences.createdBy'), render: (s) => s.createdBy },
              {
                key: 'actions',
                label: t('admin.actions'),
                render: (s) => (
                  <button
                    type="button"
                    className="button button--small"
                    disabled={end.isPending}
                    data-testid={`silence-end-${s.id}`}
                    onClick={() => end.mutate(s.id)}
                  >
                    {t('admin.silences.end')}
                  </button>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </div>
  );
}

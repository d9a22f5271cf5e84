import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { auditQuery, type AuditEntry } from '@langxanh/contracts';
import type { AuditFilter } from '../api/admin-api';
import { DateTimeText } from '../../../components/TimeText';
import { useAudit } from '../hooks/queries';
import { validate, type FieldErrors } from '../forms/validation';
import { DataTable } from './DataTable';
import { QueryView } from './QueryView';
import { Field } from './Field';

/** A before/after value as short text (arrays joined, objects as JSON; absent = "—"). */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(v)).join(', ') : '[]';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Each changed field: `field: before → after`. */
export function Changes({ entry }: { readonly entry: AuditEntry }) {
  const changes = Object.entries(entry.changes ?? {});
  if (changes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="admin-changes" data-testid="audit-changes">
      {changes.map(([field, c]) => (
        <li key={field}>
          <strong>{field}</strong>: <del>{valueText(c.before)}</del> → <ins>{valueText(c.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

const EMPTY = { actor: '', action: '', target: '', from: '', to: '' };

/** The audit log: newest first, filtered by user, action, target and a time range (Vietnam time). */
export function AuditPage() {
  const { t } = useTranslation();
  const [form, setForm] = useState(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>({ limit: 200 });
  const [errors, setErrors] = useState<FieldErrors>({});
  const audit = useAudit(filter);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const chosen = Object.fromEntries(
      Object.entries(form)
        .filter(([, v]) => v.trim() !== '')
        .map(([k, v]) => [k, v.trim()]),
    );
    const request = { limit: '200', ...chosen };
    const checked = validate(auditQuery, request, t);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    setFilter({ ...chosen, limit: 200 });
  };
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  return (
    <div className="admin-section" data-testid="admin-audit">
      <form
        className="card admin-form admin-filters"
        onSubmit={submit}
        noValidate
        data-testid="audit-filters"
      >
        <Field label={t('admin.audit.actor')} name="actor" errors={errors}>
          {(p) => <input {...p} value={form.actor} onChange={set('actor')} data-testid="audit-actor" />}
        </Field>
        <Field
          label={t('admin.audit.action')}
          name="action"
          errors={errors}
          hint={t('admin.audit.actionHint')}
        >
          {(p) => <input {...p} value={form.action} onChange={set('action')} data-testid="audit-action" />}
        </Field>
        <Field label={t('admin.audit.target')} name="target" errors={errors}>
          {(p) => <input {...p} value={form.target} onChange={set('target')} data-testid="audit-target" />}
        </Field>
        <Field label={t('admin.audit.from')} name="from" errors={errors}>
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              value={form.from}
              onChange={set('from')}
              data-testid="audit-from"
            />
          )}
        </Field>
        <Field label={t('admin.audit.to')} name="to" errors={errors}>
          {(p) => (
            <input {...p} type="datetime-local" value={form.to} onChange={set('to')} data-testid="audit-to" />
          )}
        </Field>
        <div className="admin-form__actions">
          <button type="submit" className="button button--primary" data-testid="audit-apply">
            {t('admin.audit.apply')}
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setForm(EMPTY);
              setErrors({});
              setFilter({ limit: 200 });
            }}
          >
            {t('admin.audit.clear')}
          </button>
        </div>
      </form>
      <h2>{t('admin.audit.title')}</h2>
      <QueryView query={audit}>
        {(data) => (
          <DataTable
            caption={t('admin.audit.title')}
            testId="audit"
            rowKey={(e) => `${e.at}-${e.action}-${e.actor}-${JSON.stringify(e.target ?? {})}`}
            rows={data}
            empty={t('admin.audit.none')}
            columns={[
              { key: 'at', label: t('admin.audit.at'), render: (e) => <DateTimeText time={e.at} /> },
              { key: 'actor', label: t('admin.audit.actor'), render: (e) => e.actor },
              { key: 'action', label: t('admin.audit.action'), render: (e) => <code>{e.action}</code> },
              {
                key: 'target',
                label: t('admin.audit.target'),
                render: (e) =>
                  Object.entries(e.target ?? {})
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ') || '—',
              },
              { key: 'changes', label: t('admin.audit.changes'), render: (e) => <Changes entry={e} /> },
              {
                key: 'outcome',
                label: t('admin.audit.outcome'),
                render: (e) => (
                  <span className={`badge ${e.outcome === 'ok' ? 'badge--sent' : 'badge--failed'}`}>
                    {t(`admin.audit.outcomes.${e.outcome}`)}
                    {e.status !== undefined ? ` · ${e.status}` : ''}
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

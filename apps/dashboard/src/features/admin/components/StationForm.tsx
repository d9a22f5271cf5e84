import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createStationBodySchema, updateStationBodySchema, type Cluster } from '@langxanh/contracts';
import { adminApi } from '../api/admin-api';
import { REGISTRY_STALE, useAdminMutation } from '../hooks/queries';
import { emptyAlertRow, emptyLimit, formToBody, type StationFormState } from '../forms/station-form';
import { serverErrors, validate, type FieldErrors } from '../forms/validation';
import { EditableRows } from './EditableRows';
import { Field, FormError } from './Field';

const PERIODS = ['instant', '1h', '8h', '24h', 'calendarDay'] as const;
const ALERT_FIELDS = ['warningFraction', 'pendingS', 'consecutive', 'deadband'] as const;

/**
 * Create or edit one station of the registry: cluster, id, name, kind, coordinates, reporting interval, standard
 * (QCVN 40 column with Kq/Kf; waste capacity and threshold), permit limits with their effective dates, alert settings
 * per parameter, TT 10 file name. Checked with the API's schemas before sending; the API's field errors shown too.
 */
export function StationForm({
  initial,
  clusters,
  mode,
  onDone,
}: {
  readonly initial: StationFormState;
  readonly clusters: readonly Cluster[];
  readonly mode: 'create' | 'edit';
  readonly onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState<StationFormState>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useAdminMutation(adminApi.createStation, REGISTRY_STALE);
  const update = useAdminMutation(adminApi.updateStation, REGISTRY_STALE);
  const pending = create.isPending || update.isPending;
  const set = <K extends keyof StationFormState>(key: K, value: StationFormState[K]) =>
    setF((old) => ({ ...old, [key]: value }));
  const input = (key: keyof StationFormState, props: { id: string }) => (
    <input
      {...props}
      value={f[key] as string}
      onChange={(e) => set(key, e.target.value)}
      data-testid={`station-${key}`}
    />
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = formToBody(f);
    const onError = (error: unknown) => setErrors(serverErrors(error, t));
    if (mode === 'create') {
      const checked = validate(createStationBodySchema, body, t);
      if (!checked.ok) return setErrors(checked.errors);
      setErrors({});
      create.mutate(body as never, {
        onSuccess: (r) => onDone(t('admin.stations.saved', { id: r.station.id, version: r.version })),
        onError,
      });
    } else {
      const checked = validate(updateStationBodySchema, body, t);
      if (!checked.ok) return setErrors(checked.errors);
      setErrors({});
      update.mutate(
        { id: f.id, body: body as never },
        {
          onSuccess: (r) => onDone(t('admin.stations.saved', { id: r.station.id, version: r.version })),
          onError,
        },
      );
    }
  };

  return (
    <form className="card admin-form" onSubmit={submit} noValidate data-testid="station-form">
      <h2 className="admin-form__wide">
        {mode === 'create' ? t('admin.stations.create') : t('admin.stations.edit', { id: f.id })}
      </h2>
      <Field label={t('admin.stations.cluster')} name="cluster" errors={errors}>
        {(p) => (
          <select
            {...p}
            value={f.cluster}
            onChange={(e) => set('cluster', e.target.value)}
            data-testid="station-cluster"
          >
            <option value="">{t('admin.choose')}</option>
            {clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('admin.stations.id')} name="id" errors={errors}>
        {(p) => (
          <input
            {...p}
            value={f.id}
            readOnly={mode === 'edit'}
            onChange={(e) => set('id', e.target.value)}
            data-testid="station-id"
          />
        )}
      </Field>
      <Field label={t('admin.stations.name')} name="name" errors={errors}>
        {(p) => input('name', p)}
      </Field>
      <Field label={t('admin.stations.kind')} name="kind" errors={errors}>
        {(p) => (
          <select
            {...p}
            value={f.kind}
            disabled={mode === 'edit'}
            onChange={(e) => set('kind', e.target.value as StationFormState['kind'])}
            data-testid="station-kind"
          >
            {(['wastewater', 'air', 'waste'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`admin.stations.kinds.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('admin.stations.lat')} name="location.lat" errors={errors}>
        {(p) => input('lat', p)}
      </Field>
      <Field label={t('admin.stations.lon')} name="location.lon" errors={errors}>
        {(p) => input('lon', p)}
      </Field>
      <Field label={t('admin.stations.interval')} name="expectedIntervalS" errors={errors}>
        {(p) => input('expectedIntervalS', p)}
      </Field>
      {f.kind === 'wastewater' && (
        <>
          <Field
            label={t('admin.stations.column')}
            name="standard.column"
            errors={errors}
            hint="QCVN 40:2011/BTNMT"
          >
            {(p) => (
              <select
                {...p}
                value={f.column}
                onChange={(e) => set('column', e.target.value)}
                data-testid="station-column"
              >
                <option value="A">A</option>
                <option value="B">B</option>
              </select>
            )}
          </Field>
          <Field label="Kq" name="standard.kq" errors={errors} hint={t('admin.stations.kqHint')}>
            {(p) => input('kq', p)}
          </Field>
          <Field label="Kf" name="standard.kf" errors={errors} hint={t('admin.stations.kfHint')}>
            {(p) => input('kf', p)}
          </Field>
        </>
      )}
      {f.kind === 'waste' && (
        <>
          <Field label={t('admin.stations.capacityL')} name="standard.capacityL" errors={errors}>
            {(p) => input('capacityL', p)}
          </Field>
          <Field
            label={t('admin.stations.fullThresholdPct')}
            name="standard.fullThresholdPct"
            errors={errors}
          >
            {(p) => input('fullThresholdPct', p)}
          </Field>
          <Field label={t('admin.stations.wasteCategory')} name="standard.wasteCategory" errors={errors}>
            {(p) => (
              <select {...p} value={f.wasteCategory} onChange={(e) => set('wasteCategory', e.target.value)}>
                {(['recyclable', 'food', 'other', 'industrial'] as const).map((c) => (
                  <option key={c} value={c}>
                    {t(`admin.stations.wasteCategories.${c}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      <Field label={t('admin.stations.tt10')} name="tt10" errors={errors} hint={t('admin.stations.tt10Hint')}>
        {(p) => input('tt10', p)}
      </Field>

      <fieldset className="admin-form__wide admin-fieldset">
        <legend>{t('admin.stations.permit')}</legend>
        <div className="admin-form admin-form--inner">
          <Field label={t('admin.stations.permitNumber')} name="permit.number" errors={errors}>
            {(p) => input('permitNumber', p)}
          </Field>
          <Field label={t('admin.stations.permitIssuedBy')} name="permit.issuedBy" errors={errors}>
            {(p) => input('permitIssuedBy', p)}
          </Field>
          <Field label={t('admin.stations.permitFrom')} name="permit.effectiveFrom" errors={errors}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={f.permitFrom}
                onChange={(e) => set('permitFrom', e.target.value)}
                data-testid="station-permitFrom"
              />
            )}
          </Field>
          <Field label={t('admin.stations.permitTo')} name="permit.effectiveTo" errors={errors}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={f.permitTo}
                onChange={(e) => set('permitTo', e.target.value)}
                data-testid="station-permitTo"
              />
            )}
          </Field>
          <EditableRows
            rows={f.limits}
            onRows={(rows) => set('limits', rows)}
            newRow={emptyLimit}
            addLabel={t('admin.stations.addLimit')}
            testId="permit-limit"
          >
            {(l, change, i) => (
              <>
                <Field
                  label={t('admin.stations.parameter')}
                  name={`permit.limits.${i}.parameter`}
                  errors={errors}
                >
                  {(p) => (
                    <input
                      {...p}
                      value={l.parameter}
                      onChange={(e) => change('parameter', e.target.value)}
                      data-testid={`permit-limit-${i}-parameter`}
                    />
                  )}
                </Field>
                <Field
                  label={t('admin.stations.period')}
                  name={`permit.limits.${i}.averagingPeriod`}
                  errors={errors}
                >
                  {(p) => (
                    <select
                      {...p}
                      value={l.averagingPeriod}
                      onChange={(e) => change('averagingPeriod', e.target.value)}
                    >
                      {PERIODS.map((x) => (
                        <option key={x} value={x}>
                          {t(`admin.stations.periods.${x}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                {(['min', 'max'] as const).map((key) => (
                  <Field
                    key={key}
                    label={t(`admin.stations.${key}`)}
                    name={`permit.limits.${i}.${key}`}
                    errors={errors}
                  >
                    {(p) => (
                      <input
                        {...p}
                        value={l[key]}
                        onChange={(e) => change(key, e.target.value)}
                        data-testid={`permit-limit-${i}-${key}`}
                      />
                    )}
                  </Field>
                ))}
                {errors[`permit.limits.${i}`] && (
                  <p className="form__error admin-form__wide" data-testid={`error-permit.limits.${i}`}>
                    {errors[`permit.limits.${i}`]}
                  </p>
                )}
              </>
            )}
          </EditableRows>
          {errors['permit.limits'] && (
            <p className="form__error admin-form__wide" data-testid="error-permit.limits">
              {errors['permit.limits']}
            </p>
          )}
        </div>
      </fieldset>

      <fieldset className="admin-form__wide admin-fieldset">
        <legend>{t('admin.stations.alerting')}</legend>
        <div className="admin-form admin-form--inner">
          <EditableRows
            rows={f.alerting}
            onRows={(rows) => set('alerting', rows)}
            newRow={emptyAlertRow}
            addLabel={t('admin.stations.addAlerting')}
            testId="alerting"
          >
            {(a, change, i) => (
              <>
                <Field label={t('admin.stations.parameter')} name={`alerting.${i}.parameter`} errors={errors}>
                  {(p) => (
                    <input {...p} value={a.parameter} onChange={(e) => change('parameter', e.target.value)} />
                  )}
                </Field>
                {ALERT_FIELDS.map((key) => (
                  <Field
                    key={key}
                    label={t(`admin.stations.alert.${key}`)}
                    name={`alerting.${a.parameter.trim()}.${key}`}
                    errors={errors}
                  >
                    {(p) => <input {...p} value={a[key]} onChange={(e) => change(key, e.target.value)} />}
                  </Field>
                ))}
              </>
            )}
          </EditableRows>
        </div>
      </fieldset>

      <FormError errors={errors} />
      <div className="admin-form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={pending}
          data-testid="station-submit"
        >
          {t('admin.save')}
        </button>
        <button type="button" className="button button--small" onClick={() => onDone('')}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

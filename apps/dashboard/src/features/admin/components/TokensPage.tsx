import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createTokenBody, type CreatedApiTokenDto, type TokenScope } from '@langxanh/contracts';
import { DateTimeText } from '../../../components/TimeText';
import { adminApi } from '../api/admin-api';
import { adminKeys, useAdminMutation, useTokens } from '../hooks/queries';
import { serverErrors, validate, type FieldErrors } from '../forms/validation';
import { RoleFields } from './RoleFields';
import { DataTable } from './DataTable';
import { QueryView } from './QueryView';
import { Field, FormError } from './Field';

const SCOPES: readonly TokenScope[] = ['read', 'metrics'];
/** An API token never has the admin role. */
const TOKEN_ROLES = ['department', 'manager'] as const;

/** The secret of a new token, shown this once, with a copy button. */
function SecretOnce({
  created,
  onDone,
}: {
  readonly created: CreatedApiTokenDto;
  readonly onDone: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      setCopied(false); // no clipboard (insecure origin): the text is selectable
    }
  };
  return (
    <div className="card admin-secret" role="alert" data-testid="token-secret">
      <strong>{t('admin.tokens.secretTitle', { name: created.info.name })}</strong>
      <span>{t('admin.tokens.secretOnce')}</span>
      <code data-testid="token-secret-value">{created.token}</code>
      <div className="admin-row-actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void copy()}
          data-testid="token-copy"
        >
          {copied ? t('admin.tokens.copied') : t('admin.tokens.copy')}
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={onDone}
          data-testid="token-secret-done"
        >
          {t('admin.tokens.secretDone')}
        </button>
      </div>
    </div>
  );
}

/** API tokens: create (secret shown once), list, revoke (administrators only). */
export function TokensPage() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const [name, setName] = useState('');
  const [role, setRole] = useState<'department' | 'manager'>('department');
  const [clusters, setClusters] = useState<string[]>([]);
  const [scopes, setScopes] = useState<TokenScope[]>(['read']);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<CreatedApiTokenDto>();
  const create = useAdminMutation(adminApi.createToken, [adminKeys.tokens]);
  const revoke = useAdminMutation(adminApi.revokeToken, [adminKeys.tokens]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(
      createTokenBody,
      { name, role, clusters: role === 'manager' ? clusters : [], scopes },
      t,
    );
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: (answer) => {
        setCreated(answer);
        setName('');
      },
      onError: (error) => setErrors(serverErrors(error, t)),
    });
  };

  return (
    <div className="admin-section" data-testid="admin-tokens">
      {created && <SecretOnce created={created} onDone={() => setCreated(undefined)} />}
      <form className="card admin-form" onSubmit={submit} noValidate data-testid="token-create-form">
        <h2 className="admin-form__wide">{t('admin.tokens.create')}</h2>
        <Field label={t('admin.tokens.name')} name="name" errors={errors}>
          {(p) => (
            <input
              {...p}
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="token-name"
            />
          )}
        </Field>
        <RoleFields
          roles={TOKEN_ROLES}
          role={role}
          onRole={setRole}
          clusters={clusters}
          onClusters={setClusters}
          errors={errors}
          testId="token"
        />
        <Field label={t('admin.tokens.scopes')} name="scopes" errors={errors}>
          {(p) => (
            <div className="admin-checks" id={p.id} role="group">
              {SCOPES.map((s) => (
                <label key={s}>
                  <input
                    type="checkbox"
                    checked={scopes.includes(s)}
                    data-testid={`token-scope-${s}`}
                    onChange={(e) =>
                      setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))
                    }
                  />
                  {t(`admin.tokens.scope.${s}`)}
                </label>
              ))}
            </div>
          )}
        </Field>
        <FormError errors={errors} />
        <div className="admin-form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={create.isPending}
            data-testid="token-create-submit"
          >
            {t('admin.tokens.createSubmit')}
          </button>
        </div>
      </form>
      <h2>{t('admin.tokens.title')}</h2>
      {revoke.isError && (
        <p className="status-message status-message--error" role="alert">
          {serverErrors(revoke.error, t)['']}
        </p>
      )}
      <QueryView query={tokens}>
        {(data) => (
          <DataTable
            caption={t('admin.tokens.title')}
            testId="tokens"
            rowKey={(x) => x.id}
            rows={data}
            empty={t('admin.tokens.none')}
            columns={[
              {
                key: 'name',
                label: t('admin.tokens.name'),
                render: (x) => <strong data-testid={`token-name-${x.id}`}>{x.name}</strong>,
              },
              { key: 'role', label: t('admin.users.role'), render: (x) => t(`auth.role.${x.role}`) },
              {
                key: 'clusters',
                label: t('admin.users.clusters'),
                render: (x) => (x.clusters.length ? x.clusters.join(', ') : t('admin.users.allClusters')),
              },
              {
                key: 'scopes',
                label: t('admin.tokens.scopes'),
                render: (x) => x.scopes.map((s) => t(`admin.tokens.scope.${s}`)).join(', '),
              },
              {
                key: 'created',
                label: t('admin.tokens.createdAt'),
                render: (x) => (
                  <>
                    <DateTimeText time={x.createdAt} /> · {x.createdBy}
                  </>
                ),
              },
              {
                key: 'actions',
                label: t('admin.actions'),
                render: (x) => (
                  <button
                    type="button"
                    className="button button--small"
                    data-testid={`token-revoke-${x.name}`}
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(t('admin.tokens.revokeConfirm', { name: x.name })))
                        revoke.mutate(x.id);
                    }}
                  >
                    {t('admin.tokens.revoke')}
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

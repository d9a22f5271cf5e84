import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createUserBody,
  updateUserBody,
  type AdminUserDto,
  type Role,
  type UpdateUserDto,
} from '@langxanh/contracts';
import { adminApi } from '../api/admin-api';
import { adminKeys, useAdminMutation, useUsers } from '../hooks/queries';
import { serverErrors, validate, type FieldErrors } from '../forms/validation';
import { RoleFields } from './RoleFields';
import { DataTable } from './DataTable';
import { QueryView } from './QueryView';
import { Field, FormError } from './Field';

const ROLES: readonly Role[] = ['manager', 'department', 'admin'];

function CreateUserForm() {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('manager');
  const [clusters, setClusters] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string>();
  const create = useAdminMutation(adminApi.createUser, [adminKeys.users]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    const checked = validate(
      createUserBody,
      { username, password, role, clusters: role === 'manager' ? clusters : [] },
      t,
    );
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    create.mutate(checked.data, {
      onSuccess: (user) => {
        setDone(user.username);
        setUsername('');
        setPassword('');
        setClusters([]);
      },
      onError: (error) => setErrors(serverErrors(error, t)),
    });
  };

  return (
    <form className="card admin-form" onSubmit={submit} noValidate data-testid="user-create-form">
      <h2 className="admin-form__wide">{t('admin.users.create')}</h2>
      <Field label={t('admin.users.username')} name="username" errors={errors}>
        {(p) => (
          <input
            {...p}
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            data-testid="user-username"
          />
        )}
      </Field>
      <Field
        label={t('admin.users.password')}
        name="password"
        errors={errors}
        hint={t('admin.users.passwordHint')}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="user-password"
          />
        )}
      </Field>
      <RoleFields
        roles={ROLES}
        role={role}
        onRole={setRole}
        clusters={clusters}
        onClusters={setClusters}
        errors={errors}
        testId="new-user"
      />
      <FormError errors={errors} />
      <div className="admin-form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={create.isPending}
          data-testid="user-create-submit"
        >
          {t('admin.users.createSubmit')}
        </button>
        {done && (
          <span role="status" data-testid="user-created">
            {t('admin.users.created', { username: done })}
          </span>
        )}
      </div>
    </form>
  );
}

function EditUserForm({ user, onClose }: { readonly user: AdminUserDto; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>(user.role);
  const [clusters, setClusters] = useState<string[]>([...user.clusters]);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useAdminMutation(
    ({ username, body }: { username: string; body: UpdateUserDto }) => adminApi.updateUser(username, body),
    [adminKeys.users],
  );

  const send = (body: UpdateUserDto) => {
    const checked = validate(updateUserBody, body, t);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    update.mutate(
      { username: user.username, body: checked.data },
      { onSuccess: onClose, onError: (error) => setErrors(serverErrors(error, t)) },
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send({ role, clusters: role === 'manager' ? clusters : [], ...(password ? { password } : {}) });
  };

  return (
    <form className="card admin-form" onSubmit={submit} noValidate data-testid="user-edit-form">
      <h2 className="admin-form__wide">{t('admin.users.edit', { username: user.username })}</h2>
      <RoleFields
        roles={ROLES}
        role={role}
        onRole={setRole}
        clusters={clusters}
        onClusters={setClusters}
        errors={errors}
        testId="user-edit"
      />
      <Field
        label={t('admin.users.newPassword')}
        name="password"
        errors={errors}
        hint={t('admin.users.newPasswordHint')}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="user-edit-password"
          />
        )}
      </Field>
      <FormError errors={errors} />
      <div className="admin-form__actions">
        <button
          type="submit"
          className="button button--primary"
          disabled={update.isPending}
          data-testid="user-edit-submit"
        >
          {t('admin.save')}
        </button>
        <button
          type="button"
          className="button"
          disabled={update.isPending}
          data-testid="user-toggle-disabled"
          onClick={() => send({ disabled: !user.disabled })}
        >
          {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
        </button>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Accounts: list, create, edit role and clusters, reset the password, disable or enable (administrators only). */
export function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const [editing, setEditing] = useState<string>();
  const current = users.data?.find((u) => u.username === editing);
  return (
    <div className="admin-section" data-testid="admin-users">
      <CreateUserForm />
      {current && (
        <EditUserForm key={current.username} user={current} onClose={() => setEditing(undefined)} />
      )}
      <h2>{t('admin.users.title')}</h2>
      <QueryView query={users}>
        {(data) => (
          <DataTable
            caption={t('admin.users.title')}
            testId="users"
            rowKey={(u) => u.username}
            rows={data}
            empty={t('admin.empty')}
            columns={[
              {
                key: 'username',
                label: t('admin.users.username'),
                render: (u) => <strong>{u.username}</strong>,
              },
              { key: 'role', label: t('admin.users.role'), render: (u) => t(`auth.role.${u.role}`) },
              {
                key: 'clusters',
                label: t('admin.users.clusters'),
                render: (u) => (u.clusters.length ? u.clusters.join(', ') : t('admin.users.allClusters')),
              },
              {
                key: 'status',
                label: t('admin.users.status'),
                render: (u) => (
                  <span
                    className={`badge ${u.disabled ? 'badge--disabled' : 'badge--sent'}`}
                    data-testid={`user-status-${u.username}`}
                  >
                    {u.disabled ? t('admin.users.disabled') : t('admin.users.active')}
                  </span>
                ),
              },
              {
                key: 'actions',
                label: t('admin.actions'),
                render: (u) => (
                  <button
                    type="button"
                    className="button button--small"
                    data-testid={`user-edit-${u.username}`}
                    onClick={() => setEditing(u.username)}
                  >
                    {t('admin.edit')}
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

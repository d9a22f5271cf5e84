import { useTranslation } from 'react-i18next';
import type { Role } from '@langxanh/contracts';
import type { FieldErrors } from '../forms/validation';
import { ClusterChecks } from './ClusterChecks';
import { Field } from './Field';

/** A role select and, for a manager, the clusters they are scoped to (users and API tokens). */
export function RoleFields<R extends Role>({
  roles,
  role,
  onRole,
  clusters,
  onClusters,
  errors,
  testId,
}: {
  readonly roles: readonly R[];
  readonly role: R;
  readonly onRole: (role: R) => void;
  readonly clusters: readonly string[];
  readonly onClusters: (clusters: string[]) => void;
  readonly errors: FieldErrors;
  /** Base of the test ids: `{testId}-role`, `{testId}-clusters-{cluster}`. */
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('admin.users.role')} name="role" errors={errors}>
        {(p) => (
          <select
            {...p}
            value={role}
            onChange={(e) => onRole(e.target.value as R)}
            data-testid={`${testId}-role`}
          >
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {role === 'manager' && (
        <Field label={t('admin.users.clusters')} name="clusters" errors={errors}>
          {(p) => (
            <ClusterChecks id={p.id} value={clusters} onChange={onClusters} testId={`${testId}-clusters`} />
          )}
        </Field>
      )}
    </>
  );
}

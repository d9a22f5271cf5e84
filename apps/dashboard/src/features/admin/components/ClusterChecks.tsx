import { useTranslation } from 'react-i18next';
import { useClusters } from '../hooks/queries';

/** One checkbox per registered cluster (`/api/clusters`); `value` is the chosen ids. */
export function ClusterChecks({
  id,
  value,
  onChange,
  testId,
}: {
  readonly id: string;
  readonly value: readonly string[];
  readonly onChange: (next: string[]) => void;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const clusters = useClusters();
  if (clusters.isPending) return <p className="muted small">{t('common.loading')}</p>;
  if (clusters.isError) return <p className="form__error">{t('admin.errors.clusters')}</p>;
  return (
    <div className="admin-checks" id={id} role="group" data-testid={testId}>
      {clusters.data.map((c) => (
        <label key={c.id}>
          <input
            type="checkbox"
            data-testid={`${testId}-${c.id}`}
            checked={value.includes(c.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((v) => v !== c.id))}
          />
          {c.name}
        </label>
      ))}
    </div>
  );
}

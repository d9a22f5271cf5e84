import { useTranslation } from 'react-i18next';
import type { CurrentRegistryDto } from '@langxanh/contracts';
import { DateTimeText } from '../../../components/TimeText';

/** "Registry version N in force, by X · time". */
export function RegistryVersionLine({ current }: { readonly current: CurrentRegistryDto | undefined }) {
  const { t } = useTranslation();
  if (!current) return null;
  return (
    <p className="muted" data-testid="registry-version">
      {t('admin.registry.inForce', { version: current.version, by: current.changedBy })} ·{' '}
      <DateTimeText time={current.changedAt} />
    </p>
  );
}

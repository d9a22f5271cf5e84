import { useTranslation } from 'react-i18next';
import { useLanguage } from '../i18n/useLanguage';
import { formatNumber } from '../lib/format/format';
import { useSession } from '../lib/auth/useSession';
import { useActiveAlertCount } from '../lib/live/LiveStoreContext';

/**
 * Live number of active alerts, in the header's link to the alerts page. Nothing for an anonymous visitor: alerts
 * are for signed-in people, and a "0" there would say there are none.
 */
export function ActiveAlertCount() {
  const { t } = useTranslation();
  const language = useLanguage();
  const count = useActiveAlertCount();
  const session = useSession();
  if (!session) return null;
  return (
    <span className={`counter${count > 0 ? ' counter--alert' : ''}`} title={t('header.activeAlertsCount', { count })}>
      <span className="sr-only">{t('header.activeAlerts')}: </span>
      <span data-testid="active-alert-count">{formatNumber(count, language, 0)}</span>
    </span>
  );
}

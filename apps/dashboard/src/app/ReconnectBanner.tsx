import { useTranslation } from 'react-i18next';
import { useConnectionStatus, useLoadStatus } from '../lib/live/LiveStoreContext';

/**
 * A visible banner while the live connection is lost after having worked: values may be stale. After the
 * reconnection the provider loads a fresh snapshot and the views fetch their history again (backfill).
 */
export function ReconnectBanner() {
  const { t } = useTranslation();
  const connection = useConnectionStatus();
  const loaded = useLoadStatus() === 'ready';
  if (connection !== 'reconnecting' || !loaded) return null;
  return (
    <div className="banner banner--warning" role="alert" data-testid="reconnecting-banner">
      <strong>{t('connection.reconnecting')}</strong> {t('connection.reconnectingHint')} {t('connection.backfillNote')}
    </div>
  );
}

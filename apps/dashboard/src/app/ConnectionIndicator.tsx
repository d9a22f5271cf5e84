import { useTranslation } from 'react-i18next';
import { useConnectionStatus } from '../lib/live/LiveStoreContext';

/** "Live" or "Reconnecting…", announced politely to screen readers when it changes. */
export function ConnectionIndicator() {
  const { t } = useTranslation();
  const status = useConnectionStatus();
  const connected = status === 'connected';
  return (
    <span
      className={`connection connection--${connected ? 'connected' : 'reconnecting'}`}
      data-testid="connection-status"
      data-state={connected ? 'connected' : 'reconnecting'}
      role="status"
      title={t(connected ? 'connection.connectedHint' : 'connection.reconnectingHint')}
    >
      <span className="connection__dot" aria-hidden="true" />
      {t(`connection.${status}`)}
    </span>
  );
}

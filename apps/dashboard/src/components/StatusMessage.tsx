import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="status-message" role="status">
      {t('common.loading')}
    </p>
  );
}

export function LoadError({ onRetry, message }: { readonly onRetry?: () => void; readonly message?: string }) {
  const { t } = useTranslation();
  return (
    <div className="status-message status-message--error" role="alert">
      <p>{message ?? t('common.loadError')}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

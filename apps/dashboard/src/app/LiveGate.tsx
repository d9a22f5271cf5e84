import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { LoadError, Loading } from '../components/StatusMessage';
import { useLiveContext, useLoadError, useLoadStatus } from '../lib/live/LiveStoreContext';
import { UNAUTHORIZED } from './LiveDataProvider';

/** Shows the pages once the first snapshot is in; a loading note or an error with "retry" before that. */
export function LiveGate({ children }: { readonly children: ReactNode }) {
  const status = useLoadStatus();
  const error = useLoadError();
  const { reload } = useLiveContext();
  const { t } = useTranslation();
  const location = useLocation();
  if (status === 'loading') return <Loading />;
  if (status === 'error' && error === UNAUTHORIZED) {
    return (
      <div className="status-message" role="alert" data-testid="sign-in-required">
        <p>{t('auth.required')}</p>
        <Link className="button button--primary" to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
          {t('auth.signIn')}
        </Link>
      </div>
    );
  }
  if (status === 'error') return <LoadError onRetry={reload} />;
  return <>{children}</>;
}

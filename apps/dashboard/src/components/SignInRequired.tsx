import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { ApiError } from '../lib/api/client';

/** True for an API refusal that signing in (or another account) may lift: 401, 403. */
export function isAccessDenied(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** "Sign in to see this", with a link back here after signing in. */
export function SignInRequired({ message }: { readonly message?: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <div className="status-message" role="alert" data-testid="sign-in-required">
      <p>{message ?? t('auth.required')}</p>
      <Link className="button button--primary" to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
        {t('auth.signIn')}
      </Link>
    </div>
  );
}

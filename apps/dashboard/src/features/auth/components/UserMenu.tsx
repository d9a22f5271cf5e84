import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../../../lib/auth/useSession';
import { logout } from '../api/login';

/** Header: who is signed in and with which role, and "log out"; or "log in" when anonymous. */
export function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  if (!session) {
    if (location.pathname === '/login') return null;
    const next = encodeURIComponent(`${location.pathname}${location.search}`);
    return (
      <Link className="button button--small" to={`/login?next=${next}`} data-testid="login-link">
        {t('auth.signIn')}
      </Link>
    );
  }
  return (
    <span className="user-menu">
      <span className="user-menu__name" data-testid="user-name">
        {session.user.username}
      </span>
      {session.user.role === 'manager' ? (
        <span className="badge badge--role" data-testid="user-role" data-role={session.user.role}>
          {t(`auth.role.${session.user.role}`)}
        </span>
      ) : (
        // admin and department: the badge opens the admin pages
        <Link className="badge badge--role" to="/admin" data-testid="user-role" data-role={session.user.role} title={t('admin.title')}>
          {t(`auth.role.${session.user.role}`)}
        </Link>
      )}
      <button type="button" className="button button--small" data-testid="logout" onClick={logout}>
        {t('auth.signOut')}
      </button>
    </span>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router-dom';
import { UserMenu } from '../features/auth/components/UserMenu';
import { ActiveAlertCount } from './ActiveAlertCount';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitcher } from './LanguageSwitcher';

export function Header() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link to="/" className="brand">
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
        <nav aria-label={t('nav.label')} className="nav">
          <NavLink to="/" end className="nav__link">
            {t('nav.overview')}
          </NavLink>
          <NavLink to="/waste" className="nav__link" data-testid="nav-waste">
            {t('nav.waste')}
          </NavLink>
          <NavLink to="/alerts" className="nav__link" data-testid="nav-alerts">
            {t('nav.alerts')} <ActiveAlertCount />
          </NavLink>
        </nav>
        <div className="app-header__tools">
          <ConnectionIndicator />
          <LanguageSwitcher />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}

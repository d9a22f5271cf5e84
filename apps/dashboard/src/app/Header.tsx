import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router-dom';
import { UserMenu } from '../features/auth/components/UserMenu';
import { ActiveAlertCount } from './ActiveAlertCount';
import { ConnectionIndicator } from './ConnectionIndicator';
import { LanguageSwitcher } from './LanguageSwitcher';

/**
 * The header: brand, navigation and tools (connection, language, user). On a narrow screen (< 48rem) navigation
 * and tools fold behind a menu button and open as a panel under the header, so nothing is cut off or scrolls
 * sideways; the panel closes on navigation.
 */
export function Header() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname, location.search]);
  return (
    <header className="app-header">
      <div className="app-header__inner">
        <Link to="/" className="brand">
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </Link>
        <span className="app-header__status">
          <ConnectionIndicator />
        </span>
        <button
          type="button"
          className="app-header__menu-button"
          data-testid="menu-button"
          aria-expanded={open}
          aria-controls="app-menu"
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true">☰</span> {t('header.menu')}
        </button>
        <div id="app-menu" className={`app-header__menu${open ? ' app-header__menu--open' : ''}`}>
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
            <LanguageSwitcher />
            <UserMenu />
          </div>
        </div>
      </div>
    </header>
  );
}

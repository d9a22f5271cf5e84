import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';
import type { Role } from '@langxanh/contracts';
import { SignInRequired } from '../../../components/SignInRequired';
import { useDocumentTitle } from '../../../lib/page/useDocumentTitle';
import { useSession } from '../../../lib/auth/useSession';
import '../admin.css';

/** The admin sections and who may open them (the API's own rules: users, tokens and the audit log are admin-only). */
export const ADMIN_SECTIONS = [
  { path: 'users', roles: ['admin'] },
  { path: 'tokens', roles: ['admin'] },
  { path: 'stations', roles: ['admin', 'department'] },
  { path: 'registry', roles: ['admin', 'department'] },
  { path: 'silences', roles: ['admin', 'department'] },
  { path: 'notifications', roles: ['admin', 'department'] },
  { path: 'audit', roles: ['admin'] },
] as const satisfies readonly { path: string; roles: readonly Role[] }[];

export type AdminSection = (typeof ADMIN_SECTIONS)[number]['path'];

/** True when `role` may open `section`. */
export const mayOpen = (role: Role | undefined, section: AdminSection): boolean =>
  role !== undefined &&
  (ADMIN_SECTIONS.find((s) => s.path === section)?.roles as readonly Role[]).includes(role);

/** "Not allowed" for a signed-in person whose role does not reach an admin page. */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <div className="status-message status-message--error" role="alert" data-testid="admin-not-allowed">
      <p>{t('admin.notAllowed')}</p>
    </div>
  );
}

/** Admin pages: sign-in required; administrators and the department only; one tab per section. */
export function AdminLayout() {
  const { t } = useTranslation();
  const session = useSession();
  useDocumentTitle(t('admin.title'));
  if (!session) return <SignInRequired />;
  const role = session.user.role;
  if (role !== 'admin' && role !== 'department') return <NotAllowed />;
  return (
    <section className="page admin" data-testid="admin-page">
      <h1 className="page__heading">{t('admin.title')}</h1>
      <nav className="admin-tabs" aria-label={t('admin.sections')}>
        {ADMIN_SECTIONS.filter((s) => mayOpen(role, s.path)).map((s) => (
          <NavLink
            key={s.path}
            to={`/admin/${s.path}`}
            className="admin-tabs__link"
            data-testid={`admin-tab-${s.path}`}
          >
            {t(`admin.section.${s.path}`)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </section>
  );
}

/** Renders `children` when the session's role may open `section`, else {@link NotAllowed}. */
export function SectionGuard({
  section,
  children,
}: {
  readonly section: AdminSection;
  readonly children: React.ReactNode;
}) {
  const session = useSession();
  return mayOpen(session?.user.role, section) ? <>{children}</> : <NotAllowed />;
}

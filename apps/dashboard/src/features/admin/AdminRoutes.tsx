import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useSession } from '../../lib/auth/useSession';
import { AdminLayout, SectionGuard, type AdminSection } from './components/AdminLayout';
import { AuditPage } from './components/AuditPage';
import { NotificationsPage } from './components/NotificationsPage';
import { RegistryPage } from './components/RegistryPage';
import { SilencesPage } from './components/SilencesPage';
import { StationsPage } from './components/StationsPage';
import { TokensPage } from './components/TokensPage';
import { UsersPage } from './components/UsersPage';

const PAGES: Record<AdminSection, ReactNode> = {
  users: <UsersPage />,
  tokens: <TokensPage />,
  stations: <StationsPage />,
  registry: <RegistryPage />,
  silences: <SilencesPage />,
  notifications: <NotificationsPage />,
  audit: <AuditPage />,
};

/** `/admin/*`: the admin sections, each behind its role guard; `/admin` opens the first section the role may see. */
export function AdminRoutes() {
  const role = useSession()?.user.role;
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<Navigate to={role === 'admin' ? 'users' : 'stations'} replace />} />
        {Object.entries(PAGES).map(([section, page]) => (
          <Route
            key={section}
            path={section}
            element={<SectionGuard section={section as AdminSection}>{page}</SectionGuard>}
          />
        ))}
        <Route path="*" element={<Navigate to="/admin" replace />} />
      </Route>
    </Routes>
  );
}

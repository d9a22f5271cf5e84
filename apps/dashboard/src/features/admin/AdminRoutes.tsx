import { Navigate, Route, Routes } from 'react-router-dom';
import { useSession } from '../../lib/auth/useSession';
import { AdminLayout, SectionGuard } from './components/AdminLayout';
import { AuditPage } from './components/AuditPage';
import { NotificationsPage } from './components/NotificationsPage';
import { SilencesPage } from './components/SilencesPage';
import { TokensPage } from './components/TokensPage';
import { UsersPage } from './components/UsersPage';

/** `/admin/*`: the admin sections, each behind its role guard; `/admin` opens the first section the role may see. */
export function AdminRoutes() {
  const role = useSession()?.user.role;
  return (
    <Routes>
      <Route element={<AdminLayout />}>
        <Route index element={<Navigate to={role === 'admin' ? 'users' : 'silences'} replace />} />
        <Route
          path="users"
          element={
            <SectionGuard section="users">
              <UsersPage />
            </SectionGuard>
          }
        />
        <Route
          path="tokens"
          element={
            <SectionGuard section="tokens">
              <TokensPage />
            </SectionGuard>
          }
        />
        <Route
          path="silences"
          element={
            <SectionGuard section="silences">
              <SilencesPage />
            </SectionGuard>
          }
        />
        <Route
          path="notifications"
          element={
            <SectionGuard section="notifications">
              <NotificationsPage />
            </SectionGuard>
          }
        />
        <Route
          path="audit"
          element={
            <SectionGuard section="audit">
              <AuditPage />
            </SectionGuard>
          }
        />
        <Route path="*" element={<Navigate to="/admin" replace />} />
      </Route>
    </Routes>
  );
}

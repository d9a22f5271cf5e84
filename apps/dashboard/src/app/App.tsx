import { lazy, Suspense, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AlertsPage } from '../features/alerts/components/AlertsPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { WastePage } from '../features/waste/components/WastePage';
import { createQueryClient } from '../lib/api/query-client';
import { useSession } from '../lib/auth/useSession';
import { OverviewPage } from '../features/overview/components/OverviewPage';
import { Loading } from '../components/StatusMessage';
import { Header } from './Header';
import { HealthStatus } from './HealthStatus';
import { LiveDataProvider } from './LiveDataProvider';
import { LiveGate } from './LiveGate';
import { NotFoundPage } from './NotFoundPage';
import { ReconnectBanner } from './ReconnectBanner';

// The admin pages are for a few people: loaded only when opened.
const AdminRoutes = lazy(() => import('../features/admin/AdminRoutes').then((module) => ({ default: module.AdminRoutes })));
// The station page brings recharts: loaded only when a station is opened.
const StationPage = lazy(() =>
  import('../features/station/components/StationPage').then((module) => ({ default: module.StationPage })),
);

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/stations/:id" element={<StationPage />} />
        <Route path="/alerts" element={<AlertsPage />} />
        <Route path="/waste" element={<WastePage />} />
        <Route path="/admin/*" element={<AdminRoutes />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}

export function Layout() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header />
      <ReconnectBanner />
      <main id="main" className="main" tabIndex={-1}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            path="*"
            element={
              <LiveGate>
                <AppRoutes />
              </LiveGate>
            }
          />
        </Routes>
      </main>
      <footer className="app-footer">
        <HealthStatus />
        <p className="muted small">{t('app.timeZoneNote')}</p>
      </footer>
    </>
  );
}

export function App() {
  // Signing in or out starts a new live connection (the socket handshake and the snapshot depend on the token).
  const session = useSession();
  // One server-state cache per session: signing in or out must not show the other identity's cached answers.
  const [cache] = useState(() => new Map<string, ReturnType<typeof createQueryClient>>());
  const key = session?.token ?? 'anonymous';
  let queryClient = cache.get(key);
  if (!queryClient) {
    cache.clear();
    queryClient = createQueryClient();
    cache.set(key, queryClient);
  }
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <LiveDataProvider key={key}>
          <Layout />
        </LiveDataProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}

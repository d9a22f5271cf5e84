import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { AlertsPage } from '../features/alerts/components/AlertsPage';
import { OverviewPage } from '../features/overview/components/OverviewPage';
import { Loading } from '../components/StatusMessage';
import { Header } from './Header';
import { HealthStatus } from './HealthStatus';
import { LiveDataProvider } from './LiveDataProvider';
import { LiveGate } from './LiveGate';
import { NotFoundPage } from './NotFoundPage';

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
      <main id="main" className="main" tabIndex={-1}>
        <LiveGate>
          <AppRoutes />
        </LiveGate>
      </main>
      <footer className="app-footer">
        <HealthStatus />
        <p className="muted small">{t('app.timeZoneNote')}</p>
      </footer>
    </>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <LiveDataProvider>
        <Layout />
      </LiveDataProvider>
    </BrowserRouter>
  );
}

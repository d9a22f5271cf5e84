import type { StationDto } from '@langxanh/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../../../lib/api/client';
import { queryKeys } from '../../../lib/api/queries';
import { formatDateTime } from '../../../lib/format/format';
import { useDocumentTitle } from '../../../lib/page/useDocumentTitle';
import { SignInRequired } from '../../../components/SignInRequired';
import { StateBadge } from '../../../components/StateBadge';
import { useSession } from '../../../lib/auth/useSession';
import { useClusters, useStation } from '../../../lib/live/LiveStoreContext';
import { useChartParameters } from '../hooks/useChartParameters';
import { useTimeRange } from '../hooks/useTimeRange';
import { AqiPanel } from '../../aqi/components/AqiPanel';
import { CompliancePanel } from '../../compliance/components/CompliancePanel';
import { ExportMenu } from '../../export/components/ExportMenu';
import { resolveRange } from '../ranges';
import { ParameterPanel } from './ParameterPanel';
import { RangeSelector } from './RangeSelector';
import { StationAlerts } from './StationAlerts';
import { StationFacts } from './StationFacts';

/**
 * `/stations/:id`: one chart per parameter (history + live) and the station's open alerts. A station the live store
 * does not hold (the snapshot lists only active stations the visitor may see) is asked from `GET /api/stations/{id}`
 * when signed in: a retired station's page shows its history with a "retired" banner (docs/registry.md), a 403 (a
 * manager outside the station's clusters) says so, a 404 says "not found". Anonymous visitors are asked to sign in.
 */
export function StationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const live = useStation(id);
  const session = useSession();
  const fetched = useQuery({
    queryKey: queryKeys.station(id),
    queryFn: ({ signal }) => api.station(id, signal),
    enabled: !live && session !== null && id !== '',
  });
  const station = live ?? (session ? fetched.data : undefined);
  const forbidden = !station && fetched.error instanceof ApiError && fetched.error.status === 403;
  const loading = !station && session !== null && fetched.isPending && fetched.fetchStatus !== 'idle';
  useDocumentTitle(
    station
      ? station.name
      : t(!session ? 'station.signInTitle' : forbidden ? 'stationAccess.forbiddenTitle' : 'station.notFound', { id }),
  );

  if (!station && !session) {
    // Anonymous visitors get air stations only: a wastewater or waste link needs signing in, not "not found".
    return (
      <div className="page">
        <h1>{t('station.signInTitle', { id })}</h1>
        <SignInRequired message={t('station.signInToSee', { id })} />
      </div>
    );
  }
  if (!station && loading) {
    return (
      <div className="page">
        <p className="muted" data-testid="station-loading">
          {t('stationAccess.loading', { id })}
        </p>
      </div>
    );
  }
  if (!station) {
    return (
      <div className="page">
        <h1>{t(forbidden ? 'stationAccess.forbiddenTitle' : 'station.notFound', { id })}</h1>
        {forbidden && <p data-testid="station-forbidden">{t('stationAccess.forbidden', { id })}</p>}
        <p>
          <Link to="/">{t('common.backToOverview')}</Link>
        </p>
      </div>
    );
  }
  return <StationView station={station} />;
}

function StationView({ station }: { readonly station: StationDto }) {
  const { t, i18n } = useTranslation();
  const clusters = useClusters();
  const [range, setRange] = useTimeRange();
  const parameters = useChartParameters(station);
  const clusterName = clusters.find((c) => c.id === station.clusterId)?.name ?? station.clusterId;

  return (
    <div className="page" data-testid={`station-page-${station.id}`}>
      <div className="page__heading">
        <h1>{station.name}</h1>
        <StateBadge state={station.state} testId={`station-state-${station.id}`} />
      </div>
      {station.retiredAt && (
        <p className="banner banner--warning" role="status" data-testid="station-retired">
          {t('stationAccess.retired', { date: formatDateTime(station.retiredAt, i18n.language) })}
        </p>
      )}
      <StationFacts station={station} clusterName={clusterName} />
      {station.kind === 'air' && <AqiPanel stationId={station.id} />}
      <StationAlerts stationId={station.id} />
      <section aria-labelledby="charts-title">
        <div className="section-heading">
          <h2 id="charts-title">{t('station.charts')}</h2>
          <RangeSelector value={range} onChange={setRange} />
          <ExportMenu target={{ what: 'readings', station: station.id, range: () => resolveRange(range, Date.now()) }} />
        </div>
        <div className="chart-grid">
          {parameters.map((parameter) => (
            <ParameterPanel key={parameter} station={station} parameter={parameter} range={range} />
          ))}
        </div>
      </section>
      {station.limits.length > 0 && <CompliancePanel station={station} />}
    </div>
  );
}

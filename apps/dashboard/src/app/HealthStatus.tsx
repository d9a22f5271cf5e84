import type { HealthDto } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api/client';
import { queryKeys } from '../lib/api/queries';

const fetchHealth = (signal: AbortSignal): Promise<HealthDto> => api.health(signal);

/** Footer line on the ingester's health (broker and database; the averaged limits' warm-up when not done), checked every 30 s. */
export function HealthStatus() {
  const { t } = useTranslation();
  const { data, error } = useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => fetchHealth(signal),
    refetchInterval: 30_000,
  });
  let text: string;
  let ok = false;
  if (error && !data) {
    text = t('health.unreachable');
  } else if (!data) {
    return null;
  } else if (data.status === 'ok') {
    ok = true;
    text = t('health.ok');
  } else {
    const problems = [
      data.broker.connected ? null : t('health.brokerDown'),
      data.database.reachable ? null : t('health.databaseDown'),
    ].filter(Boolean);
    text = problems.length > 0 ? `${t('health.degraded')}: ${problems.join('; ')}` : t('health.degraded');
  }
  // Signed-in only (anonymous callers get no `averages`): the averaged limits' warm-up after an ingester start.
  const averages = data?.averages;
  const warmUp =
    averages?.state === 'warming'
      ? t('healthAverages.warming', { warmed: averages.stations.warmed, total: averages.stations.total })
      : averages?.state === 'partial'
        ? t('healthAverages.partial', { failed: averages.failed })
        : null;
  return (
    <p className={`health health--${ok ? 'ok' : 'degraded'}`} data-testid="health-status">
      <span aria-hidden="true">{ok ? '✓ ' : '! '}</span>
      {text}
      {warmUp && <span data-testid="health-averages"> · {warmUp}</span>}
    </p>
  );
}

import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../lib/page/useDocumentTitle';
import { useClusters } from '../../../lib/live/LiveStoreContext';
import { useAqiOverview } from '../../aqi/hooks/useAqiOverview';
import { ProvinceMap } from '../../map/components/ProvinceMap';
import { AqiContext } from '../hooks/useStationAqiMark';
import { ClusterSection } from './ClusterSection';
import { StateSummary } from './StateSummary';

/** `/`: every cluster with its stations, live. */
export function OverviewPage() {
  const { t } = useTranslation();
  const clusters = useClusters();
  useDocumentTitle(t('nav.overview'));
  const aqi = useAqiOverview();

  return (
    <div className="page">
      <div className="page__heading">
        <h1>{t('overview.title')}</h1>
        <StateSummary />
      </div>
      <AqiContext.Provider value={aqi}>
        <ProvinceMap airIndex={aqi} />
        {clusters.map((cluster) => (
          <ClusterSection key={cluster.id} cluster={cluster} />
        ))}
      </AqiContext.Provider>
    </div>
  );
}

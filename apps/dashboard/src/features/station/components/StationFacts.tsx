import type { StationDto } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { KindLabel } from '../../../components/KindIcon';
import { RelativeTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatLimitNumber } from '../../../lib/format/format';

/** Cluster, kind, applicable standard, reporting interval, last reception. */
export function StationFacts({ station, clusterName }: { readonly station: StationDto; readonly clusterName: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const standard = station.standard;
  let standardText: string;
  if ('fullThresholdPct' in standard) {
    standardText = t('station.wasteStandard', {
      threshold: formatLimitNumber(standard.fullThresholdPct, language),
      capacity: formatLimitNumber(standard.capacityL, language),
    });
  } else if ('column' in standard) {
    standardText = t('station.wastewaterStandard', {
      qcvn: standard.qcvn,
      column: standard.column,
      kq: formatLimitNumber(standard.kq, language),
      kf: formatLimitNumber(standard.kf, language),
    });
  } else {
    standardText = standard.qcvn;
  }

  return (
    <dl className="facts">
      <div>
        <dt>{t('station.cluster')}</dt>
        <dd>
          <Link to={`/#cluster-title-${station.clusterId}`}>{clusterName}</Link>
        </dd>
      </div>
      <div>
        <dt>{t('station.kind')}</dt>
        <dd>
          <KindLabel kind={station.kind} />
        </dd>
      </div>
      <div className="facts__wide">
        <dt>{t('station.standard')}</dt>
        <dd>{standardText}</dd>
      </div>
      <div>
        <dt>{t('station.interval')}</dt>
        <dd>{t('station.intervalValue', { seconds: formatLimitNumber(station.expectedIntervalS, language, 0) })}</dd>
      </div>
      <div>
        <dt>{t('overview.lastSeen')}</dt>
        <dd>{station.lastSeen ? <RelativeTimeText time={station.lastSeen} /> : t('overview.neverSeen')}</dd>
      </div>
    </dl>
  );
}

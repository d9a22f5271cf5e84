import type { StationDto } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';
import { RelativeTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatValueWithUnit } from '../../../lib/format/format';
import { parameterSpec, qualityFlag } from '../../../lib/parameters';

/** The newest value of a parameter: changes with every reading, so kept apart from the chart. */
export function LatestValue({ station, parameter }: { readonly station: StationDto; readonly parameter: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const latest = station.latest[parameter];
  if (!latest) return null;
  const spec = parameterSpec(station.kind, parameter);
  const flag = qualityFlag(spec, latest.value);
  return (
    <p className="latest">
      <span className="muted">{t('station.latest')}: </span>
      <strong data-testid={`latest-${parameter}`}>
        {formatValueWithUnit(latest.value, spec, language)}
      </strong>{' '}
      {flag && (
        <span className="badge badge--quality" data-testid={`quality-${parameter}`} data-flag={flag} title={t('station.quality.title')}>
          {t(`station.quality.${flag}`)}
        </span>
      )}{' '}
      <span className="muted small">
        <RelativeTimeText time={latest.time} />
      </span>
      {latest.status !== '00' && <span className="values__device">{t(`deviceStatus.${latest.status}`)}</span>}
    </p>
  );
}

import type { StationDto } from '@langxanh/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DateTimeText, RelativeTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { useNow } from '../../../lib/clock/useNow';
import { formatNumber } from '../../../lib/format/format';
import { detectEmptyings, forecastFull } from '../fill';
import { useFillHistory } from '../hooks/useFillHistory';

export interface WasteRowProps {
  readonly station: StationDto;
  readonly clusterName: string;
  readonly threshold: number;
}

/** One waste point: fill bar against its threshold, filling rate, forecast of "full", last collection seen. */
export function WasteRow({ station, clusterName, threshold }: WasteRowProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const now = useNow();
  const history = useFillHistory(station.id);
  const latestFill = station.latest['fill'];
  const latest = useMemo(
    () => (latestFill ? { t: Date.parse(latestFill.time), fill: latestFill.value } : null),
    [latestFill],
  );
  const forecast = useMemo(
    () => forecastFull(history.data?.means ?? [], latest, threshold, now),
    [history.data, latest, threshold, now],
  );
  const emptyings = useMemo(() => detectEmptyings(history.data?.envelope ?? []), [history.data]);
  const lastEmptying = emptyings.at(-1);
  const fill = latest?.fill ?? null;
  const level = fill === null ? 'unknown' : fill >= threshold ? 'full' : fill >= threshold * 0.75 ? 'high' : 'ok';

  return (
    <tr data-testid={`waste-row-${station.id}`} data-level={level}>
      <th scope="row">
        <Link to={`/stations/${encodeURIComponent(station.id)}`}>{station.name}</Link>
        <div className="muted small">{clusterName}</div>
      </th>
      <td>
        <div className={`fill-bar fill-bar--${level}`} role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fill ?? undefined} aria-label={t('waste.fill')}>
          <span className="fill-bar__value" style={{ width: `${Math.max(0, Math.min(100, fill ?? 0))}%` }} />
          <span className="fill-bar__threshold" style={{ left: `${threshold}%` }} title={t('waste.threshold', { value: threshold })} />
        </div>
        <span data-testid={`waste-fill-${station.id}`}>{fill === null ? '–' : `${formatNumber(fill, language, 0)} %`}</span>
        <span className="muted small"> / {formatNumber(threshold, language, 0)} %</span>
      </td>
      <td>
        {forecast.kind === 'forecast' || forecast.kind === 'steady'
          ? t('waste.ratePerHour', { value: formatNumber(forecast.ratePerHour, language, 1) })
          : '–'}
      </td>
      <td data-testid={`waste-forecast-${station.id}`} data-kind={forecast.kind}>
        {forecast.kind === 'full' && <strong className="text-alert">{t('waste.fullNow')}</strong>}
        {forecast.kind === 'forecast' && <DateTimeText time={forecast.at} />}
        {forecast.kind === 'steady' && <span className="muted">{t('waste.notFilling')}</span>}
        {forecast.kind === 'unknown' && <span className="muted">{history.isLoading ? t('common.loading') : t('waste.notEnoughData')}</span>}
      </td>
      <td data-testid={`waste-emptied-${station.id}`}>
        {lastEmptying ? (
          <>
            <RelativeTimeText time={lastEmptying.t} />
            <div className="muted small">
              {t('waste.emptyingEvent', {
                from: formatNumber(lastEmptying.from, language, 0),
                to: formatNumber(lastEmptying.to, language, 0),
                count: emptyings.length,
              })}
            </div>
          </>
        ) : (
          <span className="muted">{t('waste.noEmptying')}</span>
        )}
      </td>
    </tr>
  );
}

import { NOWCAST_MIN_RECENT_HOURS } from '@langxanh/aqi';
import type { AqiSubIndexDto, DailyAqiDto, HourlyAqiDto, StationDto } from '@langxanh/contracts';
import { useTranslation } from 'react-i18next';
import { DateTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatDateTime, formatDay, formatNumber, formatTime } from '../../../lib/format/format';
import { useStation } from '../../../lib/live/LiveStoreContext';
import { firstAqiAt } from '../expected';
import { bandView } from '../bands';
import { useStationAqi } from '../hooks/useStationAqi';
import { AqiBadge } from './AqiBadge';

/**
 * An air station's VN_AQI as QĐ 1459/QĐ-TCMT Bảng 3 asks it to be published: the band colour and label, health
 * advice for the band, every parameter's sub-index with the dominant one marked, the method and the data source.
 */
export function AqiPanel({ stationId }: { readonly stationId: string }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const { data, error, isPending: loading } = useStationAqi(stationId);
  const station = useStation(stationId);
  // PM shown on the page while the index is not yet computable: say why, and by when it will be (not "no PM data").
  const pm = latestPm(station);

  if (!data) {
    return (
      <section className="card aqi-panel" data-testid="aqi-panel" aria-labelledby="aqi-title">
        <h2 id="aqi-title">{t('aqi.title')}</h2>
        <p className="muted">{loading ? t('common.loading') : error ? t('aqi.unavailable') : t('aqi.noData')}</p>
      </section>
    );
  }
  const current: HourlyAqiDto = data.current;
  const band = current.band ? bandView(current.band, language) : null;
  return (
    <section className="card aqi-panel" data-testid="aqi-panel" aria-labelledby="aqi-title">
      <h2 id="aqi-title">{t('aqi.title')}</h2>
      {current.aqi === null || !band ? (
        <p className="muted" data-testid="aqi-value">
          {pm && current.reason === 'no_pm'
            ? t('aqi.pmPending', {
                parameter: pm.parameter,
                value: formatNumber(pm.value, language, 1),
                time: formatTime(pm.time, language),
                min: NOWCAST_MIN_RECENT_HOURS,
                at: formatDateTime(firstAqiAt(Date.parse(pm.time)), language),
              })
            : t(current.reason === 'no_pm' ? 'aqi.noPm' : 'aqi.noData')}
        </p>
      ) : (
        <>
          <p className="aqi-panel__current">
            <AqiBadge aqi={current.aqi} colour={band.colour} label={band.label} testId="aqi-value" />{' '}
            <strong data-testid="aqi-band" data-band={band.key}>
              {band.label}
            </strong>{' '}
            <span className="muted">
              · {t('aqi.hourEnding')} <DateTimeText time={current.time} />
            </span>
          </p>
          <p>{band.health}</p>
          <dl className="facts">
            <div>
              <dt>{t('aqi.adviceGeneral')}</dt>
              <dd>{band.adviceGeneral}</dd>
            </div>
            <div>
              <dt>{t('aqi.adviceSensitive')}</dt>
              <dd>{band.adviceSensitive}</dd>
            </div>
          </dl>
        </>
      )}
      {current.subIndices.length > 0 && <SubIndexTable rows={current.subIndices} />}
      <DailyTable data={data.daily} />
      <p className="muted small">{t('aqi.method', { method: data.method })}</p>
    </section>
  );
}

/** The station's latest PM2.5 (else PM10) value, if it reports one. */
function latestPm(station: StationDto | undefined): { parameter: string; value: number; time: string } | null {
  for (const parameter of ['PM2.5', 'PM10']) {
    const latest = station?.latest[parameter];
    if (latest && Number.isFinite(latest.value)) return { parameter, value: latest.value, time: latest.time };
  }
  return null;
}

function SubIndexTable({ rows }: { readonly rows: readonly AqiSubIndexDto[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <table className="table aqi-panel__subindices" data-testid="aqi-subindices">
      <caption className="sr-only">{t('aqi.subIndices')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('aqi.parameter')}</th>
          <th scope="col">{t('aqi.basis')}</th>
          <th scope="col" className="num">
            {t('aqi.concentration')}
          </th>
          <th scope="col" className="num">
            AQIx
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.parameter}-${row.basis}`} data-testid={`aqi-subindex-${row.parameter}`} data-dominant={row.dominant}>
            <th scope="row" className={row.dominant ? 'dominant' : undefined}>
              {row.parameter}
              {row.dominant && (
                <span className="badge badge--exceeding" data-testid="aqi-dominant">
                  {' '}
                  {t('aqi.dominant')}
                </span>
              )}
            </th>
            <td>{t(`aqi.bases.${row.basis}`)}</td>
            <td className="num">{formatNumber(row.concentration, language, 1)} µg/m³</td>
            <td className={`num${row.dominant ? ' dominant' : ''}`}>{row.aqi}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DailyTable({ data }: { readonly data: readonly DailyAqiDto[] }) {
  const { t } = useTranslation();
  const language = useLanguage();
  if (data.length === 0) return null;
  return (
    <table className="table" data-testid="aqi-daily">
      <caption>{t('aqi.daily')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('aqi.day')}</th>
          <th scope="col">VN_AQI</th>
          <th scope="col">{t('aqi.dominant')}</th>
        </tr>
      </thead>
      <tbody>
        {data.map((day) => {
          const band = day.band ? bandView(day.band, language) : null;
          return (
            <tr key={day.date}>
              <th scope="row">{formatDay(day.date, language)}</th>
              <td>
                {day.aqi !== null && band ? (
                  <>
                    <AqiBadge aqi={day.aqi} colour={band.colour} label={band.label} /> {band.label}
                    {day.provisional && <span className="muted small"> ({t('aqi.provisional')})</span>}
                  </>
                ) : (
                  <span className="muted">–</span>
                )}
              </td>
              <td>{day.dominant ?? '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

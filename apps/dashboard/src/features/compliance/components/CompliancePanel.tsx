import type { ComplianceReportDto, ComplianceRowDto, StationDto } from '@langxanh/contracts';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { isAccessDenied, SignInRequired } from '../../../components/SignInRequired';
import { LoadError, Loading } from '../../../components/StatusMessage';
import { DateTimeText } from '../../../components/TimeText';
import { useLanguage } from '../../../i18n/useLanguage';
import { formatLimitNumber, formatNumber } from '../../../lib/format/format';
import { formatPermitted, formatSource } from '../../../lib/format/limits';
import { parameterSpec } from '../../../lib/parameters';
import { downloadComplianceCsv } from '../api/compliance';
import { useCompliance } from '../hooks/useCompliance';
import { csvFileName, defaultPeriod, periodOfKind, periodQuery, type Period, type PeriodKind } from '../period';

const KINDS: readonly PeriodKind[] = ['day', 'month', 'custom'];

/**
 * Compliance of a station over a day, a month or a custom range: per limit, what was measured, completeness,
 * exceedances and their share, the worst value and when (calibrating and error data excluded, per the API);
 * a table, a chart and the CSV download.
 */
export function CompliancePanel({ station }: { readonly station: StationDto }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(Date.now()));
  const query = periodQuery(period);
  const report = useCompliance(station.id, query);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState(false);

  const download = (): void => {
    if (!query) return;
    setDownloading(true);
    setDownloadError(false);
    downloadComplianceCsv(station.id, query.from, query.to, csvFileName(station.id, query), language).then(
      () => setDownloading(false),
      () => {
        setDownloading(false);
        setDownloadError(true);
      },
    );
  };

  return (
    <section className="compliance" data-testid="compliance" aria-labelledby="compliance-title">
      <div className="section-heading">
        <h2 id="compliance-title">{t('compliance.title')}</h2>
      </div>
      <div className="compliance__controls">
        <div className="segmented" role="group" aria-label={t('compliance.period')}>
          {KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className="segmented__button"
              data-testid={`compliance-period-${kind}`}
              aria-pressed={period.kind === kind}
              onClick={() => setPeriod(periodOfKind(kind, Date.now()))}
            >
              {t(`compliance.periods.${kind}`)}
            </button>
          ))}
        </div>
        <PeriodInputs period={period} onChange={setPeriod} />
        <button
          type="button"
          className="button button--small button--primary"
          data-testid="compliance-csv"
          onClick={download}
          disabled={!query || downloading}
        >
          {t('compliance.downloadCsv')}
        </button>
        {downloadError && (
          <span className="form__error" role="alert">
            {t('compliance.downloadFailed')}
          </span>
        )}
      </div>
      {report.error &&
        (isAccessDenied(report.error) ? (
          <SignInRequired />
        ) : (
          <LoadError onRetry={() => void report.refetch()} message={t('compliance.loadError')} />
        ))}
      {report.isLoading && <Loading />}
      {report.data && <ComplianceReport report={report.data} />}
    </section>
  );
}

function PeriodInputs({ period, onChange }: { readonly period: Period; readonly onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  if (period.kind === 'day') {
    return (
      <label>
        {t('compliance.day')}{' '}
        <input type="date" data-testid="compliance-day" value={period.day} onChange={(e) => onChange({ kind: 'day', day: e.target.value })} />
      </label>
    );
  }
  if (period.kind === 'month') {
    return (
      <label>
        {t('compliance.month')}{' '}
        <input type="month" data-testid="compliance-month" value={period.month} onChange={(e) => onChange({ kind: 'month', month: e.target.value })} />
      </label>
    );
  }
  return (
    <>
      <label>
        {t('station.from')}{' '}
        <input type="date" data-testid="compliance-from" value={period.from} onChange={(e) => onChange({ ...period, from: e.target.value })} />
      </label>
      <label>
        {t('station.to')}{' '}
        <input type="date" data-testid="compliance-to" value={period.to} onChange={(e) => onChange({ ...period, to: e.target.value })} />
      </label>
    </>
  );
}

const pct = (value: number | null, language: string): string => (value === null ? '–' : `${formatNumber(value, language, 1)} %`);

function ComplianceReport({ report }: { readonly report: ComplianceReportDto }) {
  const { t } = useTranslation();
  const language = useLanguage();
  const chartData = useMemo(
    () =>
      report.rows.map((row) => ({
        name: `${row.parameter} (${t(`averaging.${row.averagingPeriod}`)})`,
        exceedance: row.exceedanceSharePct ?? 0,
        completeness: row.completenessPct ?? 0,
      })),
    [report.rows, t],
  );
  if (report.rows.length === 0) return <p className="muted">{t('compliance.noLimits')}</p>;
  return (
    <>
      <p className="muted small">
        <DateTimeText time={report.from} /> – <DateTimeText time={report.to} /> ·{' '}
        {report.until < report.to && (
          <>
            {t('compliance.countedUntil')} <DateTimeText time={report.until} /> ·{' '}
          </>
        )}
        {t('compliance.excluded', { statuses: report.excludedStatuses.join(', ') })}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="compliance-table">
          <caption className="sr-only">{t('compliance.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('compliance.parameter')}</th>
              <th scope="col">{t('compliance.limit')}</th>
              <th scope="col" className="num">
                {t('compliance.measured')}
              </th>
              <th scope="col" className="num">
                {t('compliance.completeness')}
              </th>
              <th scope="col" className="num">
                {t('compliance.exceedances')}
              </th>
              <th scope="col" className="num">
                {t('compliance.share')}
              </th>
              <th scope="col">{t('compliance.worst')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <ComplianceRow key={`${row.ruleId}|${row.from}`} row={row} kind={report.kind} language={language} />
            ))}
          </tbody>
        </table>
      </div>
      <figure className="panel__chart" aria-label={t('compliance.chartLabel')}>
        <ResponsiveContainer width="100%" height={Math.max(160, 40 + chartData.length * 34)}>
          <BarChart data={chartData} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
            <XAxis type="number" domain={[0, 100]} unit=" %" fontSize={12} />
            <YAxis type="category" dataKey="name" width={150} fontSize={12} />
            <Tooltip formatter={(value) => `${formatLimitNumber(Number(value), language, 1)} %`} isAnimationActive={false} />
            <Legend />
            <Bar dataKey="completeness" name={t('compliance.completeness')} fill="var(--series-band)" stroke="var(--series-mean)" isAnimationActive={false} />
            <Bar dataKey="exceedance" name={t('compliance.share')} fill="var(--exceeding-edge)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
    </>
  );
}

function ComplianceRow({ row, kind, language }: { readonly row: ComplianceRowDto; readonly kind: StationDto['kind']; readonly language: 'vi' | 'en' }) {
  const { t } = useTranslation();
  const decimals = parameterSpec(kind, row.parameter)?.decimals ?? 1;
  return (
    <tr data-testid={`compliance-row-${row.ruleId}`} data-parameter={row.parameter}>
      <th scope="row">
        {row.parameter} <span className="muted small">({t(`averaging.${row.averagingPeriod}`)})</span>
      </th>
      <td>
        {formatPermitted(row, language, t)}
        <div className="muted small">{formatSource(row.source, language)}</div>
      </td>
      <td className="num" data-testid={`compliance-measured-${row.ruleId}`}>
        {formatNumber(row.measured, language, 0)} / {formatNumber(row.expected, language, 0)}
        <div className="muted small">{t(`compliance.basis.${row.basis}`)}</div>
      </td>
      <td className="num">{pct(row.completenessPct, language)}</td>
      <td className="num" data-testid={`compliance-exceedances-${row.ruleId}`}>
        {formatNumber(row.exceedances, language, 0)}
      </td>
      <td className="num">{pct(row.exceedanceSharePct, language)}</td>
      <td>
        {row.worst ? (
          <>
            {formatNumber(row.worst.value, language, decimals)} <span className="muted small">{row.unit}</span>
            <div className="muted small">
              <DateTimeText time={row.worst.from} />
            </div>
          </>
        ) : (
          '–'
        )}
      </td>
    </tr>
  );
}

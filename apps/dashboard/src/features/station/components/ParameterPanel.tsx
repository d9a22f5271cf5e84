import { AVERAGING_PERIOD_MS, type AveragingPeriod, type StationDto } from '@langxanh/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '../../../components/StatusMessage';
import { ApiError } from '../../../lib/api/client';
import { useLanguage } from '../../../i18n/useLanguage';
import { DEFAULT_DECIMALS } from '../../../lib/format/format';
import { formatDuration } from '../../../lib/format/duration';
import { formatLimitValue, formatPermitted, formatSource, limitValues } from '../../../lib/format/limits';
import { useRecentReadings } from '../../../lib/live/LiveStoreContext';
import { parameterLabel, parameterSpec } from '../../../lib/parameters';
import { useReadings } from '../hooks/useReadings';
import { resolveRange, type RangeSelection } from '../ranges';
import { buildSeries, hasValues, livePoints, timeTicks, withRollingMean, type LivePoint } from '../series';
import { LatestValue } from './LatestValue';
import { toFillHistory } from '../../waste/api/fill-history';
import { detectEmptyings } from '../../waste/fill';
import { ParameterChart, type LimitLine, type TimeMarker } from './ParameterChart';

const NO_LIVE_POINTS: readonly LivePoint[] = [];

export interface ParameterPanelProps {
  readonly station: StationDto;
  readonly parameter: string;
  readonly range: RangeSelection;
}

/** Fetches and assembles one parameter's series (history + live) and hands it to the chart. */
export function ParameterPanel({ station, parameter, range }: ParameterPanelProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  const spec = parameterSpec(station.kind, parameter);
  const label = parameterLabel(station.kind, parameter, language);
  const headingId = `chart-title-${parameter}`;

  // The longest rolling averaging period among this parameter's limits (QCVN 05:2023: 1 h, 8 h, 24 h means; the
  // rule data says which): raw values are drawn with their rolling mean over it, the series the limit is about.
  const rollingPeriod = useMemo(() => {
    let longest: AveragingPeriod | null = null;
    for (const rule of station.limits) {
      if (rule.parameter !== parameter || (rule.measure ?? 'value') !== 'value') continue;
      const period = rule.averagingPeriod;
      if (period === 'instant' || period === 'calendarDay') continue;
      if (!longest || AVERAGING_PERIOD_MS[period] > AVERAGING_PERIOD_MS[longest]) longest = period;
    }
    return longest;
  }, [station.limits, parameter]);
  // The rolling mean at the range's start needs the period before it: fetched too, drawn only from the start — when
  // the range is at least that long (the buckets then at most double); a shorter range keeps its fine buckets.
  const spanForLead = resolveRange(range, Date.now());
  const periodMs = rollingPeriod ? AVERAGING_PERIOD_MS[rollingPeriod] : 0;
  const leadMs = periodMs > 0 && spanForLead.to - spanForLead.from >= periodMs ? periodMs : 0;
  const history = useReadings(station.id, parameter, range, leadMs);
  const recent = useRecentReadings(station.id);
  const live = useMemo(() => livePoints(recent, parameter), [recent, parameter]);
  const liveGapMs = Math.max(3 * station.expectedIntervalS, 60) * 1000;
  const everyS = history.data?.everyS ?? station.expectedIntervalS;

  // A custom range in the past is a fixed window: no live tail.
  const tail = resolveRange(range, Date.now()).live ? live : NO_LIVE_POINTS;
  const points = useMemo(() => {
    const series = buildSeries(history.data?.points ?? [], tail, { everyS, liveGapMs });
    if (!rollingPeriod || !history.data) return series;
    const shownFrom = Date.parse(history.data.from) + leadMs;
    return withRollingMean(series, AVERAGING_PERIOD_MS[rollingPeriod], everyS).filter((p) => p.t >= shownFrom);
  }, [history.data, tail, everyS, liveGapMs, rollingPeriod, leadMs]);

  const resolved = resolveRange(range, history.data ? Date.parse(history.data.to) : Date.now());
  const spanMs = resolved.to - resolved.from;
  const { tickMs, live: followsNow } = resolved;
  const customFrom = range.choice === 'custom' ? range.from : undefined;
  const domain = useMemo((): [number, number] => {
    if (!followsNow && customFrom !== undefined) return [customFrom, customFrom + spanMs];
    const to = history.data ? Date.parse(history.data.to) : Date.now();
    const lastT = points.length > 0 ? points[points.length - 1].t : to;
    const end = Math.max(to, lastT);
    return [end - spanMs, end];
  }, [history.data, points, spanMs, followsNow, customFrom]);
  const ticks = useMemo(() => timeTicks(domain[0], domain[1], tickMs), [domain, tickMs]);

  // Limits on the value itself only: a rule on a derived measure (e.g. a bin's temperature rise, °C/min) is not a
  // level of this chart.
  const rules = useMemo(
    () => station.limits.filter((rule) => rule.parameter === parameter && (rule.measure ?? 'value') === 'value'),
    [station.limits, parameter],
  );
  const limits = useMemo(
    (): LimitLine[] =>
      rules.flatMap((rule) =>
        limitValues(rule).map((value) => ({
          key: `${rule.id}:${value}`,
          value,
          bound: value === rule.min ? ('min' as const) : ('max' as const),
          label: `${formatSource(rule.source, language)}: ${formatLimitValue(value, rule.unit, language)}`,
        })),
      ),
    [rules, language],
  );

  const labels = useMemo(
    () => ({
      mean: t('station.mean'),
      band: t('station.minMax'),
      rolling: rollingPeriod && points.some((p) => p.rolling != null) ? t('station.rollingMean', { period: t(`averaging.${rollingPeriod}`) }) : undefined,
    }),
    [t, rollingPeriod, points],
  );
  // A waste point's fill level: mark the collections seen in the series.
  const markers = useMemo((): TimeMarker[] | undefined => {
    if (station.kind !== 'waste' || parameter !== 'fill' || !history.data) return undefined;
    const { envelope } = toFillHistory(history.data.points, history.data.everyS);
    return detectEmptyings(envelope).map((e) => ({ t: e.t, label: t('waste.emptied') }));
  }, [station.kind, parameter, history.data, t]);
  const drawable = hasValues(points);
  const chartLabel =
    range.choice === 'custom'
      ? t('station.chartLabelCustom', { parameter: label })
      : t('station.chartLabel', { parameter: label, range: t(`station.range${range.choice}`) });

  return (
    <section className="card panel" data-testid={`chart-${parameter}`} aria-labelledby={headingId}>
      <header className="panel__header">
        <h3 id={headingId}>
          {label}
          {label !== parameter && <span className="muted"> · {parameter}</span>}
          {spec?.unit ? <span className="muted"> ({spec.unit})</span> : null}
        </h3>
        <LatestValue station={station} parameter={parameter} />
      </header>
      {history.error &&
        (history.error instanceof ApiError && history.error.status === 400 ? (
          // The API refused the range itself (e.g. longer than it serves): say why; retrying would not help.
          <LoadError message={t('station.chartRefused', { detail: history.error.problem?.detail ?? history.error.message })} />
        ) : (
          <LoadError onRetry={() => void history.refetch()} message={t('station.chartError')} />
        ))}
      {history.isPending && <Loading />}
      {drawable ? (
        <figure className="panel__chart" role="group" aria-label={chartLabel}>
          <ParameterChart
            points={points}
            domain={domain}
            ticks={ticks}
            limits={limits}
            decimals={spec?.decimals ?? DEFAULT_DECIMALS}
            language={language}
            labels={labels}
            markers={markers}
          />
          <figcaption className="panel__caption small">
            {rules.length > 0 && (
              <ul className="panel__limits">
                {rules.map((rule) => (
                  <li key={rule.id}>
                    <span className="panel__limit-swatch" aria-hidden="true" />
                    {t('station.limitNote', {
                      permitted: formatPermitted(rule, language, t),
                      period: t(`averaging.${rule.averagingPeriod}`),
                      source: formatSource(rule.source, language),
                    })}
                  </li>
                ))}
              </ul>
            )}
            {history.data && (
              <p className="muted">{t('station.bucket', { duration: formatDuration(history.data.everyS, language, t) })}</p>
            )}
          </figcaption>
        </figure>
      ) : (
        !history.isPending && !history.error && <p className="muted">{t('station.noDataInRange')}</p>
      )}
    </section>
  );
}

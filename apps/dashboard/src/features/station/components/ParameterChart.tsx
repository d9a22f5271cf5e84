import { memo, useCallback, useMemo } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type DotItemDotProps,
} from 'recharts';
import { formatAxisTick, formatDateTime, formatLimitNumber, formatNumber } from '../../../lib/format/format';
import { alonePoints, limitLabelSide, valueTicks, type ChartPoint } from '../series';

export interface LimitLine {
  readonly key: string;
  readonly value: number;
  /** A lower bound gets its label above the line, an upper bound below it: both stay inside the plot. */
  readonly bound: 'min' | 'max';
  readonly label: string;
}

/** A moment marked on the time axis (e.g. a waste point emptied). */
export interface TimeMarker {
  readonly t: number;
  readonly label: string;
}

export interface ParameterChartProps {
  /** Memoised by the caller: a new array means new data. */
  readonly points: readonly ChartPoint[];
  /** Time domain [from, to], epoch ms. */
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  readonly limits: readonly LimitLine[];
  readonly decimals: number;
  readonly language: string;
  /** `rolling`: the legend of the rolling-mean series, when the points carry one (an averaged limit). */
  readonly labels: { readonly mean: string; readonly band: string; readonly rolling?: string };
  /** Vertical markers; memoised by the caller. */
  readonly markers?: readonly TimeMarker[];
  readonly height?: number;
}

// Stable accessors and styles (recharts re-computes when these change identity).
const timeKey = (p: ChartPoint): number => p.t;
const meanKey = (p: ChartPoint): number | null => p.mean;
const bandKey = (p: ChartPoint): readonly [number, number] | null => p.band;
const rollingKey = (p: ChartPoint): number | null => p.rolling ?? null;
const labelPosition = (bound: LimitLine['bound'], index: number, value: number, ticks: readonly number[] | undefined) =>
  `${limitLabelSide(bound, value, ticks) === 'below' ? 'insideTop' : 'insideBottom'}${index % 2 === 0 ? 'Left' : 'Right'}` as const;
const legendText = (value: string) => <span className="chart-legend">{value}</span>;
const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
/** Radius of the dot of a value without neighbours, px (the line is 2 px wide: the dot reads as a point of it). */
const ALONE_DOT_R = 3;

/**
 * One parameter over time: mean line, min–max band (an Area), and the limits as reference lines. Data comes in by
 * props only. Gaps are null points: `connectNulls={false}` breaks the line and the band there. A value with a gap
 * on both sides (`alonePoints`) would be a line of zero length, so it is drawn as a dot (`chart-point-alone`).
 */
export const ParameterChart = memo(function ParameterChart({
  points,
  domain,
  ticks,
  limits,
  decimals,
  language,
  labels,
  markers,
  height = 240,
}: ParameterChartProps) {
  const span = domain[1] - domain[0];
  const alone = useMemo(() => alonePoints(points), [points]);
  const aloneDot = useCallback(
    ({ cx, cy, payload }: DotItemDotProps) =>
      alone.has(payload as ChartPoint) && cx !== undefined && cy !== undefined ? (
        <circle className="chart-point-alone" cx={cx} cy={cy} r={ALONE_DOT_R} fill="var(--series-mean)" />
      ) : null,
    [alone],
  );
  // Ticks no finer than the shown decimals (no "21, 21, 20"), spanning values and limits.
  const yTicks = useMemo(() => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    const see = (v: number | null | undefined): void => {
      if (typeof v === 'number' && Number.isFinite(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    };
    for (const p of points) {
      see(p.mean);
      see(p.band?.[0]);
      see(p.band?.[1]);
      see(p.rolling);
    }
    for (const limit of limits) see(limit.value);
    return valueTicks(min, max, decimals);
  }, [points, limits, decimals]);
  const formatValue = (value: unknown): string => {
    if (Array.isArray(value)) return value.map((v) => formatNumber(Number(v), language, decimals)).join(' – ');
    return typeof value === 'number' ? formatNumber(value, language, decimals) : '';
  };

  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={points as ChartPoint[]} margin={MARGIN}>
        <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
        <XAxis
          dataKey={timeKey}
          type="number"
          scale="time"
          domain={[domain[0], domain[1]]}
          ticks={ticks as number[]}
          tickFormatter={(ms: number) => formatAxisTick(ms, span)}
          allowDataOverflow
          fontSize={12}
        />
        <YAxis
          width={56}
          domain={yTicks ? [yTicks[0], yTicks[yTicks.length - 1]] : ['auto', 'auto']}
          ticks={yTicks}
          allowDecimals={decimals > 0}
          tickFormatter={(value: number) => formatLimitNumber(value, language, decimals)}
          fontSize={12}
        />
        <Tooltip
          labelFormatter={(label) => formatDateTime(Number(label), language)}
          formatter={(value) => formatValue(value)}
          isAnimationActive={false}
        />
        <Legend verticalAlign="bottom" height={24} iconSize={10} formatter={legendText} />
        <Area
          dataKey={bandKey}
          name={labels.band}
          type="linear"
          stroke="none"
          fill="var(--series-band)"
          fillOpacity={1}
          connectNulls={false}
          isAnimationActive={false}
          activeDot={false}
        />
        <Line
          dataKey={meanKey}
          name={labels.mean}
          type="linear"
          stroke="var(--series-mean)"
          strokeWidth={2}
          dot={aloneDot}
          connectNulls={false}
          isAnimationActive={false}
        />
        {labels.rolling && (
          <Line
            dataKey={rollingKey}
            name={labels.rolling}
            type="linear"
            stroke="var(--series-rolling)"
            strokeWidth={2}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        )}
        {markers?.map((marker) => (
          <ReferenceLine
            key={`marker-${marker.t}`}
            x={marker.t}
            stroke="var(--muted)"
            strokeDasharray="2 3"
            label={{ value: marker.label, position: 'insideTopRight', fill: 'var(--muted)', fontSize: 11 }}
          />
        ))}
        {limits.map((limit, index) => (
          <ReferenceLine
            key={limit.key}
            y={limit.value}
            stroke="var(--limit)"
            strokeDasharray="6 4"
            strokeWidth={1.5}
            ifOverflow="extendDomain"
            label={{
              value: limit.label,
              position: labelPosition(limit.bound, index, limit.value, yTicks),
              fill: 'var(--limit-text)',
              fontSize: 11,
            }}
          />
        ))}
      </ComposedChart>
    </ResponsiveContainer>
  );
});

/**
 * Compliance of one station over a period against the limits of its standard (QCVN 40:2011/BTNMT for wastewater,
 * QCVN 05:2023/BTNMT Bảng 1 for air, waste-point conventions), each counted on its own averaging period. Pure:
 * the caller supplies the rules in force, hourly means and sample statistics (already restricted to status `00`
 * data: TT 10/2021/TT-BTNMT status `01` calibrating and `02` device error are excluded, shared docs/domain.md §4.2).
 */
import { exceeds, excess } from '@langxanh/alerting';
import type { ComplianceRowDto, ComplianceWorstDto, ThresholdRule } from '@langxanh/contracts';
import { vietnamMidnightsWithin, wholeVietnamDays, type TimeRange } from './period';

const HOUR_MS = 3_600_000;

/** Hourly means an 8-h mean needs (75 %; QCVN 05:2023 sets no rule, the same policy as the VN_AQI 8-h means). */
export const EIGHT_HOUR_MIN_HOURS = 6;
/** Hourly means a 24-h mean needs (75 %, as US EPA; QCVN 05:2023 sets no rule; shared docs/domain.md §1.6). */
export const DAY_MIN_HOURS = 18;

/** A limit and the part of the report range in which it is in force. */
export interface RuleSegment extends TimeRange {
  readonly rule: ThresholdRule;
}

/**
 * Splits `range` by the limits in force: `rulesAt(t)` (e.g. `rulesForStation(station, t)` of `@langxanh/standards`)
 * is asked at `range.from` and at every Vietnam midnight inside the range (effective dates are Vietnam calendar
 * days); consecutive days with the same limit (id, comparison, min, max, averaging period) form one segment.
 * Segments come grouped per rule, in the order the rules first appear, then by time.
 */
export function ruleSegments(
  rulesAt: (at: number) => readonly ThresholdRule[],
  range: TimeRange,
): RuleSegment[] {
  if (!(range.from < range.to)) throw new RangeError(`empty range [${range.from}, ${range.to})`);
  const bounds = [range.from, ...vietnamMidnightsWithin(range), range.to];
  const key = (r: ThresholdRule) => JSON.stringify([r.id, r.comparison, r.min, r.max, r.averagingPeriod]);
  const groups = new Map<string, { rule: ThresholdRule; from: number; to: number }[]>();
  const order: string[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    for (const rule of rulesAt(bounds[i])) {
      const k = key(rule);
      let list = groups.get(k);
      if (!list) {
        list = [];
        groups.set(k, list);
        order.push(k);
      }
      const last = list[list.length - 1];
      if (last && last.to === bounds[i]) last.to = bounds[i + 1];
      else list.push({ rule, from: bounds[i], to: bounds[i + 1] });
    }
  }
  return order.flatMap((k) => groups.get(k) ?? []);
}

/** The hourly means a set of segments needs: whole hours from 7 h before the first start (8-h means) to the end. */
export function hourlyRangeFor(segments: readonly RuleSegment[]): TimeRange | undefined {
  const averaged = segments.filter((s) => s.rule.averagingPeriod !== 'instant');
  if (averaged.length === 0) return undefined;
  const from = Math.min(...averaged.map((s) => s.from));
  const to = Math.max(...averaged.map((s) => s.to));
  return { from: Math.floor(from / HOUR_MS) * HOUR_MS - 7 * HOUR_MS, to: Math.ceil(to / HOUR_MS) * HOUR_MS };
}

/** One clock hour of one parameter, from samples with status `00` only. */
export interface HourlyMean {
  /** Start of the hour, epoch ms. */
  readonly start: number;
  /** Mean of the hour's valid samples; null when it had none. */
  readonly mean: number | null;
  /** Valid samples (status `00`). */
  readonly samples: number;
  /** Samples with status `01` or `02`, left out. */
  readonly excluded: number;
}

/** Thresholds to count samples against, for {@link SampleStats}. */
export interface SampleThresholds {
  /** Count samples > this. */
  readonly above?: number;
  /** Count samples ≥ this. */
  readonly atOrAbove?: number;
  /** Count samples < this. */
  readonly below?: number;
}

/** The sample counts an instant limit needs (see `ThresholdRule.comparison`). */
export function sampleThresholds(rule: ThresholdRule): SampleThresholds {
  switch (rule.comparison) {
    case 'above':
      return { above: rule.max };
    case 'atOrAbove':
      return { atOrAbove: rule.max };
    case 'below':
      return { below: rule.min };
    case 'outside':
      return { above: rule.max, below: rule.min };
  }
}

/** Statistics of one parameter's samples over a span, status `00` only (storage computes them). */
export interface SampleStats {
  readonly samples: number;
  readonly excluded: number;
  /** Counts for the thresholds asked ({@link sampleThresholds}). */
  readonly above?: number;
  readonly atOrAbove?: number;
  readonly below?: number;
  /** Largest and smallest valid sample, with its time (epoch ms). */
  readonly max: { readonly value: number; readonly time: number } | null;
  readonly min: { readonly value: number; readonly time: number } | null;
}

const pct = (part: number, whole: number): number | null =>
  whole > 0 ? Math.round(Math.min(100, (part / whole) * 100) * 10) / 10 : null;
const tidy = (x: number): number => Math.round(x * 1e6) / 1e6;
const iso = (ms: number): string => new Date(ms).toISOString();

function baseRow(
  segment: RuleSegment,
): Omit<
  ComplianceRowDto,
  | 'basis'
  | 'expected'
  | 'measured'
  | 'completenessPct'
  | 'excludedSamples'
  | 'exceedances'
  | 'exceedanceSharePct'
  | 'worst'
> {
  const { rule } = segment;
  return {
    parameter: rule.parameter,
    unit: rule.unit,
    ruleId: rule.id,
    comparison: rule.comparison,
    ...(rule.min !== undefined ? { min: rule.min } : {}),
    ...(rule.max !== undefined ? { max: rule.max } : {}),
    averagingPeriod: rule.averagingPeriod,
    source: rule.source,
    from: iso(segment.from),
    to: iso(segment.to),
  };
}

/**
 * The row of an **instant** limit (every sample compared, e.g. QCVN 40:2011 wastewater): expected samples =
 * ⌊span / expectedIntervalS⌋; measured = valid samples; exceedances from the threshold counts; worst = the largest
 * sample for an upper limit, the smallest for a lower one, the one further outside for a range.
 * @throws RangeError when the segment's rule is not instant or a needed count is missing.
 */
export function instantRow(
  segment: RuleSegment,
  stats: SampleStats,
  expectedIntervalS: number,
): ComplianceRowDto {
  const { rule } = segment;
  if (rule.averagingPeriod !== 'instant') throw new RangeError(`${rule.id} is not an instant limit`);
  const need = (n: number | undefined, what: string): number => {
    if (n === undefined) throw new RangeError(`sample stats of ${rule.id} lack the "${what}" count`);
    return n;
  };
  const exceedances =
    rule.comparison === 'above'
      ? need(stats.above, 'above')
      : rule.comparison === 'atOrAbove'
        ? need(stats.atOrAbove, 'atOrAbove')
        : rule.comparison === 'below'
          ? need(stats.below, 'below')
          : need(stats.above, 'above') + need(stats.below, 'below');
  const candidates = (
    rule.comparison === 'below'
      ? [stats.min]
      : rule.comparison === 'outside'
        ? [stats.max, stats.min]
        : [stats.max]
  ).filter((c): c is { value: number; time: number } => c !== null);
  const worst = candidates.reduce<{ value: number; time: number } | null>(
    (best, c) => (best === null || excess(rule, c.value) > excess(rule, best.value) ? c : best),
    null,
  );
  const expected = Math.floor((segment.to - segment.from) / 1000 / expectedIntervalS);
  return {
    ...baseRow(segment),
    basis: 'samples',
    expected,
    measured: stats.samples,
    completenessPct: pct(stats.samples, expected),
    excludedSamples: stats.excluded,
    exceedances,
    exceedanceSharePct: pct(exceedances, stats.samples),
    worst: worst && { value: worst.value, from: iso(worst.time), to: iso(worst.time) },
  };
}

interface Average {
  readonly from: number;
  readonly to: number;
  readonly value: number | null;
}

/** Mean of the hourly means of the hours starting at `first`, `first` + 1 h, … (`count` of them), if enough exist. */
function meanOfHours(
  byStart: ReadonlyMap<number, HourlyMean>,
  first: number,
  count: number,
  min: number,
): number | null {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const m = byStart.get(first + i * HOUR_MS)?.mean;
    if (m !== null && m !== undefined) values.push(m);
  }
  return values.length >= min ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** The averages of a segment for its rule's averaging period. */
function averagesOf(segment: RuleSegment, byStart: ReadonlyMap<number, HourlyMean>): Average[] {
  const firstHour = Math.ceil(segment.from / HOUR_MS) * HOUR_MS;
  const out: Average[] = [];
  switch (segment.rule.averagingPeriod) {
    case '1h':
      for (let h = firstHour; h + HOUR_MS <= segment.to; h += HOUR_MS) {
        out.push({ from: h, to: h + HOUR_MS, value: meanOfHours(byStart, h, 1, 1) });
      }
      break;
    case '8h':
      // One 8-h mean per whole hour ending in (from, to], labelled by its end (QĐ 1459 mục 2.2.2 a: 24 per day).
      for (let end = firstHour + HOUR_MS; end <= segment.to; end += HOUR_MS) {
        out.push({
          from: end - 8 * HOUR_MS,
          to: end,
          value: meanOfHours(byStart, end - 8 * HOUR_MS, 8, EIGHT_HOUR_MIN_HOURS),
        });
      }
      break;
    case '24h':
      for (const day of wholeVietnamDays(segment)) {
        out.push({ from: day, to: day + 24 * HOUR_MS, value: meanOfHours(byStart, day, 24, DAY_MIN_HOURS) });
      }
      break;
    case 'instant':
      throw new RangeError(`${segment.rule.id} is an instant limit`);
  }
  return out;
}

/**
 * The row of a limit on a **mean** (QCVN 05:2023/BTNMT 1 h, 8 h, 24 h): each mean of the period in the segment
 * is compared with the limit. 1 h: clock hours wholly inside the segment; 8 h: one mean per whole hour ending in
 * the segment, over hours H−7 … H, valid with ≥ {@link EIGHT_HOUR_MIN_HOURS} hourly means; 24 h: Vietnam calendar
 * days wholly inside the segment, valid with ≥ {@link DAY_MIN_HOURS} hourly means. Means are means of the hourly
 * means present. `hourly` = the parameter's hourly means (status `00` data), covering {@link hourlyRangeFor}.
 * @throws RangeError for an instant rule.
 */
export function averagedRow(segment: RuleSegment, hourly: readonly HourlyMean[]): ComplianceRowDto {
  const byStart = new Map(hourly.map((h) => [h.start, h]));
  const averages = averagesOf(segment, byStart);
  const valid = averages.filter((a): a is Average & { value: number } => a.value !== null);
  const exceedances = valid.filter((a) => exceeds(segment.rule, a.value)).length;
  let worst: ComplianceWorstDto | null = null;
  let worstExcess = Number.NEGATIVE_INFINITY;
  for (const a of valid) {
    const e = excess(segment.rule, a.value);
    if (e > worstExcess) {
      worstExcess = e;
      worst = { value: tidy(a.value), from: iso(a.from), to: iso(a.to) };
    }
  }
  const excludedSamples = hourly
    .filter((h) => h.start >= segment.from && h.start < segment.to)
    .reduce((sum, h) => sum + h.excluded, 0);
  const period = segment.rule.averagingPeriod as '1h' | '8h' | '24h';
  return {
    ...baseRow(segment),
    basis: period,
    expected: averages.length,
    measured: valid.length,
    completenessPct: pct(valid.length, averages.length),
    excludedSamples,
    exceedances,
    exceedanceSharePct: pct(exceedances, valid.length),
    worst,
  };
}

import {
  AVERAGING_PERIOD_MS,
  startOfVietnamDay,
  type AlertDto,
  type AlertSeverity,
  type Reading,
  type ThresholdRule,
} from '@langxanh/contracts';
import {
  iso,
  raisedValues,
  resolvedAlert,
  type AlertTransition,
  type OpenAlerts,
  type StationKeys,
} from './open-alerts';
import { RollingMinuteMeans, type LaterValues } from './rolling-mean';
import { copyFold, emptyFold, foldStep, SEVERITY_RANK, type FoldState, type FoldStep } from './rule-fold';
import { excess } from './threshold';

export interface ThresholdAlertingOptions {
  /**
   * Share of an averaging period's minutes that must hold data before its mean is compared with a limit
   * (default 0.75, after the US EPA 75 % completeness rule that domain.md §1.6 suggests borrowing).
   * Instantaneous rules need no coverage.
   */
  readonly minCoverage?: number;
  /**
   * Longest gap between two readings of a parameter over which a `risePerMinute` is computed (default 15 min):
   * across a longer silence the rise says nothing about a fire.
   */
  readonly maxRiseGapMs?: number;
  /**
   * Shortest span over which a `risePerMinute` is computed (default 5 min): the rise is measured from the newest
   * reading at least this much older, so a sensor's noise between readings a few seconds apart (±0.1 °C in 5 s
   * would read as 1.2 °C/min) is not taken for a fire.
   */
  readonly minRiseSpanMs?: number;
  /**
   * The guaranteed re-evaluation horizon in measurement time (default {@link REEVALUATION_HORIZON_MS}, 3 h): a late
   * reading at most this much older than the newest value of its parameter is always evaluated in its place, one up
   * to twice as old may be (see {@link ThresholdEvaluator}); an older one is stored and averaged but re-alerts
   * nothing (counted, {@link ThresholdEvaluator.lateReadings}).
   */
  readonly reevaluationHorizonMs?: number;
  /**
   * The same horizon in values per station and parameter (default {@link REEVALUATION_POINTS}, 180: 3 h at one
   * reading a minute): whichever of the two is reached first bounds it, so memory and the cost of one late reading
   * are bounded whatever the reading rate (a station reporting every 5 s re-evaluates over its last 15–30 min).
   */
  readonly reevaluationPoints?: number;
}

/**
 * Default guaranteed re-evaluation horizon: 3 h of measurement time (up to 6 h are kept). A project choice (no
 * regulation sets it): long enough for a datalogger's backlog after a network outage of a few hours (TT 10/2021
 * dataloggers keep and resend their data), short enough that the rolling means need only 6 h more than their
 * longest period (24 h) and memory stays bounded.
 */
export const REEVALUATION_HORIZON_MS = 3 * 3_600_000;
/** Default guaranteed re-evaluation horizon in values: 180 per station and parameter (3 h at one a minute). */
export const REEVALUATION_POINTS = 180;

const LONGEST_PERIOD_MS = Math.max(...Object.values(AVERAGING_PERIOD_MS));
const HOUR_MS = 3_600_000;

/**
 * How far back stored data is read to warm the rolling means up at start-up: the longest period (24 h) + the whole
 * default re-evaluation horizon (2 × 3 h) + 1 h = 31 h, the span of `RollingMinuteMeans`' hour buckets.
 */
export const WARM_UP_SPAN_MS = LONGEST_PERIOD_MS + 2 * REEVALUATION_HORIZON_MS + HOUR_MS;
/** Clock hours read as per-minute buckets at start-up (the current and the previous one); older ones as hour buckets. */
export const WARM_UP_MINUTE_HOURS = 2;
/** Start (epoch ms) of the per-minute warm-up at `now`: the start of the previous clock hour (UTC = Vietnam hours). */
export const warmUpMinutesFrom = (now: number): number =>
  (Math.floor(now / HOUR_MS) - (WARM_UP_MINUTE_HOURS - 1)) * HOUR_MS;

/** Stored aggregates of one station parameter for {@link ThresholdEvaluator.warmUp}; times are bucket starts, epoch ms. */
export interface WarmUpBuckets {
  /** Per minute: mean of its values and their count. */
  readonly minutes: readonly { time: number; mean: number; count: number }[];
  /** Per clock hour: mean, count of values, and `minutes` holding a value (0–60). */
  readonly hours: readonly { time: number; mean: number; count: number; minutes: number }[];
}
const MINUTES_PER_DAY = 1_440;
/** Pruned values at the front of a history that trigger a compaction (amortised O(1), no allocation). */
const COMPACT_AFTER = 64;
/** Resolved alerts remembered per station and rule (within the horizon), so a replay never announces them again. */
const MAX_CLOSED_EPISODES = 16;

/** The rules of one parameter in a station's rule list. */
interface ParameterRules {
  readonly parameter: string;
  readonly rules: readonly ThresholdRule[];
  /** Some rule compares its rise per minute. */
  readonly rising: boolean;
  /** Some rule compares a mean (its values are added to the rolling means). */
  readonly averaged: boolean;
}

/** An alert this engine announced and resolved (times epoch ms), kept while it lies inside the horizon. */
interface ClosedEpisode {
  raisedAt: number;
  resolvedAt: number;
  alert: AlertDto;
}

/**
 * One station × rule: its live fold; the fold before the oldest kept value (`checkpoint`, at the track's
 * `foldStart`) and the one before `nextStart` (`next`, the checkpoint to come); resolved alerts.
 */
interface RuleFold {
  readonly key: string;
  /** The rule as last evaluated in order (a replay judges every value with it). */
  rule: ThresholdRule;
  /**
   * Values older than this are not evaluated by this rule: the raise time of an alert restored open (after a
   * restart), so a reading from before it neither resolves it nor re-raises it; −∞ otherwise.
   */
  readonly notBefore: number;
  readonly live: FoldState;
  readonly checkpoint: FoldState;
  readonly next: FoldState;
  readonly closed: ClosedEpisode[];
}

/**
 * One station × parameter: its `00` values in measurement-time order (parallel arrays from `start`), the rule
 * folds over them. Values from `foldStart` on are re-evaluable (`nextStart` starts the current segment); older ones
 * (down to `maxRiseGapMs` before it, for
 * rise rules) are only the reference of a rise.
 */
interface ParameterTrack {
  readonly station: string;
  readonly parameter: string;
  readonly times: number[];
  readonly values: number[];
  start: number;
  foldStart: number;
  nextStart: number;
  /** Measurement time of the newest value folded into the checkpoints (−∞ before any). */
  checkpointTime: number;
  rising: boolean;
  readonly folds: RuleFold[];
  /** The same folds by rule id (one lookup per rule and reading). */
  readonly byRule: Map<string, RuleFold>;
  /** The parameter's rolling means, once it has an averaged rule. */
  series?: RollingMinuteMeans;
}

/** An episode found by a replay (times epoch ms; `resolvedAt` NaN while open). */
interface Episode {
  raisedAt: number;
  triggerValue: number;
  severity: AlertSeverity;
  peakValue: number;
  lastValue: number;
  lastValueAt: number;
  resolvedAt: number;
  resolvedValue: number;
}

/** Counts of readings that arrived older than the newest evaluated value of their parameter. */
export interface LateReadingCounts {
  /** Late values inside the re-evaluation horizon: evaluated in their place (the rule re-folded). */
  readonly reevaluated: number;
  /** Late values beyond it: stored and averaged, evaluated against nothing. */
  readonly beyondHorizon: number;
}

/**
 * Threshold rules, pure (no I/O, no clock: time comes from the readings).
 *
 * For each reading and each rule on a parameter it carries, the value — instantaneous, the rolling or calendar-day
 * mean over the rule's averaging period, or its rise per minute — is compared with the limit (`critical`) and the
 * warning level (`warningFraction` of the limit) by {@link foldStep}: a level counts once the value has stayed beyond
 * it for the rule's pending duration and consecutive count (so a single spike does not page); the alert is raised
 * at that level, and its severity can rise (never fall) while it is open. It resolves once the value is back inside
 * by the rule's deadband (so a value hovering at the limit gives one alert per episode). Values whose datalogger
 * status is not `00` (calibrating `01`, device error `02`, TT 10/2021/TT-BTNMT) are neither evaluated nor averaged.
 *
 * **Measurement-time order.** Per station and parameter the `00` values of the re-evaluation horizon are kept in
 * time order, in two segments of at most `reevaluationHorizonMs` and `reevaluationPoints` values each (3 h / 180 by
 * default: a late value up to 3 h — or 180 values — older than the newest is always re-evaluated, one up to 6 h / 360
 * values may be), with, per rule, a checkpoint: the fold state before the oldest kept value (a copy of the live
 * state taken when its segment started, see {@link rollOver}). A value newer than the newest is folded at once:
 * O(1), no allocation, nothing recomputed.
 * A late value inside the horizon is inserted in its place and each rule on its parameter is re-folded from its
 * checkpoint in time order (the averages recomputed at each value's time), then only the NET change is announced:
 * - an open alert stays open (its id kept, so no notification key is sent twice) when the replay still has it open,
 *   and even when the replay never raised it; it moves its `raisedAt`/`triggerValue` back to an earlier start, takes
 *   a higher severity (`updated`; a severity never falls) or a worse peak;
 * - it resolves (at the replay's resolution time) only when the replay resolves it and nothing later re-opens it —
 *   so a late normal value older than an exceedance never resolves it;
 * - an episode the replay finds that overlaps no alert announced within the horizon is raised (and, if it has
 *   already ended, resolved: both announced); one overlapping an announced, resolved alert only updates it.
 * A value at a time already evaluated (a QoS 1 redelivery) is refused, once; a late value beyond the horizon is
 * averaged but evaluated against nothing ({@link lateReadings}). A replay judges every value with the rule as last
 * evaluated in order (limits change on effective dates, a few times a year). The mean at a replayed value's time
 * is the one it would have had as the newest: the minutes up to its own, without the values of its minute measured
 * after it (a late value beyond the horizon still counts in the means of the values after it).
 */
export class ThresholdEvaluator {
  private readonly means = new Map<string, RollingMinuteMeans>();
  private readonly tracks = new Map<string, ParameterTrack>();
  private readonly minCoverage: number;
  private readonly maxRiseGapMs: number;
  private readonly minRiseSpanMs: number;
  /** Newest measurement time per station (epoch ms), see {@link knowNewest}. */
  private readonly stationNewest = new Map<string, number>();
  private readonly segmentMs: number;
  private readonly segmentPoints: number;
  private reevaluated = 0;
  private beyondHorizon = 0;
  /** The later values of a replayed value's minute (reused, see {@link valueAt}). */
  private readonly later: LaterValues = { count: 0, sum: 0 };
  /** The fold a replay works on (reused). */
  private readonly scratch = emptyFold();
  /** The rules by parameter of each rule list seen (the registry hands out the same list for a station and day). */
  private readonly ruleParameters = new WeakMap<readonly ThresholdRule[], readonly ParameterRules[]>();

  constructor(
    private readonly open: OpenAlerts,
    private readonly keys: StationKeys,
    options: ThresholdAlertingOptions = {},
  ) {
    this.minCoverage = options.minCoverage ?? 0.75;
    this.maxRiseGapMs = options.maxRiseGapMs ?? 15 * 60_000;
    this.minRiseSpanMs = options.minRiseSpanMs ?? 5 * 60_000;
    this.segmentMs = options.reevaluationHorizonMs ?? REEVALUATION_HORIZON_MS;
    this.segmentPoints = Math.max(1, options.reevaluationPoints ?? REEVALUATION_POINTS);
  }

  /**
   * Seeds the rolling means of one station's parameter with stored aggregates, so that averaged limits are not
   * blind for a whole averaging period after a restart (times: bucket start, epoch ms; means in the parameter's
   * unit). `minutes`: per-minute mean and count, for the current and previous clock hour
   * ({@link warmUpMinutesFrom}), so the 1-h sliding window is exact at once; `hours`: per-clock-hour mean, count and
   * minutes holding a value, for everything older (up to {@link WARM_UP_SPAN_MS}). Merge with values already
   * evaluated live (the warm-up may run after live readings arrived): a stored minute is skipped where live values
   * already fill that minute, a stored hour where live values already fill that hour (any value in it), so nothing
   * is counted twice (see `RollingMinuteMeans.addAggregate` / `addHourAggregate`).
   */
  warmUp(station: string, parameter: string, stored: WarmUpBuckets): void {
    const series = this.series(station, parameter);
    for (const hour of stored.hours) {
      if (hour.count > 0) series.addHourAggregate(hour.time, hour.mean * hour.count, hour.count, hour.minutes);
    }
    for (const minute of stored.minutes) {
      if (minute.count > 0) series.addAggregate(minute.time, minute.mean * minute.count, minute.count);
    }
  }

  /** Late values so far: re-evaluated inside the horizon, and beyond it. */
  lateReadings(): LateReadingCounts {
    return { reevaluated: this.reevaluated, beyondHorizon: this.beyondHorizon };
  }

  /**
   * Tells the engine the newest measurement time (epoch ms) known of `station` — its newest stored reading at
   * start-up — so that after a restart, or before a parameter's horizon has filled, a reading more than the whole
   * horizon (two segments, 6 h by default) older than the station's newest is beyond the horizon (averaged, counted,
   * evaluated against nothing) like any other. Every evaluated reading also advances it.
   */
  knowNewest(station: string, time: number): void {
    const known = this.stationNewest.get(station);
    if (Number.isFinite(time) && (known === undefined || time > known)) this.stationNewest.set(station, time);
  }

  /**
   * Evaluates `reading` against `rules` (the station's rules in force at the reading's time), appending the
   * transitions to `out` (the caller's list, so that no second list is built per reading).
   */
  evaluate(reading: Reading, rules: readonly ThresholdRule[], out: AlertTransition[]): void {
    const stationNewest = this.stationNewest.get(reading.station);
    // Older than the station's newest known reading by more than the whole horizon (e.g. the first reading of a
    // parameter after a restart, days old): beyond the horizon.
    const beyond = stationNewest !== undefined && stationNewest - reading.time > 2 * this.segmentMs;
    for (const group of this.parametersOf(rules)) {
      const value = reading.values[group.parameter];
      if (value === undefined || reading.status[group.parameter] !== '00') continue;
      const track = this.track(reading.station, group);
      // Averaged first (also a late value, or one beyond the horizon): its own mean includes it.
      if (group.averaged)
        (track.series ??= this.series(reading.station, group.parameter)).add(reading.time, value);
      if (beyond) this.beyondHorizon += 1;
      else this.place(track, group.rules, reading, value, out);
    }
    if (stationNewest === undefined || reading.time > stationNewest) this.stationNewest.set(reading.station, reading.time);
  }

  /**
   * Evaluates `value` (of `reading`) in its place: the newest of its parameter (the usual case: O(1), no allocation)
   * is folded at once; a late one inside the horizon is inserted and its rules re-folded; beyond it, only counted.
   * A time already evaluated (a redelivery) is refused.
   */
  private place(
    track: ParameterTrack,
    rules: readonly ThresholdRule[],
    reading: Reading,
    value: number,
    out: AlertTransition[],
  ): void {
    const { times, values } = track;
    const time = reading.time;
    const n = times.length;
    const newest = n > track.start ? times[n - 1] : Number.NEGATIVE_INFINITY;
    if (time > newest) {
      times.push(time);
      values.push(value);
      for (const rule of rules) {
        const fold = this.fold(track, rule);
        fold.rule = rule;
        if (time < fold.notBefore) continue;
        const compared = this.valueAt(track, n, rule);
        if (compared === undefined) continue;
        this.apply(fold, foldStep(fold.live, rule, compared, time), reading, compared, out);
      }
      this.rollOver(track);
      return;
    }
    if (time === newest) return;
    // Late values fill segments without rolling them over: at twice a segment's values the older segment is
    // dropped (then, if still full, everything before the newest value), so a late value never costs more than a
    // re-fold of 2 × reevaluationPoints values.
    for (let i = 0; i < 2 && times.length - track.foldStart >= 2 * this.segmentPoints; i++)
      this.rollOver(track, true); // (it may compact the arrays: their length is read again)
    // Before the first roll-over the checkpoint is −∞: the whole horizon (two segments) bounds a late value then.
    if (time <= track.checkpointTime || newest - time > 2 * this.segmentMs) {
      this.beyondHorizon += 1;
      return;
    }
    let lo = track.foldStart;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    if (times[lo] === time) return; // evaluated already (a redelivery)
    times.splice(lo, 0, time);
    values.splice(lo, 0, value);
    if (lo < track.nextStart) track.nextStart += 1;
    this.reevaluated += 1;
    for (const rule of rules) this.replay(track, this.fold(track, rule), reading, out);
  }

  /** Applies one in-order fold step to the open alerts (the same decisions as a replay, one value at a time). */
  private apply(
    fold: RuleFold,
    step: FoldStep,
    reading: Reading,
    value: number,
    out: AlertTransition[],
  ): void {
    const current = this.open.get(fold.key);
    const time = reading.time;
    if (step === 'resolved') {
      if (!current) return;
      const resolved = resolvedAlert(current, value, time);
      out.push(this.open.resolve(fold.key, resolved));
      this.remember(fold, resolved);
      return;
    }
    if (!current) {
      if (step !== 'raised') return;
      const alert = this.newAlert(reading, fold.rule, fold.live.severity, value, time);
      out.push(this.open.raise(fold.key, alert));
      return;
    }
    if (!fold.live.open) return;
    const rule = fold.rule;
    const rises = SEVERITY_RANK[fold.live.severity] > SEVERITY_RANK[current.severity];
    const alert: AlertDto = {
      ...current,
      // A rise in severity needs a new acknowledgement.
      ...(rises ? { severity: fold.live.severity, state: 'active' as const } : {}),
      // The limit in force now (it may have changed on an effective date, or by a permit).
      ...(rule.min !== undefined ? { min: rule.min } : {}),
      ...(rule.max !== undefined ? { max: rule.max } : {}),
      source: rule.source,
      lastValue: value,
      lastValueAt: iso(time),
      peakValue: fold.live.peakValue,
    };
    this.open.set(fold.key, alert);
    if (step === 'updated') out.push({ change: 'updated', alert });
  }

  /**
   * Re-folds `fold` from its checkpoint over the kept values in time order, then announces the net change against
   * the open alert and the resolved alerts of the horizon (see the class comment).
   */
  private replay(track: ParameterTrack, fold: RuleFold, reading: Reading, out: AlertTransition[]): void {
    const s = copyFold(fold.checkpoint, this.scratch);
    const episodes: Episode[] = [];
    let current: Episode | undefined;
    if (s.open) {
      current = {
        raisedAt: s.raisedAt,
        triggerValue: s.triggerValue,
        severity: s.severity,
        peakValue: s.peakValue,
        lastValue: s.triggerValue,
        lastValueAt: s.raisedAt,
        resolvedAt: Number.NaN,
        resolvedValue: Number.NaN,
      };
      episodes.push(current);
    }
    const n = track.times.length;
    for (let i = track.foldStart; i < n; i++) {
      if (i === track.nextStart) copyFold(s, fold.next);
      const time = track.times[i];
      if (time < fold.notBefore) continue;
      const value = this.valueAt(track, i, fold.rule);
      if (value === undefined) continue;
      const step = foldStep(s, fold.rule, value, time);
      if (step === 'raised') {
        current = {
          raisedAt: time,
          triggerValue: value,
          severity: s.severity,
          peakValue: value,
          lastValue: value,
          lastValueAt: time,
          resolvedAt: Number.NaN,
          resolvedValue: Number.NaN,
        };
        episodes.push(current);
      } else if (current && step === 'resolved') {
        current.resolvedAt = time;
        current.resolvedValue = value;
        current = undefined;
      } else if (current) {
        current.severity = s.severity;
        current.peakValue = s.peakValue;
        current.lastValue = value;
        current.lastValueAt = time;
      }
    }
    if (track.nextStart >= n) copyFold(s, fold.next);
    this.reconcile(fold, s, episodes, reading, out);
    copyFold(s, fold.live);
  }

  /** The net transitions between the announced alerts of `fold` and a replay's `episodes` (final state `s`). */
  private reconcile(
    fold: RuleFold,
    s: FoldState,
    episodes: readonly Episode[],
    reading: Reading,
    out: AlertTransition[],
  ): void {
    const rule = fold.rule;
    const open = this.open.get(fold.key);
    const openSince = open ? Date.parse(open.raisedAt) : Number.NaN;
    let raisedAt = openSince;
    let triggerValue = open?.triggerValue ?? Number.NaN;
    let severity = open?.severity ?? 'warning';
    let peakValue = Number.NaN;
    let overlaps = false;
    let stillOpen = false;
    let resolvedBy: Episode | undefined;
    for (const episode of episodes) {
      const end = Number.isNaN(episode.resolvedAt) ? Number.POSITIVE_INFINITY : episode.resolvedAt;
      if (open && end >= openSince) {
        // The open alert's episode, as the replay sees it: its start is the first overlapping episode's.
        if (!overlaps) {
          raisedAt = episode.raisedAt;
          triggerValue = episode.triggerValue;
          peakValue = episode.peakValue;
          overlaps = true;
        }
        if (SEVERITY_RANK[episode.severity] > SEVERITY_RANK[severity]) severity = episode.severity;
        if (excess(rule, episode.peakValue) > excess(rule, peakValue)) peakValue = episode.peakValue;
        if (end === Number.POSITIVE_INFINITY) stillOpen = true;
        else resolvedBy = episode;
        continue;
      }
      const closed = fold.closed.find((c) => episode.raisedAt <= c.resolvedAt && end >= c.raisedAt);
      if (closed && end !== Number.POSITIVE_INFINITY) {
        this.amend(closed, episode, out);
        continue;
      }
      // New — or open again after a resolution already announced: then a new alert from that resolution on.
      const since = closed ? Math.max(episode.raisedAt, closed.resolvedAt) : episode.raisedAt;
      const alert: AlertDto = {
        ...this.newAlert(
          reading,
          rule,
          episode.severity,
          since === episode.raisedAt ? episode.triggerValue : episode.lastValue,
          since,
        ),
        peakValue: episode.peakValue,
        lastValue: episode.lastValue,
        lastValueAt: iso(episode.lastValueAt),
      };
      if (end === Number.POSITIVE_INFINITY) {
        out.push(this.open.raise(fold.key, alert));
      } else {
        out.push({ change: 'raised', alert });
        const resolved = resolvedAlert(alert, episode.resolvedValue, episode.resolvedAt);
        out.push({ change: 'resolved', alert: resolved });
        this.remember(fold, resolved);
      }
    }
    if (!open) return;
    const moved = raisedAt !== openSince;
    const rises = SEVERITY_RANK[severity] > SEVERITY_RANK[open.severity];
    if (!overlaps) peakValue = open.peakValue;
    const worse = excess(rule, peakValue) > excess(rule, open.peakValue);
    const merged: AlertDto = {
      ...open,
      ...(moved ? { raisedAt: iso(raisedAt), triggerValue } : {}),
      ...(rises ? { severity, state: 'active' as const } : {}),
      peakValue,
    };
    if (resolvedBy && !stillOpen) {
      const resolved = resolvedAlert(merged, resolvedBy.resolvedValue, resolvedBy.resolvedAt);
      out.push(this.open.resolve(fold.key, resolved));
      this.remember(fold, resolved);
      return;
    }
    // Kept open (also when the replay never raised it: an announced alert is never taken back).
    this.open.set(fold.key, merged);
    const step = rule.deadband * Math.abs(rule.max ?? rule.min ?? 0);
    const announced = s.open && !Number.isNaN(s.announced) ? s.announced : open.peakValue;
    const significant = worse && excess(rule, peakValue) - excess(rule, announced) > step;
    if (moved || rises || significant || (peakValue !== open.peakValue && !worse))
      out.push({ change: 'updated', alert: merged });
    s.open = true;
    s.severity = merged.severity;
    s.raisedAt = Date.parse(merged.raisedAt);
    s.triggerValue = merged.triggerValue;
    s.peakValue = merged.peakValue;
    s.announced = significant ? peakValue : announced;
  }

  /**
   * A replayed, ended episode overlapping an announced, resolved alert: the alert takes the replay's start, trigger,
   * peak and resolution (`updated`; it stays resolved, and its severity never falls).
   */
  private amend(closed: ClosedEpisode, episode: Episode, out: AlertTransition[]): void {
    const alert = closed.alert;
    const resolvedAt = iso(episode.resolvedAt);
    const rises = SEVERITY_RANK[episode.severity] > SEVERITY_RANK[alert.severity];
    if (
      !rises &&
      episode.raisedAt === closed.raisedAt &&
      episode.resolvedAt === closed.resolvedAt &&
      episode.triggerValue === alert.triggerValue &&
      episode.peakValue === alert.peakValue &&
      episode.resolvedValue === alert.lastValue
    )
      return;
    closed.raisedAt = episode.raisedAt;
    closed.resolvedAt = episode.resolvedAt;
    closed.alert = {
      ...alert,
      raisedAt: iso(episode.raisedAt),
      triggerValue: episode.triggerValue,
      peakValue: episode.peakValue,
      ...(rises ? { severity: episode.severity } : {}),
      resolvedAt,
      lastValue: episode.resolvedValue,
      lastValueAt: resolvedAt,
    };
    out.push({ change: 'updated', alert: closed.alert });
  }

  /** Remembers a resolved alert of `fold` (bounded), so a replay recognises it. */
  private remember(fold: RuleFold, resolved: AlertDto): void {
    if (fold.closed.length >= MAX_CLOSED_EPISODES) fold.closed.shift();
    fold.closed.push({
      raisedAt: Date.parse(resolved.raisedAt),
      resolvedAt: Date.parse(resolved.resolvedAt ?? resolved.lastValueAt),
      alert: resolved,
    });
  }

  /**
   * Keeps the horizon in two segments, without recomputing anything: once the current segment (from `nextStart`)
   * holds `segmentPoints` values or spans `segmentMs`, its start becomes the checkpoint (each rule's `next` fold
   * becomes its `checkpoint`), the live folds become the `next` ones, and a new segment starts. So between one and
   * two segments are re-evaluable; older values are dropped, except `maxRiseGapMs` of them as the reference of a rise.
   * O(1) amortised, no allocation. `force`: roll over now (late values filled the horizon, see {@link place}).
   */
  private rollOver(track: ParameterTrack, force = false): void {
    const { times, values } = track;
    const n = times.length;
    const full =
      n - track.nextStart >= this.segmentPoints || times[n - 1] - times[track.nextStart] >= this.segmentMs;
    if (!force && !full) return;
    if (track.nextStart > track.foldStart) track.checkpointTime = times[track.nextStart - 1];
    for (const fold of track.folds) {
      copyFold(fold.next, fold.checkpoint);
      copyFold(fold.live, fold.next);
      while (fold.closed.length > 0 && fold.closed[0].resolvedAt <= track.checkpointTime) fold.closed.shift();
    }
    track.foldStart = track.nextStart;
    track.nextStart = n;
    const keepFrom = times[track.foldStart] - (track.rising ? this.maxRiseGapMs : 0);
    while (track.start < track.foldStart && times[track.start] < keepFrom) track.start += 1;
    if (track.start >= COMPACT_AFTER && track.start * 2 >= n) {
      times.copyWithin(0, track.start);
      values.copyWithin(0, track.start);
      times.length = n - track.start;
      values.length = n - track.start;
      track.foldStart -= track.start;
      track.nextStart -= track.start;
      track.start = 0;
    }
  }

  private parametersOf(rules: readonly ThresholdRule[]): readonly ParameterRules[] {
    let parameters = this.ruleParameters.get(rules);
    if (!parameters) {
      const groups = new Map<string, ThresholdRule[]>();
      for (const rule of rules) {
        const group = groups.get(rule.parameter) ?? [];
        group.push(rule);
        groups.set(rule.parameter, group);
      }
      parameters = [...groups].map(([parameter, group]) => ({
        parameter,
        rules: group,
        rising: group.some((r) => r.measure === 'risePerMinute'),
        averaged: group.some((r) => r.measure !== 'risePerMinute' && r.averagingPeriod !== 'instant'),
      }));
      this.ruleParameters.set(rules, parameters);
    }
    return parameters;
  }

  private series(station: string, parameter: string): RollingMinuteMeans {
    const key = this.keys.key(station, parameter);
    let series = this.means.get(key);
    if (!series) {
      // Minute detail for 1 h + the two segments of the horizon, hour buckets for the longest period + horizon + 1 h:
      // a replayed value's mean needs the period before its own time.
      series = new RollingMinuteMeans(2 * this.segmentMs, LONGEST_PERIOD_MS);
      this.means.set(key, series);
    }
    return series;
  }

  private track(station: string, group: ParameterRules): ParameterTrack {
    const key = this.keys.key(station, group.parameter);
    let track = this.tracks.get(key);
    if (!track) {
      track = {
        station,
        parameter: group.parameter,
        times: [],
        values: [],
        start: 0,
        foldStart: 0,
        nextStart: 0,
        checkpointTime: Number.NEGATIVE_INFINITY,
        rising: false,
        folds: [],
        byRule: new Map(),
      };
      this.tracks.set(key, track);
    }
    if (group.rising) track.rising = true;
    return track;
  }

  /** The fold of `rule` at the track's station, created (from the open alert restored, if any) on first use. */
  private fold(track: ParameterTrack, rule: ThresholdRule): RuleFold {
    let fold = track.byRule.get(rule.id);
    if (!fold) {
      const key = this.keys.key(track.station, rule.id);
      const live = emptyFold();
      const open = this.open.get(key);
      if (open) {
        live.open = true;
        live.severity = open.severity;
        live.raisedAt = Date.parse(open.raisedAt);
        live.triggerValue = open.triggerValue;
        live.peakValue = open.peakValue;
        live.announced = open.peakValue;
      }
      fold = {
        key,
        rule,
        notBefore: open ? live.raisedAt : Number.NEGATIVE_INFINITY,
        live,
        checkpoint: copyFold(live, emptyFold()),
        next: copyFold(live, emptyFold()),
        closed: [],
      };
      track.byRule.set(rule.id, fold);
      track.folds.push(fold);
    }
    return fold;
  }

  /** The value `rule` compares at the track's `i`-th value: the value, its rolling mean, or its rise per minute. */
  private valueAt(track: ParameterTrack, i: number, rule: ThresholdRule): number | undefined {
    const time = track.times[i];
    if (rule.measure === 'risePerMinute') {
      // From the newest earlier value at least minRiseSpanMs before this one (within maxRiseGapMs).
      for (let j = i - 1; j >= track.start; j--) {
        const span = time - track.times[j];
        if (span > this.maxRiseGapMs) return undefined;
        if (span >= this.minRiseSpanMs) return (track.values[i] - track.values[j]) / (span / 60_000);
      }
      return undefined;
    }
    if (rule.averagingPeriod === 'instant') return track.values[i];
    const series = track.series;
    if (!series) return undefined;
    // In a replay, the values of the same minute measured after this one are left out: the mean is the one this
    // value had when it was the newest (none when it is the newest: the usual case costs nothing more).
    const later = this.later;
    later.count = 0;
    later.sum = 0;
    const minute = Math.floor(time / 60_000);
    for (let j = i + 1; j < track.times.length && Math.floor(track.times[j] / 60_000) === minute; j++) {
      later.count += 1;
      later.sum += track.values[j];
    }
    const window =
      rule.averagingPeriod === 'calendarDay'
        ? series.meanSince(
            startOfVietnamDay(time) /* plain arithmetic: no time-zone lookup per reading */,
            time,
            MINUTES_PER_DAY,
            later,
          )
        : series.mean(time, AVERAGING_PERIOD_MS[rule.averagingPeriod], later);
    return window && window.coverage >= this.minCoverage ? window.mean : undefined;
  }

  private newAlert(
    reading: Reading,
    rule: ThresholdRule,
    severity: AlertSeverity,
    value: number,
    time: number,
  ): AlertDto {
    return {
      id: `${reading.station}:${rule.id}:${time}`,
      type: 'threshold',
      cluster: reading.cluster,
      station: reading.station,
      kind: reading.kind,
      parameter: rule.parameter,
      ruleId: rule.id,
      state: 'active',
      severity,
      comparison: rule.comparison,
      ...(rule.min !== undefined ? { min: rule.min } : {}),
      ...(rule.max !== undefined ? { max: rule.max } : {}),
      unit: rule.unit,
      averagingPeriod: rule.averagingPeriod,
      source: rule.source,
      ...raisedValues(value, time),
    };
  }
}

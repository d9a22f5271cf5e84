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
import { RollingMinuteMeans } from './rolling-mean';
import { clears, excess, levelOf } from './threshold';

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
}

const LONGEST_PERIOD_MS = Math.max(...Object.values(AVERAGING_PERIOD_MS));
const MINUTES_PER_DAY = 1_440;
const SEVERITY_RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 };

/** The parameters of a station's rules that are averaged, and those with a rise rule. */
interface RuleParameters {
  readonly averaged: readonly string[];
  readonly rising: readonly string[];
}

/** Consecutive readings beyond each level, for the pending duration and the consecutive count. */
interface Streak {
  warningSince?: number;
  warningCount: number;
  criticalSince?: number;
  criticalCount: number;
}

/**
 * Threshold rules, pure (no I/O, no clock: time comes from the readings).
 *
 * For each reading and each rule on a parameter it carries, the value — instantaneous, the rolling or calendar-day
 * mean over the rule's averaging period, or its rise per minute — is compared with the limit (`critical`) and the
 * warning level (`warningFraction` of the limit). A level counts once the value has stayed beyond it for the rule's
 * pending duration and consecutive count (so a single spike does not page); the alert is raised at that level, and
 * its severity can rise (never fall) while it is open. It resolves once the value is back inside by the rule's
 * deadband (so a value hovering at the limit gives one alert per episode). Values whose datalogger status is not
 * `00` (calibrating `01`, device error `02`, TT 10/2021/TT-BTNMT) are neither evaluated nor averaged.
 * Evaluation follows measurement time: a reading not newer than the last one evaluated for a rule (late, or
 * redelivered) is added to the averages — once: a second value at the same time is refused — but raises, updates
 * or resolves nothing.
 */
export class ThresholdEvaluator {
  private readonly means = new Map<string, RollingMinuteMeans>();
  private readonly lastEvaluated = new Map<string, number>();
  private readonly streaks = new Map<string, Streak>();
  /** Recent readings of parameters with a rise rule (at most `maxRiseGapMs` old), oldest first. */
  private readonly recent = new Map<string, { time: number; value: number }[]>();
  /** The worst value last announced (raised or updated) per open alert. */
  private readonly announced = new Map<string, number>();
  private readonly minCoverage: number;
  private readonly maxRiseGapMs: number;
  private readonly minRiseSpanMs: number;
  /** {@link RuleParameters} of each rule list seen (the registry hands out the same list for a station and day). */
  private readonly ruleParameters = new WeakMap<readonly ThresholdRule[], RuleParameters>();

  constructor(
    private readonly open: OpenAlerts,
    private readonly keys: StationKeys,
    options: ThresholdAlertingOptions = {},
  ) {
    this.minCoverage = options.minCoverage ?? 0.75;
    this.maxRiseGapMs = options.maxRiseGapMs ?? 15 * 60_000;
    this.minRiseSpanMs = options.minRiseSpanMs ?? 5 * 60_000;
  }

  /**
   * Seeds the rolling means of one station's parameter with stored per-minute aggregates, so that averaged limits
   * are not blind for a whole averaging period after a restart. `minutes`: minute start (epoch ms), mean, count.
   */
  warmUp(
    station: string,
    parameter: string,
    minutes: readonly { time: number; mean: number; count: number }[],
  ): void {
    const series = this.series(station, parameter);
    for (const minute of minutes) {
      if (minute.count > 0) series.addAggregate(minute.time, minute.mean * minute.count, minute.count);
    }
  }

  /**
   * Evaluates `reading` against `rules` (the station's rules in force at the reading's time), appending the
   * transitions to `out` (the caller's list, so that no second list is built per reading).
   */
  evaluate(reading: Reading, rules: readonly ThresholdRule[], out: AlertTransition[]): void {
    const { averaged, rising } = this.parametersOf(rules);
    for (const parameter of averaged) {
      const value = reading.values[parameter];
      if (value === undefined || reading.status[parameter] !== '00') continue;
      this.series(reading.station, parameter).add(reading.time, value);
    }
    const rises = new Map<string, number>();
    for (const parameter of rising) {
      const value = reading.values[parameter];
      if (value === undefined || reading.status[parameter] !== '00') continue;
      const key = this.keys.key(reading.station, parameter);
      const history = this.recent.get(key) ?? [];
      const newest = history[history.length - 1];
      if (newest && reading.time <= newest.time) continue;
      history.push({ time: reading.time, value });
      while (history.length > 1 && reading.time - (history[0]?.time ?? reading.time) > this.maxRiseGapMs)
        history.shift();
      this.recent.set(key, history);
      // From the newest earlier reading at least minRiseSpanMs before this one (within maxRiseGapMs).
      let reference: { time: number; value: number } | undefined;
      for (let i = history.length - 2; i >= 0 && !reference; i--) {
        const candidate = history[i];
        if (candidate && reading.time - candidate.time >= this.minRiseSpanMs) reference = candidate;
      }
      if (reference)
        rises.set(parameter, (value - reference.value) / ((reading.time - reference.time) / 60_000));
    }

    for (const rule of rules) {
      if (reading.values[rule.parameter] === undefined || reading.status[rule.parameter] !== '00') continue;
      const key = this.keys.key(reading.station, rule.id);
      const last = this.lastEvaluated.get(key);
      if (last !== undefined && reading.time <= last) continue;
      this.lastEvaluated.set(key, reading.time);

      const value =
        rule.measure === 'risePerMinute' ? rises.get(rule.parameter) : this.valueFor(reading, rule);
      if (value === undefined) continue;
      const transition = this.step(key, reading, rule, value);
      if (transition) out.push(transition);
    }
  }

  private parametersOf(rules: readonly ThresholdRule[]): RuleParameters {
    let parameters = this.ruleParameters.get(rules);
    if (!parameters) {
      const averaged = new Set<string>();
      const rising = new Set<string>();
      for (const rule of rules) {
        if (rule.measure === 'risePerMinute') rising.add(rule.parameter);
        else if (rule.averagingPeriod !== 'instant') averaged.add(rule.parameter);
      }
      parameters = { averaged: [...averaged], rising: [...rising] };
      this.ruleParameters.set(rules, parameters);
    }
    return parameters;
  }

  private series(station: string, parameter: string): RollingMinuteMeans {
    const key = this.keys.key(station, parameter);
    let series = this.means.get(key);
    if (!series) {
      series = new RollingMinuteMeans(LONGEST_PERIOD_MS);
      this.means.set(key, series);
    }
    return series;
  }

  private valueFor(reading: Reading, rule: ThresholdRule): number | undefined {
    if (rule.averagingPeriod === 'instant') return reading.values[rule.parameter];
    const series = this.means.get(this.keys.key(reading.station, rule.parameter));
    if (!series) return undefined;
    const window =
      rule.averagingPeriod === 'calendarDay'
        ? series.meanSince(
            startOfVietnamDay(reading.time) /* plain arithmetic: no time-zone lookup per reading */,
            reading.time,
            MINUTES_PER_DAY,
          )
        : series.mean(reading.time, AVERAGING_PERIOD_MS[rule.averagingPeriod]);
    return window && window.coverage >= this.minCoverage ? window.mean : undefined;
  }

  /** Advances the streaks of `key` with `value` at `time`; @returns the level confirmed (pending and count met). */
  private confirmedLevel(
    key: string,
    rule: ThresholdRule,
    value: number,
    time: number,
  ): AlertSeverity | undefined {
    const streak = this.streaks.get(key) ?? { warningCount: 0, criticalCount: 0 };
    const level = levelOf(rule, value);
    if (level) {
      streak.warningSince ??= time;
      streak.warningCount += 1;
    } else {
      streak.warningSince = undefined;
      streak.warningCount = 0;
    }
    if (level === 'critical') {
      streak.criticalSince ??= time;
      streak.criticalCount += 1;
    } else {
      streak.criticalSince = undefined;
      streak.criticalCount = 0;
    }
    this.streaks.set(key, streak);
    const pending = rule.pendingMs ?? 0;
    const needed = rule.consecutive ?? 1;
    const held = (since: number | undefined, count: number) =>
      since !== undefined && count >= needed && time - since >= pending;
    if (held(streak.criticalSince, streak.criticalCount)) return 'critical';
    if (held(streak.warningSince, streak.warningCount)) return 'warning';
    return undefined;
  }

  private step(
    key: string,
    reading: Reading,
    rule: ThresholdRule,
    value: number,
  ): AlertTransition | undefined {
    const current = this.open.get(key);
    if (current && clears(rule, value)) {
      this.streaks.delete(key);
      this.announced.delete(key);
      return this.open.resolve(key, resolvedAlert(current, value, reading.time));
    }
    const level = this.confirmedLevel(key, rule, value, reading.time);
    if (!current) {
      if (!level) return undefined;
      const alert: AlertDto = {
        id: `${reading.station}:${rule.id}:${reading.time}`,
        type: 'threshold',
        cluster: reading.cluster,
        station: reading.station,
        kind: reading.kind,
        parameter: rule.parameter,
        ruleId: rule.id,
        state: 'active',
        severity: level,
        comparison: rule.comparison,
        ...(rule.min !== undefined ? { min: rule.min } : {}),
        ...(rule.max !== undefined ? { max: rule.max } : {}),
        unit: rule.unit,
        averagingPeriod: rule.averagingPeriod,
        source: rule.source,
        ...raisedValues(value, reading.time),
      };
      this.announced.set(key, value);
      return this.open.raise(key, alert);
    }
    const rises = level !== undefined && SEVERITY_RANK[level] > SEVERITY_RANK[current.severity];
    const worse = excess(rule, value) > excess(rule, current.peakValue);
    // A new worst value is kept at once but announced only when it is worse by more than the deadband's share of
    // the limit, so a slowly rising mean does not send an update every minute.
    const step = rule.deadband * Math.abs(rule.max ?? rule.min ?? 0);
    const announced = this.announced.get(key) ?? current.peakValue;
    const significant = worse && excess(rule, value) - excess(rule, announced) > step;
    const at = iso(reading.time);
    const alert: AlertDto = {
      ...current,
      // A rise in severity needs a new acknowledgement.
      ...(rises && level ? { severity: level, state: 'active' as const } : {}),
      // The limit in force now (it may have changed on an effective date, or by a permit).
      ...(rule.min !== undefined ? { min: rule.min } : {}),
      ...(rule.max !== undefined ? { max: rule.max } : {}),
      source: rule.source,
      lastValue: value,
      lastValueAt: at,
      peakValue: worse ? value : current.peakValue,
    };
    this.open.set(key, alert);
    if (rises || significant) {
      this.announced.set(key, value);
      return { change: 'updated', alert };
    }
    return undefined;
  }
}

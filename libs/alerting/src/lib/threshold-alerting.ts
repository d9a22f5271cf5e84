import {
  AVERAGING_PERIOD_MS,
  type AlertDto,
  type Reading,
  type ThresholdRule,
} from '@langxanh/contracts';
import { RollingMinuteMeans } from './rolling-mean';
import { clears, exceeds, excess } from './threshold';

/** A change to an alert, to be stored and broadcast. */
export interface AlertTransition {
  readonly change: 'raised' | 'updated' | 'resolved';
  readonly alert: AlertDto;
}

export interface ThresholdAlertingOptions {
  /**
   * Share of an averaging period's minutes that must hold data before its mean is compared with a limit
   * (default 0.75, after the US EPA 75 % completeness rule that domain.md §1.6 suggests borrowing).
   * Instantaneous rules need no coverage.
   */
  readonly minCoverage?: number;
}

const LONGEST_PERIOD_MS = Math.max(...Object.values(AVERAGING_PERIOD_MS));
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * First-cut threshold alerting, pure (no I/O, no clock: time comes from the readings).
 *
 * For each reading and each rule on a parameter it carries, the value — instantaneous, or the rolling mean over
 * the rule's averaging period — is compared with the limit. An alert is raised once when the value crosses the
 * limit and resolved once when it is back inside by the rule's deadband; in between, at most one open alert
 * exists per station and rule, updated (not duplicated) when a worse value arrives. Values whose datalogger status
 * is not `00` (calibrating `01`, device error `02`, TT 10/2021/TT-BTNMT) are neither evaluated nor averaged.
 * Readings older than the last one evaluated for a rule are added to the averages but raise or resolve nothing.
 */
export class ThresholdAlerting {
  private readonly open = new Map<string, AlertDto>();
  private readonly means = new Map<string, RollingMinuteMeans>();
  private readonly lastEvaluated = new Map<string, number>();
  private readonly minCoverage: number;

  constructor(options: ThresholdAlertingOptions = {}) {
    this.minCoverage = options.minCoverage ?? 0.75;
  }

  /** Re-opens alerts that were active before a restart (e.g. loaded from storage). Resolved ones are ignored. */
  restore(alerts: readonly AlertDto[]): void {
    for (const alert of alerts) {
      if (alert.state === 'active') this.open.set(`${alert.station}|${alert.ruleId}`, alert);
    }
  }

  /**
   * Seeds the rolling means of one station's parameter with stored per-minute aggregates, so that averaged limits
   * are not blind for a whole averaging period after a restart. `minutes`: minute start (epoch ms), mean, count.
   */
  warmUp(station: string, parameter: string, minutes: readonly { time: number; mean: number; count: number }[]): void {
    const key = `${station}|${parameter}`;
    let series = this.means.get(key);
    if (!series) {
      series = new RollingMinuteMeans(LONGEST_PERIOD_MS);
      this.means.set(key, series);
    }
    for (const minute of minutes) {
      if (minute.count > 0) series.addAggregate(minute.time, minute.mean * minute.count, minute.count);
    }
  }

  /** Alerts open now, oldest first. */
  openAlerts(): AlertDto[] {
    return [...this.open.values()].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  }

  /** Evaluates `reading` against `rules` (the station's rules in force at the reading's time). */
  evaluate(reading: Reading, rules: readonly ThresholdRule[]): AlertTransition[] {
    const averaged = new Set<string>();
    for (const rule of rules) {
      if (rule.averagingPeriod !== 'instant') averaged.add(rule.parameter);
    }
    for (const parameter of averaged) {
      const value = reading.values[parameter];
      if (value === undefined || reading.status[parameter] !== '00') continue;
      const key = `${reading.station}|${parameter}`;
      let series = this.means.get(key);
      if (!series) {
        series = new RollingMinuteMeans(LONGEST_PERIOD_MS);
        this.means.set(key, series);
      }
      series.add(reading.time, value);
    }

    const transitions: AlertTransition[] = [];
    for (const rule of rules) {
      if (reading.values[rule.parameter] === undefined || reading.status[rule.parameter] !== '00') continue;
      const key = `${reading.station}|${rule.id}`;
      const last = this.lastEvaluated.get(key);
      if (last !== undefined && reading.time < last) continue;
      this.lastEvaluated.set(key, reading.time);

      const value = this.valueFor(reading, rule);
      if (value === undefined) continue;
      const transition = this.step(key, reading, rule, value);
      if (transition) transitions.push(transition);
    }
    return transitions;
  }

  private valueFor(reading: Reading, rule: ThresholdRule): number | undefined {
    if (rule.averagingPeriod === 'instant') return reading.values[rule.parameter];
    const period = AVERAGING_PERIOD_MS[rule.averagingPeriod];
    const window = this.means.get(`${reading.station}|${rule.parameter}`)?.mean(reading.time, period);
    return window && window.coverage >= this.minCoverage ? window.mean : undefined;
  }

  private step(key: string, reading: Reading, rule: ThresholdRule, value: number): AlertTransition | undefined {
    const current = this.open.get(key);
    const at = iso(reading.time);
    if (!current) {
      if (!exceeds(rule, value)) return undefined;
      const alert: AlertDto = {
        id: `${reading.station}:${rule.id}:${reading.time}`,
        cluster: reading.cluster,
        station: reading.station,
        kind: reading.kind,
        parameter: rule.parameter,
        ruleId: rule.id,
        state: 'active',
        severity: 'critical',
        comparison: rule.comparison,
        ...(rule.min !== undefined ? { min: rule.min } : {}),
        ...(rule.max !== undefined ? { max: rule.max } : {}),
        unit: rule.unit,
        averagingPeriod: rule.averagingPeriod,
        source: rule.source,
        triggerValue: value,
        peakValue: value,
        lastValue: value,
        raisedAt: at,
        lastValueAt: at,
      };
      this.open.set(key, alert);
      return { change: 'raised', alert };
    }
    if (clears(rule, value)) {
      const alert: AlertDto = { ...current, state: 'resolved', lastValue: value, lastValueAt: at, resolvedAt: at };
      this.open.delete(key);
      return { change: 'resolved', alert };
    }
    const worse = excess(rule, value) > excess(rule, current.peakValue);
    const alert: AlertDto = {
      ...current,
      lastValue: value,
      lastValueAt: at,
      peakValue: worse ? value : current.peakValue,
    };
    this.open.set(key, alert);
    return worse ? { change: 'updated', alert } : undefined;
  }
}

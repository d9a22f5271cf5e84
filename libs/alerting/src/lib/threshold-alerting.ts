import {
  AVERAGING_PERIOD_MS,
  startOfVietnamDay,
  type AlertDto,
  type AlertSeverity,
  type LimitSource,
  type Reading,
  type StationKind,
  type ThresholdRule,
} from '@langxanh/contracts';
import { RollingMinuteMeans } from './rolling-mean';
import { clears, excess, levelOf } from './threshold';

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

/** What the silence check needs to know about one station (see {@link ThresholdAlerting.checkSilence}). */
export interface StationActivity {
  readonly cluster: string;
  readonly kind: StationKind;
  readonly station: string;
  /** Seconds between readings the station is expected to send (registry `expectedIntervalS`). */
  readonly expectedIntervalS: number;
  /** When its newest reading arrived (epoch ms), if any since the history the caller keeps. Heartbeats don't count. */
  readonly lastReadingAt?: number;
  /** Its retained status / last will says `offline`. */
  readonly announcedOffline: boolean;
}

export interface SilenceSettings {
  /** Offline after this many expected intervals without a reading (OFFLINE_AFTER_INTERVALS). */
  readonly offlineAfterIntervals: number;
  /** When the watcher started (epoch ms): a station that never reported is flagged `graceMs` after this. */
  readonly startedAt: number;
  readonly graceMs: number;
}

/** Rule id of the offline (deadman) alert of a station. */
export const OFFLINE_RULE_ID = 'station/offline';
/** Rule id prefix of device-fault alerts (`device-fault/COD`). */
export const DEVICE_FAULT_RULE_PREFIX = 'device-fault/';

const LONGEST_PERIOD_MS = Math.max(...Object.values(AVERAGING_PERIOD_MS));
const MINUTES_PER_DAY = 1_440;
const iso = (ms: number) => new Date(ms).toISOString();
const SEVERITY_RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 };

/** Where the offline rule comes from: a project rule on the TT 10/2021 "gián đoạn truyền" idea (domain.md §4.2). */
const OFFLINE_SOURCE: LimitSource = {
  document: 'LàngXanh: im lặng quá N × chu kỳ truyền (OFFLINE_AFTER_INTERVALS)',
  clause: 'docs/domain.md §4.2 (gián đoạn truyền)',
  effectiveFrom: '2000-01-01',
};
const DEVICE_FAULT_SOURCE: LimitSource = {
  document: 'TT 10/2021/TT-BTNMT',
  clause: 'trạng thái thiết bị 02 (báo lỗi thiết bị)',
  effectiveFrom: '2021-08-16',
};

/** Rule id of the device-fault alert of each parameter (built once per parameter). */
const deviceFaultRuleIds = new Map<string, string>();
function deviceFaultRuleId(parameter: string): string {
  let id = deviceFaultRuleIds.get(parameter);
  if (id === undefined) {
    id = `${DEVICE_FAULT_RULE_PREFIX}${parameter}`;
    deviceFaultRuleIds.set(parameter, id);
  }
  return id;
}

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

/** `current` resolved by `value` measured at `time` (epoch ms). */
function resolvedAlert(current: AlertDto, value: number, time: number): AlertDto {
  const at = iso(time);
  return { ...current, state: 'resolved', lastValue: value, lastValueAt: at, resolvedAt: at };
}

/**
 * Threshold alerting, pure (no I/O, no clock: time comes from the readings, or is a parameter).
 *
 * For each reading and each rule on a parameter it carries, the value — instantaneous, the rolling or calendar-day
 * mean over the rule's averaging period, or its rise per minute — is compared with the limit (`critical`) and the
 * warning level (`warningFraction` of the limit). A level counts once the value has stayed beyond it for the rule's
 * pending duration and consecutive count (so a single spike does not page); the alert is raised at that level, and
 * its severity can rise (never fall) while it is open. It resolves once the value is back inside by the rule's
 * deadband (so a value hovering at the limit gives one alert per episode). At most one open alert exists per
 * station and rule. Values whose datalogger status is not `00` (calibrating `01`, device error `02`,
 * TT 10/2021/TT-BTNMT) are neither evaluated nor averaged; a `02` opens a device-fault alert on its parameter.
 * Evaluation follows measurement time: a reading not newer than the last one evaluated for a rule (late, or
 * redelivered) is added to the averages — once: a second value at the same time is refused — but raises, updates
 * or resolves nothing.
 */
export class ThresholdAlerting {
  private readonly open = new Map<string, AlertDto>();
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
  /**
   * The `station|id` keys of the maps above, built once per station and rule or parameter id: building (and hashing)
   * a new string per reading and rule was a measurable share of the ingester's CPU under load.
   */
  private readonly keys = new Map<string, Map<string, string>>();
  /** {@link RuleParameters} of each rule list seen (the registry hands out the same list for a station and day). */
  private readonly ruleParameters = new WeakMap<readonly ThresholdRule[], RuleParameters>();

  constructor(options: ThresholdAlertingOptions = {}) {
    this.minCoverage = options.minCoverage ?? 0.75;
    this.maxRiseGapMs = options.maxRiseGapMs ?? 15 * 60_000;
    this.minRiseSpanMs = options.minRiseSpanMs ?? 5 * 60_000;
  }

  /** Re-opens alerts that were open (active or acknowledged) before a restart. Resolved ones are ignored. */
  restore(alerts: readonly AlertDto[]): void {
    for (const alert of alerts) {
      if (alert.state !== 'resolved') this.open.set(`${alert.station}|${alert.ruleId}`, alert);
    }
  }

  /**
   * Replaces an open alert by a new version of itself (same id), e.g. once acknowledged or commented, so that later
   * transitions carry it on. @returns false when no open alert has that id.
   */
  replace(alert: AlertDto): boolean {
    const key = `${alert.station}|${alert.ruleId}`;
    if (this.open.get(key)?.id !== alert.id) return false;
    this.open.set(key, alert);
    return true;
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

  /** Alerts open now (active or acknowledged), oldest first. */
  openAlerts(): AlertDto[] {
    return [...this.open.values()].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  }

  /** The open alert with this id, if any. */
  openAlert(id: string): AlertDto | undefined {
    for (const alert of this.open.values()) if (alert.id === id) return alert;
    return undefined;
  }

  /** Evaluates `reading` against `rules` (the station's rules in force at the reading's time). */
  evaluate(reading: Reading, rules: readonly ThresholdRule[]): AlertTransition[] {
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
      const key = this.key(reading.station, parameter);
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

    const transitions: AlertTransition[] = this.deviceFaults(reading);
    for (const rule of rules) {
      if (reading.values[rule.parameter] === undefined || reading.status[rule.parameter] !== '00') continue;
      const key = this.key(reading.station, rule.id);
      const last = this.lastEvaluated.get(key);
      if (last !== undefined && reading.time <= last) continue;
      this.lastEvaluated.set(key, reading.time);

      const value =
        rule.measure === 'risePerMinute' ? rises.get(rule.parameter) : this.valueFor(reading, rule);
      if (value === undefined) continue;
      const transition = this.step(key, reading, rule, value);
      if (transition) transitions.push(transition);
    }
    return transitions;
  }

  /**
   * The deadman check, with `now` (epoch ms) as a parameter: a station is silent when no reading arrived within
   * `offlineAfterIntervals` × its expected interval, when it never reported `graceMs` after `startedAt`, or when
   * its last will says `offline` and no reading came for one interval. A silent station gets one open `offline`
   * alert (rule {@link OFFLINE_RULE_ID}, parameter `silence`, values in minutes); it resolves when the station
   * reports again. Heartbeats (`online` status messages) do not count as readings.
   */
  checkSilence(
    stations: readonly StationActivity[],
    now: number,
    settings: SilenceSettings,
  ): AlertTransition[] {
    const transitions: AlertTransition[] = [];
    for (const s of stations) {
      const key = `${s.station}|${OFFLINE_RULE_ID}`;
      const intervalMs = s.expectedIntervalS * 1000;
      const allowedMs = settings.offlineAfterIntervals * intervalMs;
      const since = s.lastReadingAt ?? settings.startedAt;
      const silentMs = now - since;
      const silent =
        s.lastReadingAt === undefined
          ? silentMs > Math.max(settings.graceMs, allowedMs) || (s.announcedOffline && silentMs > intervalMs)
          : silentMs > allowedMs || (s.announcedOffline && silentMs > intervalMs);
      const current = this.open.get(key);
      const minutes = Math.round((silentMs / 60_000) * 10) / 10;
      if (silent && !current) {
        const at = iso(now);
        const alert: AlertDto = {
          id: `${s.station}:${OFFLINE_RULE_ID}:${now}`,
          type: 'offline',
          cluster: s.cluster,
          station: s.station,
          kind: s.kind,
          parameter: 'silence',
          ruleId: OFFLINE_RULE_ID,
          state: 'active',
          severity: s.kind === 'waste' ? 'warning' : 'critical',
          comparison: 'above',
          max: Math.round((allowedMs / 60_000) * 10) / 10,
          unit: 'min',
          averagingPeriod: 'instant',
          source: OFFLINE_SOURCE,
          triggerValue: minutes,
          peakValue: minutes,
          lastValue: minutes,
          raisedAt: at,
          lastValueAt: s.lastReadingAt === undefined ? at : iso(s.lastReadingAt),
        };
        this.open.set(key, alert);
        transitions.push({ change: 'raised', alert });
      } else if (!silent && current && s.lastReadingAt !== undefined) {
        const at = iso(s.lastReadingAt);
        const alert: AlertDto = { ...current, state: 'resolved', lastValueAt: at, resolvedAt: at };
        this.open.delete(key);
        transitions.push({ change: 'resolved', alert });
      } else if (current) {
        this.open.set(key, {
          ...current,
          peakValue: Math.max(current.peakValue, minutes),
          lastValue: minutes,
        });
      }
    }
    return transitions;
  }

  /** The key `${station}|${id}` of the maps above, the same string each time. */
  private key(station: string, id: string): string {
    let byId = this.keys.get(station);
    if (!byId) {
      byId = new Map();
      this.keys.set(station, byId);
    }
    let key = byId.get(id);
    if (key === undefined) {
      key = `${station}|${id}`;
      byId.set(id, key);
    }
    return key;
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
    const key = this.key(station, parameter);
    let series = this.means.get(key);
    if (!series) {
      series = new RollingMinuteMeans(LONGEST_PERIOD_MS);
      this.means.set(key, series);
    }
    return series;
  }

  /** Device error `02` on a parameter opens its device-fault alert; a later `00`/`01` value of it resolves it. */
  private deviceFaults(reading: Reading): AlertTransition[] {
    const out: AlertTransition[] = [];
    for (const parameter in reading.status) {
      const status = reading.status[parameter];
      const value = reading.values[parameter];
      if (value === undefined) continue;
      const ruleId = deviceFaultRuleId(parameter);
      const key = this.key(reading.station, ruleId);
      const last = this.lastEvaluated.get(key);
      if (last !== undefined && reading.time <= last) continue;
      this.lastEvaluated.set(key, reading.time);
      const current = this.open.get(key);
      if (status === '02' && !current) {
        const at = iso(reading.time);
        const alert: AlertDto = {
          id: `${reading.station}:${ruleId}:${reading.time}`,
          type: 'device-fault',
          cluster: reading.cluster,
          station: reading.station,
          kind: reading.kind,
          parameter,
          ruleId,
          state: 'active',
          severity: 'warning',
          comparison: 'above',
          unit: '',
          averagingPeriod: 'instant',
          source: DEVICE_FAULT_SOURCE,
          triggerValue: value,
          peakValue: value,
          lastValue: value,
          raisedAt: at,
          lastValueAt: at,
        };
        this.open.set(key, alert);
        out.push({ change: 'raised', alert });
      } else if (status !== '02' && current) {
        const alert = resolvedAlert(current, value, reading.time);
        this.open.delete(key);
        out.push({ change: 'resolved', alert });
      }
    }
    return out;
  }

  private valueFor(reading: Reading, rule: ThresholdRule): number | undefined {
    if (rule.averagingPeriod === 'instant') return reading.values[rule.parameter];
    const series = this.means.get(this.key(reading.station, rule.parameter));
    if (!series) return undefined;
    const window =
      rule.averagingPeriod === 'calendarDay'
        ? series.meanSince(
            startOfVietnamDay(reading.time), // plain arithmetic: no time-zone lookup per reading
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
      const alert = resolvedAlert(current, value, reading.time);
      this.open.delete(key);
      this.streaks.delete(key);
      this.announced.delete(key);
      return { change: 'resolved', alert };
    }
    const level = this.confirmedLevel(key, rule, value, reading.time);
    if (!current) {
      if (!level) return undefined;
      const at = iso(reading.time);
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
        triggerValue: value,
        peakValue: value,
        lastValue: value,
        raisedAt: at,
        lastValueAt: at,
      };
      this.open.set(key, alert);
      this.announced.set(key, value);
      return { change: 'raised', alert };
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

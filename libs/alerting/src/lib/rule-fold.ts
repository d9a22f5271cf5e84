import type { AlertSeverity, ThresholdRule } from '@langxanh/contracts';
import { clears, excess, levelOf } from './threshold';

export const SEVERITY_RANK: Record<AlertSeverity, number> = { warning: 1, critical: 2 };

/**
 * What one threshold rule knows about one station after folding its values in measurement-time order: the
 * streaks of consecutive values beyond each level (pending duration and consecutive count) and a summary of the
 * open alert, if any. Times are epoch ms; `NaN` means "none". One object per station and rule, updated in place
 * (no allocation per reading).
 */
export interface FoldState {
  warningSince: number;
  warningCount: number;
  criticalSince: number;
  criticalCount: number;
  open: boolean;
  severity: AlertSeverity;
  raisedAt: number;
  triggerValue: number;
  peakValue: number;
  /** The worst value last announced (raised or updated). */
  announced: number;
}

/** What one value did to a rule's fold: raised, announced a rise or a significantly worse value, resolved, or no news. */
export type FoldStep = 'none' | 'raised' | 'updated' | 'resolved';

export function emptyFold(): FoldState {
  return {
    warningSince: Number.NaN,
    warningCount: 0,
    criticalSince: Number.NaN,
    criticalCount: 0,
    open: false,
    severity: 'warning',
    raisedAt: Number.NaN,
    triggerValue: Number.NaN,
    peakValue: Number.NaN,
    announced: Number.NaN,
  };
}

export function copyFold(from: FoldState, to: FoldState): FoldState {
  to.warningSince = from.warningSince;
  to.warningCount = from.warningCount;
  to.criticalSince = from.criticalSince;
  to.criticalCount = from.criticalCount;
  to.open = from.open;
  to.severity = from.severity;
  to.raisedAt = from.raisedAt;
  to.triggerValue = from.triggerValue;
  to.peakValue = from.peakValue;
  to.announced = from.announced;
  return to;
}

function resetStreaks(s: FoldState): void {
  s.warningSince = Number.NaN;
  s.warningCount = 0;
  s.criticalSince = Number.NaN;
  s.criticalCount = 0;
}

/**
 * Folds one value of `rule` measured at `time` into `s` — THE threshold step, the same for a reading evaluated as
 * it arrives and for a replay in measurement-time order (so both reach the same state from the same values):
 * - an open alert resolves once the value clears the rule by its deadband (`clears`); the streaks restart;
 * - otherwise the streaks advance: a level (`critical` beyond the limit, `warning` beyond `warningFraction` of it)
 *   counts once it has held for the rule's `pendingMs` (measurement time) and `consecutive` values (defaults 0, 1);
 * - no open alert and a level counts: raised at that level;
 * - open: its severity rises (never falls) when a higher level counts; a worse value is kept at once and announced
 *   when worse than the last announced one by more than the deadband's share of the limit.
 */
export function foldStep(s: FoldState, rule: ThresholdRule, value: number, time: number): FoldStep {
  if (s.open && clears(rule, value)) {
    s.open = false;
    resetStreaks(s);
    return 'resolved';
  }
  const level = levelOf(rule, value);
  if (level) {
    if (Number.isNaN(s.warningSince)) s.warningSince = time;
    s.warningCount += 1;
  } else {
    s.warningSince = Number.NaN;
    s.warningCount = 0;
  }
  if (level === 'critical') {
    if (Number.isNaN(s.criticalSince)) s.criticalSince = time;
    s.criticalCount += 1;
  } else {
    s.criticalSince = Number.NaN;
    s.criticalCount = 0;
  }
  const pending = rule.pendingMs ?? 0;
  const needed = rule.consecutive ?? 1;
  const confirmed: AlertSeverity | undefined =
    s.criticalCount >= needed && time - s.criticalSince >= pending
      ? 'critical'
      : s.warningCount >= needed && time - s.warningSince >= pending
        ? 'warning'
        : undefined;
  if (!s.open) {
    if (!confirmed) return 'none';
    s.open = true;
    s.severity = confirmed;
    s.raisedAt = time;
    s.triggerValue = value;
    s.peakValue = value;
    s.announced = value;
    return 'raised';
  }
  const rises = confirmed !== undefined && SEVERITY_RANK[confirmed] > SEVERITY_RANK[s.severity];
  const worse = excess(rule, value) > excess(rule, s.peakValue);
  // Announced only when worse by more than the deadband's share of the limit: a slowly rising mean does not send
  // an update every minute.
  const step = rule.deadband * Math.abs(rule.max ?? rule.min ?? 0);
  const significant = worse && excess(rule, value) - excess(rule, s.announced) > step;
  if (rises && confirmed) s.severity = confirmed;
  if (worse) s.peakValue = value;
  if (rises || significant) {
    s.announced = value;
    return 'updated';
  }
  return 'none';
}

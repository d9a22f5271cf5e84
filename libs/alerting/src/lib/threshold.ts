import type { AlertSeverity, ThresholdRule } from '@langxanh/contracts';

/** The limits a value is compared with at one level: the rule's own (`critical`) or its warning level. */
interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

/**
 * The bounds of `rule` at `severity`: the limit itself for `critical`; for `warning` the limit scaled by the rule's
 * `warningFraction` f (upper limit max × f, lower limit min / f), or undefined when the rule has no warning level.
 */
export function boundsAt(rule: ThresholdRule, severity: AlertSeverity): Bounds | undefined {
  if (severity === 'critical') return { min: rule.min, max: rule.max };
  const f = rule.warningFraction;
  if (f === undefined || !(f > 0 && f < 1)) return undefined;
  return {
    ...(rule.min !== undefined ? { min: rule.min / f } : {}),
    ...(rule.max !== undefined ? { max: rule.max * f } : {}),
  };
}

function beyond(rule: ThresholdRule, bounds: Bounds, value: number): boolean {
  switch (rule.comparison) {
    case 'above':
      return bounds.max !== undefined && value > bounds.max;
    case 'atOrAbove':
      return bounds.max !== undefined && value >= bounds.max;
    case 'below':
      return bounds.min !== undefined && value < bounds.min;
    case 'outside':
      return (bounds.min !== undefined && value < bounds.min) || (bounds.max !== undefined && value > bounds.max);
  }
}

/** Whether `value` breaks `rule`'s limit (the critical raise condition). */
export function exceeds(rule: ThresholdRule, value: number): boolean {
  return beyond(rule, { min: rule.min, max: rule.max }, value);
}

/** The level `value` reaches on `rule`: `critical` beyond the limit, `warning` beyond the warning level, else none. */
export function levelOf(rule: ThresholdRule, value: number): AlertSeverity | undefined {
  if (exceeds(rule, value)) return 'critical';
  const warning = boundsAt(rule, 'warning');
  return warning && beyond(rule, warning, value) ? 'warning' : undefined;
}

/**
 * Whether `value` is back inside `rule` by its deadband (the clear condition), measured from the lowest level the
 * rule alerts at (its warning level when it has one, else the limit): for an upper bound value ≤ max × (1 − deadband),
 * for a lower bound value ≥ min × (1 + deadband). So an alert stays one episode while the value hovers between levels.
 */
export function clears(rule: ThresholdRule, value: number): boolean {
  const bounds = boundsAt(rule, 'warning') ?? { min: rule.min, max: rule.max };
  const upperOk = bounds.max === undefined || value <= bounds.max * (1 - rule.deadband);
  const lowerOk = bounds.min === undefined || value >= bounds.min * (1 + rule.deadband);
  switch (rule.comparison) {
    case 'above':
    case 'atOrAbove':
      return upperOk;
    case 'below':
      return lowerOk;
    case 'outside':
      return upperOk && lowerOk;
  }
}

/** How far `value` is beyond the limit, in the rule's unit (≤ 0 inside). Used to keep the worst value. */
export function excess(rule: ThresholdRule, value: number): number {
  const over = rule.max === undefined ? Number.NEGATIVE_INFINITY : value - rule.max;
  const under = rule.min === undefined ? Number.NEGATIVE_INFINITY : rule.min - value;
  switch (rule.comparison) {
    case 'above':
    case 'atOrAbove':
      return over;
    case 'below':
      return under;
    case 'outside':
      return Math.max(over, under);
  }
}

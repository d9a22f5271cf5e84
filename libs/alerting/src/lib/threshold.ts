import type { ThresholdRule } from '@langxanh/contracts';

/** Whether `value` breaks `rule` (the raise condition). */
export function exceeds(rule: ThresholdRule, value: number): boolean {
  switch (rule.comparison) {
    case 'above':
      return rule.max !== undefined && value > rule.max;
    case 'atOrAbove':
      return rule.max !== undefined && value >= rule.max;
    case 'below':
      return rule.min !== undefined && value < rule.min;
    case 'outside':
      return (rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max);
  }
}

/**
 * Whether `value` is back inside `rule` by its deadband (the clear condition): for an upper limit
 * value ≤ max × (1 − deadband), for a lower limit value ≥ min × (1 + deadband).
 */
export function clears(rule: ThresholdRule, value: number): boolean {
  const upperOk = rule.max === undefined || value <= rule.max * (1 - rule.deadband);
  const lowerOk = rule.min === undefined || value >= rule.min * (1 + rule.deadband);
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

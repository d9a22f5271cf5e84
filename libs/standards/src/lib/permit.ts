import {
  parameterSpec,
  type AlertSettings,
  type LimitSource,
  type Station,
  type ThresholdRule,
} from '@langxanh/contracts';
import { inForce } from './effective';

/**
 * Applies a station's environmental permit (giấy phép môi trường) in force at `at` (epoch ms): each permit limit
 * replaces the standard's rule on the same parameter and averaging period (keeping its id, so an open alert carries
 * on with the new limit), or adds a rule `permit/{parameter}/{period}` when the standard has none. The rule's source
 * names the permit; its note names the standard's value it replaces. A permit limit with both `min` and `max` is a
 * range (`outside`), with only `min` a lower limit (`below`).
 */
export function applyPermit(station: Station, rules: readonly ThresholdRule[], at: number): ThresholdRule[] {
  const permit = station.permit;
  if (!permit) return [...rules];
  const source: LimitSource = {
    document: `Giấy phép môi trường ${permit.number}`,
    clause: permit.issuedBy ?? 'giới hạn theo giấy phép',
    effectiveFrom: permit.effectiveFrom,
    ...(permit.effectiveTo ? { effectiveTo: permit.effectiveTo } : {}),
    en: { document: `Environmental permit ${permit.number}`, clause: permit.issuedBy ?? 'limit set by the permit' },
  };
  if (!inForce(source, at)) return [...rules];
  const out = [...rules];
  for (const limit of permit.limits) {
    const index = out.findIndex((r) => r.parameter === limit.parameter && r.averagingPeriod === limit.averagingPeriod);
    const base = index >= 0 ? out[index] : undefined;
    const comparison: ThresholdRule['comparison'] =
      limit.min !== undefined && limit.max !== undefined
        ? 'outside'
        : limit.min !== undefined
          ? 'below'
          : base?.comparison === 'atOrAbove'
            ? 'atOrAbove'
            : 'above';
    const baseValues = base ? [base.min, base.max].filter((v) => v !== undefined).join('–') : '';
    const replaced = base ? `thay ${base.source.document} ${base.source.clause}: ${baseValues}` : undefined;
    const baseEn = base?.source.en ?? base?.source;
    const replacedEn = baseEn ? `replaces ${baseEn.document} ${baseEn.clause}: ${baseValues}` : undefined;
    const { min: _min, max: _max, ...rest } = base ?? {
      id: `permit/${limit.parameter}/${limit.averagingPeriod}`,
      parameter: limit.parameter,
      unit: parameterSpec(station.kind, limit.parameter)?.unit ?? '',
      averagingPeriod: limit.averagingPeriod,
      deadband: 0.05,
    };
    const rule: ThresholdRule = {
      ...rest,
      comparison,
      ...(limit.min !== undefined ? { min: limit.min } : {}),
      ...(limit.max !== undefined ? { max: limit.max } : {}),
      source: replaced && source.en ? { ...source, note: replaced, en: { ...source.en, note: replacedEn } } : source,
    };
    if (index >= 0) out[index] = rule;
    else out.push(rule);
  }
  return out;
}

/**
 * Applies a station's per-parameter alerting settings (registry `alerting`): warning fraction, pending duration
 * (seconds → `pendingMs`), consecutive readings and deadband override the rule defaults of every rule on that
 * parameter.
 */
export function applyAlertSettings(
  settings: Readonly<Record<string, AlertSettings>> | undefined,
  rules: readonly ThresholdRule[],
): ThresholdRule[] {
  if (!settings) return [...rules];
  return rules.map((rule) => {
    const s = settings[rule.parameter];
    if (!s) return rule;
    return {
      ...rule,
      ...(s.warningFraction !== undefined ? { warningFraction: s.warningFraction } : {}),
      ...(s.pendingS !== undefined ? { pendingMs: s.pendingS * 1000 } : {}),
      ...(s.consecutive !== undefined ? { consecutive: s.consecutive } : {}),
      ...(s.deadband !== undefined ? { deadband: s.deadband } : {}),
    };
  });
}

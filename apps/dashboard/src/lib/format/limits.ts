/**
 * Wording of limits ("≤ 135 mg/L", "5,5 – 9") and of their sources, built from the i18n templates and the number
 * formatting of `format.ts`.
 */
import type { LimitSource, ThresholdRule } from '@langxanh/contracts';
import type { TFunction } from 'i18next';
import { formatLimitNumber } from './format';

export type LimitLike = Pick<ThresholdRule, 'comparison' | 'min' | 'max' | 'unit'>;

/** A limit value with its unit: `135 mg/L`, `9` (pH). */
export function formatLimitValue(value: number, unit: string, language: string): string {
  const number = formatLimitNumber(value, language);
  return unit ? `${number}\u00a0${unit}` : number;
}

/** What is permitted: `≤ 135 mg/L` (above), `< 80 %` (atOrAbove), `≥ 20 %` (below), `5,5 – 9` (outside). */
export function formatPermitted(limit: LimitLike, language: string, t: TFunction): string {
  const min = limit.min === undefined ? '' : formatLimitValue(limit.min, limit.comparison === 'outside' ? '' : limit.unit, language);
  const max = limit.max === undefined ? '' : formatLimitValue(limit.max, limit.unit, language);
  return t(`limit.${limit.comparison}`, { min, max });
}

/** A limit source's wording in the language: its `en` form on English pages (Vietnamese when it has none). */
function sourceText(source: LimitSource, language: string): { document: string; clause: string; note?: string } {
  return language === 'en' && source.en ? source.en : source;
}

/** `QCVN 40:2011/BTNMT, Bảng 1 cột B` (vi), `QCVN 40:2011/BTNMT, Table 1 column B` (en). */
export function formatSource(source: LimitSource, language: string): string {
  const text = sourceText(source, language);
  return [text.document, text.clause].filter(Boolean).join(', ');
}

/** The source's note (e.g. `Cmax = C × Kq × Kf = …`, the standard's value a permit replaces) in the language. */
export function formatSourceNote(source: LimitSource, language: string): string | undefined {
  return sourceText(source, language).note;
}

/** The limit values a chart draws as lines: both bounds of `outside`, else the one bound the rule has. */
export function limitValues(limit: LimitLike): number[] {
  const values: number[] = [];
  if ((limit.comparison === 'below' || limit.comparison === 'outside') && limit.min !== undefined) values.push(limit.min);
  if (limit.comparison !== 'below' && limit.max !== undefined) values.push(limit.max);
  return values;
}

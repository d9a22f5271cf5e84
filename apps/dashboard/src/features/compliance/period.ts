/**
 * The report period the user picks, as the compliance API takes it: a Vietnam calendar day `YYYY-MM-DD`, a month
 * `YYYY-MM`, or a custom range of days (`from` day start to `to` day end). Pure; `now` is a parameter.
 */
import { DAY_MS, vietnamDate } from '@langxanh/contracts';

export type PeriodKind = 'day' | 'month' | 'custom';

export type Period =
  | { readonly kind: 'day'; readonly day: string }
  | { readonly kind: 'month'; readonly month: string }
  | { readonly kind: 'custom'; readonly from: string; readonly to: string };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

/** The default period: the current month in Vietnam time. */
export function defaultPeriod(now: number): Period {
  return { kind: 'month', month: vietnamDate(now).slice(0, 7) };
}

/** A period of `kind` around `now` (today, this month, the last 7 days). */
export function periodOfKind(kind: PeriodKind, now: number): Period {
  const today = vietnamDate(now);
  if (kind === 'day') return { kind, day: today };
  if (kind === 'month') return { kind, month: today.slice(0, 7) };
  return { kind, from: vietnamDate(now - 6 * DAY_MS), to: today };
}

/** `from`/`to` query values, or null when the period is incomplete or reversed. */
export function periodQuery(period: Period): { readonly from: string; readonly to: string } | null {
  switch (period.kind) {
    case 'day':
      return DAY.test(period.day) ? { from: period.day, to: period.day } : null;
    case 'month':
      return MONTH.test(period.month) ? { from: period.month, to: period.month } : null;
    case 'custom':
      return DAY.test(period.from) && DAY.test(period.to) && period.from <= period.to ? { from: period.from, to: period.to } : null;
  }
}

/** File name of the CSV download: `compliance_pk-ww-01_2026-11.csv`. */
export function csvFileName(station: string, query: { readonly from: string; readonly to: string }): string {
  const span = query.from === query.to ? query.from : `${query.from}_${query.to}`;
  return `compliance_${station}_${span}.csv`;
}

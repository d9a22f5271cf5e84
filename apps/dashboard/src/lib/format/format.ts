/**
 * Every number, unit, date and time the dashboard shows is formatted here, and nowhere else.
 *
 * - Numbers follow the chosen language's conventions (`vi-VN`: `1.234,5`; `en-GB`: `1,234.5`) with the catalogue's
 *   number of decimals.
 * - Times are ALWAYS shown in Vietnam time (Asia/Ho_Chi_Minh, ICT, UTC+7), whatever the browser's own zone.
 */
import { VIETNAM_TIME_ZONE, type ParameterSpec } from '@langxanh/contracts';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const INTL_LOCALE: Readonly<Record<Language, string>> = { vi: 'vi-VN', en: 'en-GB' };

/** Normalises an i18next language code (`vi`, `en-US`, …) to one the dashboard supports; Vietnamese otherwise. */
export function toLanguage(code: string | undefined): Language {
  const base = (code ?? '').toLowerCase().split('-')[0];
  return base === 'en' ? 'en' : 'vi';
}

/** BCP 47 locale given to `Intl` for a language. */
export function intlLocale(language: string): string {
  return INTL_LOCALE[toLanguage(language)];
}

/** A time as the API sends it (ISO 8601) or epoch milliseconds. */
export type TimeInput = string | number | Date;

function toMillis(time: TimeInput): number {
  if (typeof time === 'number') return time;
  if (time instanceof Date) return time.getTime();
  return Date.parse(time);
}

// Intl objects are costly to build: one per (kind, locale, options) is kept.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

function numberFormat(language: string, decimals: number, trim = false): Intl.NumberFormat {
  const locale = intlLocale(language);
  return cached(
    `n|${locale}|${decimals}|${trim}`,
    () =>
      new Intl.NumberFormat(locale, {
        minimumFractionDigits: trim ? 0 : decimals,
        maximumFractionDigits: decimals,
        signDisplay: 'negative',
      }),
  );
}

function dateTimeFormat(language: string, name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = intlLocale(language);
  return cached(
    `d|${locale}|${name}`,
    () => new Intl.DateTimeFormat(locale, { ...options, timeZone: VIETNAM_TIME_ZONE, hourCycle: 'h23' }),
  );
}

/** Decimals used when a parameter is not in the catalogue. */
export const DEFAULT_DECIMALS = 1;

/** `1234.56` → `1.234,6` (vi) / `1,234.6` (en) with `decimals` fraction digits. Never prints `-0`. */
export function formatNumber(value: number, language: string, decimals = DEFAULT_DECIMALS): string {
  if (!Number.isFinite(value)) return '–';
  return numberFormat(language, decimals).format(value);
}

/** Like {@link formatNumber} without trailing zeros, for limits and settings: `135`, `5,5`. */
export function formatLimitNumber(value: number, language: string, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return '–';
  return numberFormat(language, maxDecimals, true).format(value);
}

/** A measured value with the catalogue's decimals for its parameter (the unit is not included). */
export function formatValue(value: number, spec: Pick<ParameterSpec, 'decimals'> | undefined, language: string): string {
  return formatNumber(value, language, spec?.decimals ?? DEFAULT_DECIMALS);
}

/**
 * A value followed by its unit, separated by a no-break space: `85,2 mg/L`, `35 %`, `7,12` (pH has no unit).
 * `unit` overrides the catalogue's (alerts carry their own unit).
 */
export function formatValueWithUnit(
  value: number,
  spec: Pick<ParameterSpec, 'decimals' | 'unit'> | undefined,
  language: string,
  unit: string = spec?.unit ?? '',
): string {
  const number = formatValue(value, spec, language);
  return unit ? `${number}\u00a0${unit}` : number;
}

/** Date and time in Vietnam time: `14:05 29/11/2026` (vi), `29/11/2026, 14:05` (en). */
export function formatDateTime(time: TimeInput, language: string): string {
  const ms = toMillis(time);
  if (Number.isNaN(ms)) return '–';
  return dateTimeFormat(language, 'datetime', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(ms);
}

/** A Vietnam calendar day `YYYY-MM-DD` as `29/11/2026` (both languages write day before month). */
export function formatDay(day: string, language: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return '–';
  // noon UTC is the same calendar day in Vietnam (UTC+7)
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return dateTimeFormat(language, 'day', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms);
}

/** Time of day in Vietnam time: `14:05` or, with seconds, `14:05:09`. */
export function formatTime(time: TimeInput, language: string, withSeconds = false): string {
  const ms = toMillis(time);
  if (Number.isNaN(ms)) return '–';
  return dateTimeFormat(language, withSeconds ? 'time-s' : 'time', {
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
  }).format(ms);
}

interface VietnamParts {
  readonly day: string;
  readonly month: string;
  readonly hour: string;
  readonly minute: string;
}

function vietnamParts(ms: number): VietnamParts {
  const parts = dateTimeFormat('en', 'parts', {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('day'), month: get('month'), hour: get('hour'), minute: get('minute') };
}

/**
 * A chart's time-axis tick in Vietnam time. Spans up to 36 h show `HH:mm`; longer spans show `dd/MM HH:mm`,
 * or `dd/MM` at midnight. Day before month in both languages (as written in Vietnam and in British English).
 */
export function formatAxisTick(ms: number, spanMs: number): string {
  const { day, month, hour, minute } = vietnamParts(ms);
  const time = `${hour}:${minute}`;
  if (spanMs <= 36 * 3_600_000) return time;
  return time === '00:00' ? `${day}/${month}` : `${day}/${month} ${time}`;
}

const RELATIVE_STEPS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', Number.POSITIVE_INFINITY],
];

/** `5 phút trước` / `5 minutes ago`, relative to `now` (epoch ms); under 10 s, `bây giờ` / `now`. */
export function formatRelative(time: TimeInput, now: number, language: string): string {
  const ms = toMillis(time);
  if (Number.isNaN(ms)) return '–';
  const locale = intlLocale(language);
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  let amount = (ms - now) / 1000;
  if (Math.abs(amount) < 10) return rtf.format(0, 'second');
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return rtf.format(Math.trunc(amount), unit);
    amount /= size;
  }
  return formatDateTime(ms, language);
}

/** ISO 8601 in UTC for `<time dateTime>` attributes. */
export function toIso(time: TimeInput): string {
  const ms = toMillis(time);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

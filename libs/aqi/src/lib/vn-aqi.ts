/**
 * Hourly and daily VN_AQI of one station: QĐ 1459/QĐ-TCMT (12/11/2019), Hướng dẫn mục 2.2.1 (AQI giờ) and 2.2.2
 * (AQI ngày); shared docs/domain.md §1.4–1.6. Pure functions: hourly means in, index out; no clock, no I/O.
 */
import { aqiBand, type AqiBand } from './bands';
import { AQI_PARAMETERS, roundAqi, subIndex, type AqiParameter, type BreakpointColumn } from './breakpoints';
import { nowcast, type NowCastResult } from './nowcast';

/** 1-h means (µg/m³) per parameter; `null`/`undefined` = no data for that hour. */
export type HourlyValues = readonly (number | null | undefined)[];

/** What concentration a sub-index was computed from. */
export type SubIndexBasis = 'nowcast' | '1h' | 'max1h' | 'max8h' | '24h';

/** One parameter's sub-index AQIx. */
export interface SubIndexResult {
  readonly parameter: AqiParameter;
  /** `nowcast` (hourly PM), `1h` (hourly gases), `24h` (daily PM mean), `max1h`/`max8h` (daily gases, O3). */
  readonly basis: SubIndexBasis;
  /** The concentration Cx the sub-index was computed from, µg/m³ (unrounded). */
  readonly concentration: number;
  /** Unrounded AQIx. */
  readonly value: number;
  /** AQIx rounded half-up to an integer ({@link roundAqi}). */
  readonly aqi: number;
  /** True for the one entry with the highest AQIx (QĐ 1459 Bảng 3: "chỉ rõ thông số có AQIx cao nhất"). */
  readonly dominant: boolean;
}

/** Why no index could be computed. */
export type NoAqiReason = 'no_pm';

interface AqiOutcome {
  /** VN_AQI = max AQIx, rounded to an integer; `null` when no index can be published (`reason`). */
  readonly aqi: number | null;
  readonly band: AqiBand | null;
  /** Parameter of the highest AQIx. */
  readonly dominant: AqiParameter | null;
  /** Every computed sub-index, in the order PM2.5, PM10, O3, NO2, SO2, CO (O3 daily: `max1h` then `max8h`). */
  readonly subIndices: readonly SubIndexResult[];
  /** Set when `aqi` is null: `no_pm` = neither PM2.5 nor PM10 available (mục 2.1 b: at least one is required). */
  readonly reason?: NoAqiReason;
  /** Input values dropped as invalid (negative or not finite: mục 2.1 a requires invalid data to be removed). */
  readonly invalidValues: number;
}

/** Result of {@link hourlyAqi}. */
export interface HourlyAqiResult extends AqiOutcome {
  /** NowCast of PM2.5 and PM10, when computable. */
  readonly nowcast: Partial<Record<'PM2.5' | 'PM10', NowCastResult>>;
}

/** Result of {@link dailyAqi}. */
export interface DailyAqiResult extends AqiOutcome {
  /** Hourly means present per parameter (of 24). */
  readonly hoursPresent: Partial<Record<AqiParameter, number>>;
  /**
   * True when a parameter that entered the index has fewer than {@link DAILY_MIN_HOURS} of its 24 hourly means.
   * QĐ 1459 sets no completeness rule; LàngXanh borrows US EPA's 75 % (domain.md §1.6, §8.5) and still publishes
   * the value, marked provisional.
   */
  readonly provisional: boolean;
}

/** Hours of 24 below which a daily value is provisional (policy borrowed from US EPA: 75 %, domain.md §1.6). */
export const DAILY_MIN_HOURS = 18;
/** Hours of 8 an 8-h mean needs (policy: 75 %, as {@link DAILY_MIN_HOURS}; QĐ 1459 sets none). */
export const EIGHT_HOUR_MIN_HOURS = 6;

/** Cleans one series: invalid numbers become `null` and are counted. */
function clean(
  values: HourlyValues | undefined,
  length: number,
): { values: (number | null)[]; invalid: number } {
  let invalid = 0;
  const out: (number | null)[] = [];
  for (let i = 0; i < length; i++) {
    const v = values?.[i];
    if (v === null || v === undefined) out.push(null);
    else if (!Number.isFinite(v) || v < 0) {
      invalid++;
      out.push(null);
    } else out.push(v);
  }
  return { values: out, invalid };
}

const present = (v: number | null): v is number => v !== null;

function outcome(entries: Omit<SubIndexResult, 'dominant' | 'aqi'>[], invalidValues: number): AqiOutcome {
  const hasPm = entries.some((e) => e.parameter === 'PM2.5' || e.parameter === 'PM10');
  if (!hasPm)
    return { aqi: null, band: null, dominant: null, subIndices: [], reason: 'no_pm', invalidValues };
  let top = 0;
  entries.forEach((e, i) => {
    if (e.value > entries[top].value) top = i;
  });
  const subIndices = entries.map((e, i) => ({ ...e, aqi: roundAqi(e.value), dominant: i === top }));
  const aqi = roundAqi(entries[top].value);
  return { aqi, band: aqiBand(aqi), dominant: entries[top].parameter, subIndices, invalidValues };
}

function entry(
  parameter: AqiParameter,
  basis: SubIndexBasis,
  column: BreakpointColumn,
  concentration: number,
): Omit<SubIndexResult, 'dominant' | 'aqi'> | undefined {
  const value = subIndex(column, concentration);
  return value === undefined ? undefined : { parameter, basis, concentration, value };
}

const gasColumn = (p: 'NO2' | 'SO2' | 'CO'): BreakpointColumn => p;

/**
 * Hourly VN_AQI (AQI^h, mục 2.2.1). `hours[p]` holds the 1-h means of parameter `p`, **newest first**:
 * index 0 is the current hour (c1), index 11 the hour 11 hours earlier.
 * - PM2.5, PM10: NowCast of the 12 values ({@link nowcast}), Công thức 2.
 * - O3 (O3 1h column), NO2, SO2, CO: the current hour's mean, Công thức 1; no sub-index when it is missing.
 * - AQI^h = max AQIx, rounded to an integer; `null` with reason `no_pm` when neither PM NowCast is computable.
 * Negative or non-finite values are treated as missing and counted in `invalidValues`.
 */
export function hourlyAqi(hours: Partial<Record<AqiParameter, HourlyValues>>): HourlyAqiResult {
  let invalid = 0;
  const entries: Omit<SubIndexResult, 'dominant' | 'aqi'>[] = [];
  const nowcasts: Partial<Record<'PM2.5' | 'PM10', NowCastResult>> = {};
  for (const parameter of AQI_PARAMETERS) {
    const cleaned = clean(hours[parameter], parameter === 'PM2.5' || parameter === 'PM10' ? 12 : 1);
    invalid += cleaned.invalid;
    if (parameter === 'PM2.5' || parameter === 'PM10') {
      const nc = nowcast(cleaned.values);
      if (!nc) continue;
      nowcasts[parameter] = nc;
      const e = entry(parameter, 'nowcast', parameter, nc.value);
      if (e) entries.push(e);
      continue;
    }
    const c1 = cleaned.values[0];
    if (c1 === null) continue;
    const e = entry(parameter, '1h', parameter === 'O3' ? 'O3_1h' : gasColumn(parameter), c1);
    if (e) entries.push(e);
  }
  return { ...outcome(entries, invalid), nowcast: nowcasts };
}

/**
 * The 24 eight-hour means of a day (mục 2.2.2 a): the mean labelled hour H (hour-ending, 01:00 … 00:00) covers
 * hours H−7 … H, so the first ones reach into the previous evening. `previous7` are the 1-h means of the previous
 * day's last 7 hours (hour-ending 18:00 … 00:00, oldest first), `day` the day's 24 means (hour-ending 01:00 …
 * 00:00 next day, oldest first). A mean needs {@link EIGHT_HOUR_MIN_HOURS} of its 8 hours (policy; QĐ 1459 has
 * none) and is the mean of those present; otherwise `null`. Negative/non-finite values count as missing.
 */
export function eightHourMeans(previous7: HourlyValues, day: HourlyValues): (number | null)[] {
  const all = [...clean(previous7, 7).values, ...clean(day, 24).values];
  const out: (number | null)[] = [];
  for (let k = 0; k < 24; k++) {
    const window = all.slice(k, k + 8).filter(present);
    out.push(
      window.length >= EIGHT_HOUR_MIN_HOURS ? window.reduce((a, b) => a + b, 0) / window.length : null,
    );
  }
  return out;
}

/** Input of {@link dailyAqi}: a Vietnam calendar day's hourly means. */
export interface DailyAqiInput {
  /**
   * Per parameter, the day's 24 1-h means, oldest first, in the hour-ending convention of mục 2.2.2 a ("từ 01:00
   * giờ đến 00:00 hôm sau"): index 0 = hour ending 01:00 (00:00–01:00 Vietnam time), index 23 = hour ending
   * 00:00 of the next day (23:00–24:00).
   */
  readonly hours: Partial<Record<AqiParameter, HourlyValues>>;
  /** O3 1-h means of the previous day's last 7 hours (hour-ending 18:00 … 00:00), oldest first, for the 8-h means. */
  readonly o3Previous7?: HourlyValues;
}

/**
 * Daily VN_AQI (AQI^d, mục 2.2.2), Công thức 1 for every parameter:
 * - PM2.5, PM10: 24-h mean = arithmetic mean of the hourly means present;
 * - SO2, NO2, CO: the day's maximum 1-h mean;
 * - O3: max(AQI of the day's maximum 1-h mean on the O3 (1h) column, AQI of the day's maximum 8-h mean on the
 *   O3 (8h) column); the 8-h part is not computed when the maximum 8-h mean is above 400 µg/m³ ("Lưu ý").
 * AQI^d = max AQIx, rounded; `null` (reason `no_pm`) without any PM2.5 or PM10 hour. `provisional` when a
 * parameter that entered the index has fewer than {@link DAILY_MIN_HOURS} hours.
 */
export function dailyAqi(input: DailyAqiInput): DailyAqiResult {
  let invalid = 0;
  let provisional = false;
  const hoursPresent: Partial<Record<AqiParameter, number>> = {};
  const entries: Omit<SubIndexResult, 'dominant' | 'aqi'>[] = [];
  const push = (e: Omit<SubIndexResult, 'dominant' | 'aqi'> | undefined) => e && entries.push(e);
  for (const parameter of AQI_PARAMETERS) {
    const cleaned = clean(input.hours[parameter], 24);
    invalid += cleaned.invalid;
    const values = cleaned.values.filter(present);
    if (input.hours[parameter] !== undefined) hoursPresent[parameter] = values.length;
    if (values.length === 0) continue;
    if (values.length < DAILY_MIN_HOURS) provisional = true;
    if (parameter === 'PM2.5' || parameter === 'PM10') {
      push(entry(parameter, '24h', parameter, values.reduce((a, b) => a + b, 0) / values.length));
    } else if (parameter === 'O3') {
      push(entry('O3', 'max1h', 'O3_1h', Math.max(...values)));
      invalid += clean(input.o3Previous7, 7).invalid;
      const eights = eightHourMeans(input.o3Previous7 ?? [], cleaned.values).filter(present);
      if (eights.length > 0) push(entry('O3', 'max8h', 'O3_8h', Math.max(...eights)));
    } else {
      push(entry(parameter, 'max1h', gasColumn(parameter), Math.max(...values)));
    }
  }
  const result = outcome(entries, invalid);
  return { ...result, hoursPresent, provisional: result.aqi !== null && provisional };
}

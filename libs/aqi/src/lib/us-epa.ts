/**
 * **US EPA AQI**: an optional second scale, shown only when clearly labelled as such, never mixed with VN_AQI (the
 * same PM2.5 = 20.3 µg/m³ is VN_AQI 41 "Tốt" but US EPA AQI 72 "Moderate" with the 2024 breakpoints).
 *
 * **Dated PM2.5 table.** EPA revised the PM2.5 breakpoints in 2024 (domain.md §1.8: "took effect in May 2024"; the
 * day used is 6 May 2024, the final rule's effective date as issue 14 gives it). A value is indexed with the table in
 * force at the time it is for, the way QCVN limits change on their effective dates (libs/standards `inForce`): the
 * date is read as a Vietnam calendar day, from 2024-05-06 00:00 ICT. So AQI values published before that date (e.g.
 * the Hà Nội 2018 embassy file's own AQI column) are reproduced, and later ones use the 2024 table. Other pollutants'
 * breakpoints did not change in 2024 (domain.md §1.8 gives one column each).
 *
 * Sources (shared docs/domain.md §1.8, [C]: corroborated by several open-source implementations citing the EPA
 * PM NAAQS fact sheet of Feb 2024; the primary EPA table was not read): breakpoints per pollutant and averaging
 * time; truncation before interpolation (PM2.5 0.1 µg/m³, PM10 1 µg/m³, CO 0.1 ppm, SO2 and NO2 1 ppb, O3 0.001 ppm;
 * [R]); the result rounded to the nearest integer. EPA gases are in ppm/ppb: LàngXanh stores µg/m³, converted here
 * at 25 °C and 1 atm, ppb = µg/m³ × 24.45 / M (M in g/mol) [D]. Not implemented: O3 above 0.200 ppm 8-h (EPA then
 * uses 1-h O3, whose breakpoints are not in domain.md), and EPA's 24-h SO2 rule above AQI 200 ([R]).
 */
import { vietnamDate } from '@langxanh/contracts';
import { aqiBand, type BilingualText } from './bands';
import type { AqiParameter } from './breakpoints';
import { eightHourMeans, type HourlyValues } from './vn-aqi';

/** Label of this scale wherever a value of it is shown: it names the PM2.5 table in force (see {@link usEpaScale}). */
export type UsEpaScale = 'US_EPA_AQI_2024' | 'US_EPA_AQI_PRE_2024';

/** The first Vietnam calendar day of the 2024 PM2.5 breakpoints (see the file's docstring). */
export const US_EPA_PM25_2024_FROM = '2024-05-06';

/** Label of the scale whose PM2.5 table is in force at `at` (epoch ms). @throws RangeError for a non-finite `at`. */
export function usEpaScale(at: number): UsEpaScale {
  if (!Number.isFinite(at)) throw new RangeError(`time must be finite epoch ms, got ${at}`);
  return vietnamDate(at) >= US_EPA_PM25_2024_FROM ? 'US_EPA_AQI_2024' : 'US_EPA_AQI_PRE_2024';
}

/** EPA category names of the six AQI ranges 0–50 … 301–500 (colours are the same as VN_AQI Bảng 1). */
export const US_EPA_CATEGORIES: readonly BilingualText[] = [
  { en: 'Good', vi: 'Tốt' },
  { en: 'Moderate', vi: 'Trung bình' },
  { en: 'Unhealthy for Sensitive Groups', vi: 'Không tốt cho nhóm nhạy cảm' },
  { en: 'Unhealthy', vi: 'Không tốt cho sức khỏe' },
  { en: 'Very Unhealthy', vi: 'Rất không tốt cho sức khỏe' },
  { en: 'Hazardous', vi: 'Nguy hại' },
];

/** Stable keys of the six EPA categories, in order (as `UsEpaAqiDto.category`). */
export const US_EPA_CATEGORY_KEYS = [
  'good',
  'moderate',
  'unhealthy_sensitive',
  'unhealthy',
  'very_unhealthy',
  'hazardous',
] as const;

/** Index ranges of the six EPA categories. */
const INDEX: readonly (readonly [number, number])[] = [
  [0, 50],
  [51, 100],
  [101, 150],
  [151, 200],
  [201, 300],
  [301, 500],
];

/**
 * Index ranges of the pre-2024 PM2.5 table, whose Hazardous category has two rows (domain.md §1.8:
 * "250.5–500.4 (301–400 / 401–500)").
 */
const INDEX_PM25_PRE_2024: readonly (readonly [number, number])[] = [...INDEX.slice(0, 5), [301, 400], [401, 500]];

/** Molar masses, g/mol, for µg/m³ → ppb at 25 °C and 1 atm (molar volume 24.45 L). */
const MOLAR_MASS = { O3: 48.0, NO2: 46.0055, SO2: 64.066, CO: 28.01 } as const;

type EpaPollutant = 'PM2.5' | 'PM10' | 'O3_8h' | 'CO_8h' | 'SO2_1h' | 'NO2_1h';

interface EpaTable {
  /** Concentration ranges [lo, hi] per category, in the EPA unit. */
  readonly ranges: readonly (readonly [number, number])[];
  /** Index range of each concentration range (default: the six categories' {@link INDEX}). */
  readonly index?: readonly (readonly [number, number])[];
  readonly unit: 'µg/m³' | 'ppm' | 'ppb';
  /** Truncation step before interpolation. */
  readonly step: number;
}

/**
 * PM2.5 breakpoints before 6 May 2024 (domain.md §1.8, column "PM2.5 (pre-2024)"). The split of its 301–500 row at
 * 350.4 / 350.5 µg/m³ is not in domain.md: it is the EPA Technical Assistance Document (Sept 2018) value as several
 * open-source implementations give it ([C]; the TAD itself was not read).
 */
export const US_EPA_PM25_PRE_2024: EpaTable = {
  unit: 'µg/m³',
  step: 0.1,
  ranges: [
    [0, 12],
    [12.1, 35.4],
    [35.5, 55.4],
    [55.5, 150.4],
    [150.5, 250.4],
    [250.5, 350.4],
    [350.5, 500.4],
  ],
  index: INDEX_PM25_PRE_2024,
};

/** US EPA breakpoints (domain.md §1.8; PM2.5 from the 2024 revision, in force from 6 May 2024). */
export const US_EPA_BREAKPOINTS: Readonly<Record<EpaPollutant, EpaTable>> = {
  'PM2.5': {
    unit: 'µg/m³',
    step: 0.1,
    ranges: [
      [0, 9],
      [9.1, 35.4],
      [35.5, 55.4],
      [55.5, 125.4],
      [125.5, 225.4],
      [225.5, 325.4],
    ],
  },
  PM10: {
    unit: 'µg/m³',
    step: 1,
    ranges: [
      [0, 54],
      [55, 154],
      [155, 254],
      [255, 354],
      [355, 424],
      [425, 604],
    ],
  },
  O3_8h: {
    unit: 'ppm',
    step: 0.001,
    ranges: [
      [0, 0.054],
      [0.055, 0.07],
      [0.071, 0.085],
      [0.086, 0.105],
      [0.106, 0.2],
    ],
  },
  CO_8h: {
    unit: 'ppm',
    step: 0.1,
    ranges: [
      [0, 4.4],
      [4.5, 9.4],
      [9.5, 12.4],
      [12.5, 15.4],
      [15.5, 30.4],
      [30.5, 50.4],
    ],
  },
  SO2_1h: {
    unit: 'ppb',
    step: 1,
    ranges: [
      [0, 35],
      [36, 75],
      [76, 185],
      [186, 304],
      [305, 604],
      [605, 1004],
    ],
  },
  NO2_1h: {
    unit: 'ppb',
    step: 1,
    ranges: [
      [0, 53],
      [54, 100],
      [101, 360],
      [361, 649],
      [650, 1249],
      [1250, 2049],
    ],
  },
};

/** Truncates `x` down to a multiple of `step` (after removing float noise: 0.0700000001 stays 0.070). */
function truncate(x: number, step: number): number {
  const scaled = Math.round((x / step) * 1e6) / 1e6;
  return Math.floor(scaled) * step;
}

/** The breakpoint table of `pollutant` in force at `at` (epoch ms): only PM2.5 changed, on 6 May 2024. */
function tableAt(pollutant: EpaPollutant, at: number): EpaTable {
  if (pollutant === 'PM2.5' && usEpaScale(at) === 'US_EPA_AQI_PRE_2024') return US_EPA_PM25_PRE_2024;
  return US_EPA_BREAKPOINTS[pollutant];
}

/**
 * The EPA AQI of one pollutant concentration, given in the EPA unit of its table (`µg/m³` for PM, `ppm` for O3 and
 * CO, `ppb` for SO2 and NO2), with the breakpoints in force at `at` — the time (epoch ms) the value is for, e.g. the
 * start of the day of a daily mean or the hour of a NowCast (PM2.5: the pre-2024 table before 6 May 2024, see
 * {@link usEpaScale}). The concentration is truncated, then interpolated within its category and rounded.
 * @returns 0…500 (500 above the last breakpoint), or `undefined` for O3 above 0.200 ppm (8-h table ends).
 * @throws RangeError for a negative or non-finite concentration, or a non-finite `at`.
 */
export function usEpaSubIndex(pollutant: EpaPollutant, concentration: number, at: number): number | undefined {
  if (!Number.isFinite(concentration) || concentration < 0) {
    throw new RangeError(`concentration must be finite and ≥ 0, got ${concentration}`);
  }
  const table = tableAt(pollutant, at);
  const c = truncate(concentration, table.step);
  const last = table.ranges[table.ranges.length - 1];
  if (c > last[1]) return pollutant === 'O3_8h' ? undefined : 500;
  // Between two ranges after truncation cannot happen; the first range whose upper bound is ≥ c holds it.
  const i = table.ranges.findIndex(([, hi]) => c <= hi + 1e-9);
  const [lo, hi] = table.ranges[i];
  const [iLo, iHi] = (table.index ?? INDEX)[i];
  return Math.round(((iHi - iLo) / (hi - lo)) * (Math.max(c, lo) - lo) + iLo);
}

/** µg/m³ → ppb at 25 °C, 1 atm [D]. */
export function microgramsToPpb(gas: keyof typeof MOLAR_MASS, microgramsPerM3: number): number {
  return (microgramsPerM3 * 24.45) / MOLAR_MASS[gas];
}

/** Result of {@link usEpaDailyAqi}. */
export interface UsEpaAqiResult {
  /** The scale with the PM2.5 table in force on the day (see {@link usEpaScale}). */
  readonly scale: UsEpaScale;
  /** Integer AQI, or null when no pollutant could be indexed. */
  readonly aqi: number | null;
  /** Category 0…5 of {@link US_EPA_CATEGORIES}, or null. */
  readonly category: number | null;
  readonly dominant: AqiParameter | null;
  /** Sub-index per pollutant indexed. */
  readonly subIndices: Readonly<Partial<Record<AqiParameter, number>>>;
}

const present = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v) && v >= 0;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * Daily US EPA AQI from one Vietnam day's hourly means in µg/m³ (same input as the VN_AQI `dailyAqi`: 24 values
 * oldest first, plus the previous day's last 7 hours for 8-h means): PM2.5 and PM10 24-h means, O3 and CO maximum
 * 8-h means (6 of 8 hours), SO2 and NO2 maximum 1-h means. AQI = the largest sub-index. `at` (epoch ms): a time of
 * that day, e.g. its start, which picks the breakpoint tables in force ({@link usEpaSubIndex}).
 * @throws RangeError for a non-finite `at`.
 */
export function usEpaDailyAqi(input: {
  readonly hours: Partial<Record<AqiParameter, HourlyValues>>;
  readonly previous7?: Partial<Record<AqiParameter, HourlyValues>>;
  readonly at: number;
}): UsEpaAqiResult {
  const { at } = input;
  const scale = usEpaScale(at);
  const subIndices: Partial<Record<AqiParameter, number>> = {};
  const day = (p: AqiParameter) => (input.hours[p] ?? []).slice(0, 24).filter(present);
  const maxEight = (p: AqiParameter) => {
    const eights = eightHourMeans(input.previous7?.[p] ?? [], input.hours[p] ?? []).filter(present);
    return eights.length > 0 ? Math.max(...eights) : undefined;
  };
  const set = (p: AqiParameter, value: number | undefined) => {
    if (value !== undefined) subIndices[p] = value;
  };
  for (const p of ['PM2.5', 'PM10'] as const) {
    const values = day(p);
    if (values.length > 0) set(p, usEpaSubIndex(p, mean(values), at));
  }
  const o3 = maxEight('O3');
  if (o3 !== undefined) set('O3', usEpaSubIndex('O3_8h', microgramsToPpb('O3', o3) / 1000, at));
  const co = maxEight('CO');
  if (co !== undefined) set('CO', usEpaSubIndex('CO_8h', microgramsToPpb('CO', co) / 1000, at));
  for (const p of ['SO2', 'NO2'] as const) {
    const values = day(p);
    if (values.length > 0)
      set(p, usEpaSubIndex(p === 'SO2' ? 'SO2_1h' : 'NO2_1h', microgramsToPpb(p, Math.max(...values)), at));
  }
  let dominant: AqiParameter | null = null;
  for (const [p, v] of Object.entries(subIndices) as [AqiParameter, number][]) {
    if (dominant === null || v > (subIndices[dominant] ?? -1)) dominant = p;
  }
  const aqi = dominant === null ? null : (subIndices[dominant] ?? null);
  return {
    scale,
    aqi,
    category: aqi === null ? null : aqiBand(aqi).level - 1,
    dominant,
    subIndices,
  };
}

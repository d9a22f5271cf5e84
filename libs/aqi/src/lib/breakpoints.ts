/**
 * VN_AQI breakpoints and the sub-index formula: QĐ 1459/QĐ-TCMT, Hướng dẫn mục 2.2.1 b (Công thức 1 and 2) and
 * Bảng 2 (shared docs/domain.md §1.3, checked cell by cell against the signed PDF). All concentrations in µg/m³,
 * CO included (10 000 µg/m³ = 10 mg/m³).
 */

/** The six parameters of VN_AQI (QĐ 1459/QĐ-TCMT mục 2.1 b), keyed as in the LàngXanh parameter catalogue. */
export const AQI_PARAMETERS = ['PM2.5', 'PM10', 'O3', 'NO2', 'SO2', 'CO'] as const;
export type AqiParameter = (typeof AQI_PARAMETERS)[number];

/** A column of Bảng 2: O3 has one for 1-h means and one for 8-h means. */
export type BreakpointColumn = 'O3_1h' | 'O3_8h' | 'CO' | 'SO2' | 'NO2' | 'PM10' | 'PM2.5';

/** Ii of Bảng 2, i = 1…8. */
export const AQI_LEVELS: readonly number[] = [0, 50, 100, 150, 200, 300, 400, 500];

/**
 * BPi of Bảng 2, i = 1…8, µg/m³. The last value is the "≥" level-8 breakpoint: at or above it the sub-index is
 * capped at 500 (design choice, domain.md §1.6). O3 (8h) stops at i = 6 (400 µg/m³, I = 300): above it the 8-h
 * sub-index is not computed (mục 2.2.2 b, "Lưu ý").
 */
export const VN_AQI_BREAKPOINTS: Readonly<Record<BreakpointColumn, readonly number[]>> = {
  O3_1h: [0, 160, 200, 300, 400, 800, 1_000, 1_200],
  O3_8h: [0, 100, 120, 170, 210, 400],
  CO: [0, 10_000, 30_000, 45_000, 60_000, 90_000, 120_000, 150_000],
  SO2: [0, 125, 350, 550, 800, 1_600, 2_100, 2_630],
  NO2: [0, 100, 200, 700, 1_200, 2_350, 3_100, 3_850],
  PM10: [0, 50, 150, 250, 350, 420, 500, 600],
  'PM2.5': [0, 25, 50, 80, 150, 250, 350, 500],
};

/** Largest VN_AQI value: Bảng 2 ends at I = 500. */
export const AQI_CAP = 500;

/**
 * Unrounded sub-index AQIx of concentration `c` (µg/m³) on a column of Bảng 2, by Công thức 1/2:
 * `AQIx = (I[i+1] − I[i]) / (BP[i+1] − BP[i]) × (Cx − BP[i]) + I[i]` with BP[i] ≤ Cx ≤ BP[i+1]. Breakpoints are
 * continuous (the upper bound of a segment is the lower bound of the next; no "25.1"-style gaps, domain.md §1.3).
 * @returns the sub-index (0…500; 500 at or above the level-8 breakpoint), or `undefined` for O3 (8h) above
 *   400 µg/m³, where the decision says not to compute it.
 * @throws RangeError for a negative or non-finite concentration (invalid data must be removed before, mục 2.1 a).
 */
export function subIndex(column: BreakpointColumn, c: number): number | undefined {
  if (!Number.isFinite(c) || c < 0) throw new RangeError(`concentration must be finite and ≥ 0, got ${c}`);
  const bp = VN_AQI_BREAKPOINTS[column];
  const last = bp.length - 1;
  if (c > bp[last]) return column === 'O3_8h' ? undefined : AQI_CAP;
  let i = 0;
  while (c > bp[i + 1]) i++;
  return ((AQI_LEVELS[i + 1] - AQI_LEVELS[i]) / (bp[i + 1] - bp[i])) * (c - bp[i]) + AQI_LEVELS[i];
}

/**
 * Rounds an AQI to an integer, half up ("được làm tròn thành số nguyên", mục 2.2.1 c / 2.2.2 c; the method is not
 * stated). The value is first rounded to 6 decimals so that float noise (42.499999999) does not flip the result.
 * Half-up reproduces every worked example of mục 2.3 except hourly NO2 118.7 µg/m³ → 59.35, printed as 60: a
 * known erratum of the decision (domain.md §1.6), documented in the tests.
 */
export function roundAqi(value: number): number {
  return Math.round(Math.round(value * 1e6) / 1e6);
}

import type { ThresholdRule, WastewaterStation } from '@langxanh/contracts';

/** QCVN 40:2011/BTNMT (TT 47/2011/TT-BTNMT), in force from 15/02/2012. */
export const QCVN40_2011 = 'QCVN 40:2011/BTNMT';
const EFFECTIVE_FROM = '2012-02-15';

interface Table1Row {
  /** C, column A and B, in the catalogue unit. For pH, [min, max]. */
  readonly a: number | readonly [number, number];
  readonly b: number | readonly [number, number];
  readonly unit: string;
  /** Cmax = C × Kq × Kf applies (cl. 2.2); temperature, colour, pH and coliform use Cmax = C. */
  readonly coefficients: boolean;
  /** Clear condition, fraction of the limit (project choice, not from the standard). */
  readonly deadband: number;
}

/**
 * QCVN 40:2011/BTNMT Bảng 1, the parameters LàngXanh's wastewater stations measure (shared docs/domain.md §3.2).
 * Values are marked [R] there (recalled, not read in the signed text); pH, BOD5, COD, TSS, NH4+, total N and
 * total P are corroborated by a third-party table (★). Flow has no limit. QCVN 40:2025/BTNMT (TT 06/2025,
 * in force 01/09/2025) replaces it, but its numbers are not confirmed (domain.md §8.1), so existing permits'
 * QCVN 40:2011 values stay in use during the transition.
 */
export const QCVN40_2011_TABLE1: Readonly<Record<string, Table1Row>> = {
  Temp: { a: 40, b: 40, unit: '°C', coefficients: false, deadband: 0.05 },
  Color: { a: 50, b: 150, unit: 'Pt-Co', coefficients: false, deadband: 0.05 },
  pH: { a: [6, 9], b: [5.5, 9], unit: '', coefficients: false, deadband: 0.02 },
  BOD5: { a: 30, b: 50, unit: 'mg/L', coefficients: true, deadband: 0.05 },
  COD: { a: 75, b: 150, unit: 'mg/L', coefficients: true, deadband: 0.05 },
  TSS: { a: 50, b: 100, unit: 'mg/L', coefficients: true, deadband: 0.05 },
  NH4: { a: 5, b: 10, unit: 'mg/L', coefficients: true, deadband: 0.05 },
  TN: { a: 20, b: 40, unit: 'mg/L', coefficients: true, deadband: 0.05 },
  TP: { a: 4, b: 6, unit: 'mg/L', coefficients: true, deadband: 0.05 },
};

/** Rounds away binary noise from C × Kq × Kf (e.g. 150 × 0.9 × 1.1 = 148.50000000000003). */
const tidy = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * LàngXanh's alerting policy for instantaneous wastewater limits (not a QCVN number): a limit must be exceeded by
 * this many consecutive readings before an alert is raised, so one spike does not page anyone (2 readings ≈ 10 min
 * at the 5-minute transmission of TT 10/2021/TT-BTNMT). A station can set its own (`alerting` in the registry).
 */
export const WASTEWATER_CONFIRM_READINGS = 2;

/**
 * LàngXanh's warning level for wastewater limits (not a QCVN number): `warning` at 90 % of Cmax, `critical` above
 * Cmax. Not applied to the pH range.
 */
export const WASTEWATER_WARNING_FRACTION = 0.9;

/**
 * Threshold rules of a wastewater outlet under QCVN 40:2011/BTNMT, column and Kq/Kf from the registry:
 * Cmax = C × Kq × Kf (cl. 2.2) for parameters where the standard applies the coefficients, Cmax = C otherwise.
 * Every rule is instantaneous: each measured value is compared, with the confirmation and warning of
 * {@link WASTEWATER_CONFIRM_READINGS} and {@link WASTEWATER_WARNING_FRACTION}.
 */
export function qcvn40Rules(station: WastewaterStation): ThresholdRule[] {
  const { column, kq, kf } = station.standard;
  return Object.entries(QCVN40_2011_TABLE1).map(([parameter, row]) => {
    const c = column === 'A' ? row.a : row.b;
    const factor = row.coefficients ? kq * kf : 1;
    const note = row.coefficients ? `Cmax = C × Kq × Kf = ${String(c)} × ${kq} × ${kf}` : 'Cmax = C';
    const source = {
      document: QCVN40_2011,
      clause: `Bảng 1 cột ${column}`,
      effectiveFrom: EFFECTIVE_FROM,
      note,
      en: { document: QCVN40_2011, clause: `Table 1 column ${column}`, note },
    };
    const common = {
      id: `qcvn40-2011-${column}/${parameter}`,
      parameter,
      unit: row.unit,
      averagingPeriod: 'instant' as const,
      deadband: row.deadband,
      consecutive: WASTEWATER_CONFIRM_READINGS,
      source,
    };
    return typeof c === 'number'
      ? {
          ...common,
          comparison: 'above' as const,
          max: tidy(c * factor),
          warningFraction: WASTEWATER_WARNING_FRACTION,
        }
      : { ...common, comparison: 'outside' as const, min: c[0], max: c[1] };
  });
}

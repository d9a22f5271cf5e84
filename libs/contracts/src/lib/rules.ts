/**
 * Averaging period a limit applies to. QCVN 05:2023/BTNMT sets air limits per period (1 h, 8 h, 24 h, year);
 * QCVN 40:2011/BTNMT wastewater limits apply to each measured value (`instant`).
 */
export type AveragingPeriod = 'instant' | '1h' | '8h' | '24h';

/** Length of each rolling averaging period in milliseconds (`instant` = 0). */
export const AVERAGING_PERIOD_MS: Readonly<Record<AveragingPeriod, number>> = {
  instant: 0,
  '1h': 3_600_000,
  '8h': 8 * 3_600_000,
  '24h': 24 * 3_600_000,
};

/** Where a limit comes from: document, table/column, and the dates it is in force (ISO dates, Vietnam time). */
export interface LimitSource {
  /** e.g. `QCVN 05:2023/BTNMT`. */
  readonly document: string;
  /** e.g. `Bảng 1`, `Bảng 1 cột B`. */
  readonly clause: string;
  readonly effectiveFrom: string;
  /** Exclusive end date, when a later value replaces this one. */
  readonly effectiveTo?: string;
  /** Free text, e.g. the Kq/Kf applied. */
  readonly note?: string;
}

/**
 * One threshold on one parameter of one station: the alert raises when the (averaged) value crosses the limit
 * and clears only when it is back inside by the deadband.
 * - `above`: exceedance when value > max (QCVN "không vượt quá");
 * - `atOrAbove`: exceedance when value ≥ max (bin fill ≥ 80 %);
 * - `below`: exceedance when value < min (low battery);
 * - `outside`: exceedance when value < min or value > max (pH 5.5–9).
 */
export interface ThresholdRule {
  /** Stable id, e.g. `qcvn40-2011-B/COD`; one open alert per station and rule. */
  readonly id: string;
  readonly parameter: string;
  readonly comparison: 'above' | 'atOrAbove' | 'below' | 'outside';
  /** Lower limit (`below`, `outside`). */
  readonly min?: number;
  /** Upper limit (`above`, `atOrAbove`, `outside`). */
  readonly max?: number;
  /** Unit of min/max, equal to the catalogue unit of `parameter`. */
  readonly unit: string;
  readonly averagingPeriod: AveragingPeriod;
  /**
   * Clear condition: the value must come back inside the limit by this fraction of the limit (0.05 = 5 %)
   * before the alert resolves, so a value hovering at the limit does not flap.
   */
  readonly deadband: number;
  readonly source: LimitSource;
}

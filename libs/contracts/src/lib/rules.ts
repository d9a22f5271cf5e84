/**
 * Averaging period a limit applies to. QCVN 05:2023/BTNMT sets air limits per period (1 h, 8 h, 24 h, year);
 * QCVN 40:2011/BTNMT wastewater limits apply to each measured value (`instant`).
 * - `1h`, `8h`, `24h`: rolling mean over the period ending at the reading's time;
 * - `calendarDay`: mean since 00:00 of the reading's calendar day in Vietnam time (Asia/Ho_Chi_Minh), e.g. a
 *   permit's daily mean; its coverage is counted against the whole day (1 440 minutes).
 */
export type AveragingPeriod = 'instant' | '1h' | '8h' | '24h' | 'calendarDay';

/** Length of each averaging period in milliseconds (`instant` = 0; `calendarDay` = one full day, its longest). */
export const AVERAGING_PERIOD_MS: Readonly<Record<AveragingPeriod, number>> = {
  instant: 0,
  '1h': 3_600_000,
  '8h': 8 * 3_600_000,
  '24h': 24 * 3_600_000,
  calendarDay: 24 * 3_600_000,
};

/**
 * Where a limit comes from: document (id and version, e.g. `QCVN 05:2023/BTNMT`, or a permit number), table/column,
 * and the dates it is in force (ISO dates, Vietnam-time calendar days).
 */
export interface LimitSource {
  /** e.g. `QCVN 05:2023/BTNMT` (id `QCVN 05`, version `2023`), or `Giấy phép môi trường 123/GP-UBND`. */
  readonly document: string;
  /** e.g. `Bảng 1`, `Bảng 1 cột B`. */
  readonly clause: string;
  readonly effectiveFrom: string;
  /** Exclusive end date, when a later value replaces this one. */
  readonly effectiveTo?: string;
  /** Free text, e.g. the Kq/Kf applied. */
  readonly note?: string;
  /**
   * The same source in English (`QCVN 05:2023/BTNMT`, `Table 1`), for English pages and messages; `document`,
   * `clause` and `note` above are Vietnamese. Human text only: never a file path or a section sign.
   */
  readonly en?: LimitSourceText;
}

/** A limit source's wording in one language. */
export interface LimitSourceText {
  readonly document: string;
  readonly clause: string;
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
  /**
   * What is compared with the limit: the (averaged) value (default), or its rise per minute between two
   * consecutive readings in measurement time (`risePerMinute`, unit e.g. `°C/min`: a bin heating up fast).
   */
  readonly measure?: 'value' | 'risePerMinute';
  /**
   * Warning level (severity `warning`, "approaching"): the value is beyond this fraction of the limit, 0 < f < 1
   * (upper limit: value > max × f; lower limit: value < min / f). Absent: only `critical` alerts.
   */
  readonly warningFraction?: number;
  /**
   * Pending duration in ms of measurement time: the condition must hold from the first reading beyond the level
   * until a reading at least this much later before the alert is raised (default 0: at once).
   */
  readonly pendingMs?: number;
  /** The condition must also hold for this many consecutive evaluated readings (default 1). */
  readonly consecutive?: number;
}


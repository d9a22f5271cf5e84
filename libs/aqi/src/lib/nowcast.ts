/**
 * NowCast of PM2.5 and PM10: QĐ 1459/QĐ-TCMT, Hướng dẫn mục 2.2.1 a (shared docs/domain.md §1.4).
 */

/** Hours the NowCast looks back (c1 … c12). */
export const NOWCAST_HOURS = 12;
/** The NowCast needs at least this many of the {@link NOWCAST_RECENT_HOURS} newest hours (mục 2.2.1 a, "Chú ý"). */
export const NOWCAST_MIN_RECENT_HOURS = 2;
/** c1, c2, c3: the newest hours of which {@link NOWCAST_MIN_RECENT_HOURS} must be present. */
export const NOWCAST_RECENT_HOURS = 3;

/** Result of {@link nowcast}. */
export interface NowCastResult {
  /** The NowCast concentration, µg/m³ (unrounded). */
  readonly value: number;
  /** The weight w used: w* = Cmin/Cmax, floored at 1/2. */
  readonly weight: number;
  /** How many of c1…c12 were present. */
  readonly hoursUsed: number;
}

/**
 * The NowCast of 1-h means `hours` (µg/m³), **newest first**: `hours[0]` = c1 is the mean of the current hour,
 * `hours[11]` = c12 the mean 11 hours earlier; only the first 12 entries are read. `null`/`undefined` = no data.
 *
 * Per the decision: w* = Cmin/Cmax over the 12 values; w = 1/2 if w* ≤ 1/2, else w = w*;
 * NowCast = Σ w^(i−1)·ci / Σ w^(i−1). A missing ci gets w^(i−1) = 0 ("Nếu ci không có giá trị thì lấy
 * w^(i−1) = 0"), i.e. it is dropped from numerator and denominator. The normalised form is always used: for w = 1/2
 * the decision prints Σ (1/2)^i·ci without division, which equals it within 0.03 % when all 12 hours exist and is
 * biased low when some are missing (domain.md §1.4, implementation note [D]). Cmin and Cmax are taken over the
 * hours present (the decision does not say; domain.md §1.4). When every present hour is 0, the NowCast is 0.
 *
 * @returns `undefined` ("không có dữ liệu") unless at least 2 of c1, c2, c3 are present (mục 2.2.1 a, "Chú ý").
 * @throws RangeError for a negative or non-finite value (invalid data must be removed first, mục 2.1 a).
 */
export function nowcast(hours: readonly (number | null | undefined)[]): NowCastResult | undefined {
  const window = hours.slice(0, NOWCAST_HOURS);
  for (const c of window) {
    if (c !== null && c !== undefined && (!Number.isFinite(c) || c < 0)) {
      throw new RangeError(`hourly mean must be finite and ≥ 0, got ${c}`);
    }
  }
  const present = (c: number | null | undefined): c is number => c !== null && c !== undefined;
  if (window.slice(0, NOWCAST_RECENT_HOURS).filter(present).length < NOWCAST_MIN_RECENT_HOURS) return undefined;
  const values = window.filter(present);
  const cmax = Math.max(...values);
  const cmin = Math.min(...values);
  if (cmax === 0) return { value: 0, weight: 1, hoursUsed: values.length };
  const weight = Math.max(cmin / cmax, 0.5);
  let numerator = 0;
  let denominator = 0;
  window.forEach((c, i) => {
    if (!present(c)) return;
    const w = weight ** i;
    numerator += w * c;
    denominator += w;
  });
  return { value: numerator / denominator, weight, hoursUsed: values.length };
}

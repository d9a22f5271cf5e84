import { vietnamDate, type LimitSource } from '@langxanh/contracts';

/**
 * Whether a limit is in force at `at` (epoch ms). Legal effective dates are calendar days in Vietnam time
 * (Asia/Ho_Chi_Minh): in force from `effectiveFrom` 00:00 ICT inclusive until `effectiveTo` 00:00 ICT exclusive.
 */
export function inForce(source: LimitSource, at: number): boolean {
  const day = vietnamDate(at);
  return day >= source.effectiveFrom && (source.effectiveTo === undefined || day < source.effectiveTo);
}

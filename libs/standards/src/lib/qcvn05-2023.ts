import type { AveragingPeriod, ThresholdRule } from '@langxanh/contracts';
import { inForce } from './effective';

/** QCVN 05:2023/BTNMT (TT 01/2023/TT-BTNMT), in force from 12/09/2023, replacing QCVN 05:2013. */
export const QCVN05_2023 = 'QCVN 05:2023/BTNMT';
const EFFECTIVE_FROM = '2023-09-12';

interface Table1Limit {
  readonly parameter: string;
  readonly period: AveragingPeriod;
  /** µg/Nm³ (25 °C, 760 mmHg, cl. 1.3.10). */
  readonly value: number;
  readonly effectiveFrom: string;
  readonly effectiveTo?: string;
}

/**
 * QCVN 05:2023/BTNMT Bảng 1, basic parameters, 1-h, 8-h and 24-h limits in µg/Nm³ (shared docs/domain.md §2.1,
 * [V]: transcript of the signed text). Annual means are not alert rules. PM2.5 24 h is 50 µg/Nm³, then 45 from
 * 01/01/2026 (Bảng 1 footnote).
 */
export const QCVN05_2023_TABLE1: readonly Table1Limit[] = [
  { parameter: 'SO2', period: '1h', value: 350, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'SO2', period: '24h', value: 125, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'CO', period: '1h', value: 30_000, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'CO', period: '8h', value: 10_000, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'NO2', period: '1h', value: 200, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'NO2', period: '24h', value: 100, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'O3', period: '1h', value: 200, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'O3', period: '8h', value: 120, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'TSP', period: '1h', value: 300, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'TSP', period: '24h', value: 200, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'PM10', period: '24h', value: 100, effectiveFrom: EFFECTIVE_FROM },
  { parameter: 'PM2.5', period: '24h', value: 50, effectiveFrom: EFFECTIVE_FROM, effectiveTo: '2026-01-01' },
  { parameter: 'PM2.5', period: '24h', value: 45, effectiveFrom: '2026-01-01' },
];

/**
 * Threshold rules of an ambient-air station under QCVN 05:2023/BTNMT Bảng 1 in force at `at` (epoch ms).
 * Each limit applies to the mean over its averaging period; before 12/09/2023 none apply (QCVN 05:2013 values
 * are unverified, domain.md §2.1).
 */
export function qcvn05Rules(at: number): ThresholdRule[] {
  return QCVN05_2023_TABLE1.map(
    (limit): ThresholdRule => ({
      id: `qcvn05-2023/${limit.parameter}/${limit.period}`,
      parameter: limit.parameter,
      comparison: 'above',
      max: limit.value,
      unit: 'µg/m³',
      averagingPeriod: limit.period,
      deadband: 0.05,
      source: {
        document: QCVN05_2023,
        clause: 'Bảng 1',
        effectiveFrom: limit.effectiveFrom,
        ...(limit.effectiveTo ? { effectiveTo: limit.effectiveTo } : {}),
        en: { document: QCVN05_2023, clause: 'Table 1' },
      },
    }),
  ).filter((rule) => inForce(rule.source, at));
}

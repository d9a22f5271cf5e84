import type { LimitSource, ThresholdRule, WasteStation } from '@langxanh/contracts';

/**
 * Waste-point thresholds are industry conventions, not Vietnamese regulation (shared docs/domain.md §6.2, [R]):
 * full at 80 % fill (OMA LwM2M object 3435 "high threshold"), fire risk above 60 °C (devices use 60–70 °C),
 * knocked over beyond 45° tilt, low battery below 20 %.
 */
const CONVENTION: LimitSource = {
  document: 'Quy ước ngành, không phải QCVN (OMA LwM2M 3435; ngưỡng thiết bị)',
  clause: 'docs/domain.md §6.2',
  effectiveFrom: '2000-01-01',
};

/** Fire-risk temperature, °C (domain.md §6.2: device thresholds are often 60–70 °C). */
export const BIN_FIRE_TEMPERATURE_C = 60;
/** Tilt beyond which a bin counts as knocked over, degrees (domain.md §6.2). */
export const BIN_TILT_DEGREES = 45;
/** Low-battery threshold, % (domain.md §6.2). */
export const BIN_LOW_BATTERY_PCT = 20;

/** Rules of a waste collection point: full (threshold from the registry, default 80 %), fire, tilt, battery. */
export function wastePointRules(station: WasteStation): ThresholdRule[] {
  const rule = (
    id: string,
    parameter: string,
    unit: string,
    comparison: ThresholdRule['comparison'],
    limit: number,
    deadband: number,
  ): ThresholdRule => ({
    id: `waste/${id}`,
    parameter,
    comparison,
    ...(comparison === 'below' ? { min: limit } : { max: limit }),
    unit,
    averagingPeriod: 'instant',
    deadband,
    source: CONVENTION,
  });
  return [
    // Clears once the bin is emptied to below 60 % of the threshold.
    rule('full', 'fill', '%', 'atOrAbove', station.standard.fullThresholdPct, 0.4),
    rule('fire', 'temp', '°C', 'above', BIN_FIRE_TEMPERATURE_C, 0.1),
    rule('tilt', 'tilt', '°', 'above', BIN_TILT_DEGREES, 0.33),
    rule('battery', 'battery', '%', 'below', BIN_LOW_BATTERY_PCT, 0.25),
  ];
}

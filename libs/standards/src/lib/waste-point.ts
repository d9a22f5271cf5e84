import type { LimitSource, ThresholdRule, WasteStation } from '@langxanh/contracts';

/**
 * Waste-point thresholds are industry conventions, not Vietnamese regulation (shared docs/domain.md §6.2, [R]):
 * full at 80 % fill (OMA LwM2M object 3435 "high threshold"), fire risk above 60 °C (devices use 60–70 °C),
 * knocked over beyond 45° tilt, low battery below 20 %.
 */
const CONVENTION: LimitSource = {
  document: 'Quy ước ngành, không phải QCVN',
  clause: 'ngưỡng của thiết bị đo mức rác (OMA LwM2M 3435)',
  effectiveFrom: '2000-01-01',
  en: { document: 'Industry convention, not a QCVN', clause: 'fill-level sensor thresholds (OMA LwM2M 3435)' },
};

/** Fire-risk temperature, °C (domain.md §6.2: device thresholds are often 60–70 °C). */
export const BIN_FIRE_TEMPERATURE_C = 60;
/** Tilt beyond which a bin counts as knocked over, degrees (domain.md §6.2). */
export const BIN_TILT_DEGREES = 45;
/** Low-battery threshold, % (domain.md §6.2). */
export const BIN_LOW_BATTERY_PCT = 20;
/**
 * Fire risk by a fast rise: more than 1 °C per minute between two readings at most 15 min apart (10 °C in 10 min).
 * Project choice: domain.md §6.2 says "or a rapid rise" without a number [R]; sun on a bin warms it by a few °C
 * per hour.
 */
export const BIN_FIRE_RISE_C_PER_MIN = 1;

/**
 * Rules of a waste collection point: full (threshold from the registry, default 80 %), fire (temperature above
 * 60 °C, or rising faster than 1 °C/min), knocked over (tilt), low battery. Fill and tilt need two, battery three
 * consecutive readings, so one bad ultrasonic echo or a bump does not send a truck; fire needs one.
 */
export function wastePointRules(station: WasteStation): ThresholdRule[] {
  const rule = (
    id: string,
    parameter: string,
    unit: string,
    comparison: ThresholdRule['comparison'],
    limit: number,
    deadband: number,
    consecutive: number,
  ): ThresholdRule => ({
    id: `waste/${id}`,
    parameter,
    comparison,
    ...(comparison === 'below' ? { min: limit } : { max: limit }),
    unit,
    averagingPeriod: 'instant',
    deadband,
    ...(consecutive > 1 ? { consecutive } : {}),
    source: CONVENTION,
  });
  return [
    // Clears once the bin is emptied to below 60 % of the threshold.
    rule('full', 'fill', '%', 'atOrAbove', station.standard.fullThresholdPct, 0.4, 2),
    rule('fire', 'temp', '°C', 'above', BIN_FIRE_TEMPERATURE_C, 0.1, 1),
    { ...rule('fire-rise', 'temp', '°C/min', 'above', BIN_FIRE_RISE_C_PER_MIN, 0.5, 1), measure: 'risePerMinute' },
    rule('tilt', 'tilt', '°', 'above', BIN_TILT_DEGREES, 0.33, 2),
    rule('battery', 'battery', '%', 'below', BIN_LOW_BATTERY_PCT, 0.25, 3),
  ];
}

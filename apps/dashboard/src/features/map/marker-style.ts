/**
 * The colour of a station on the map, by kind: air by its current VN_AQI band (the official colours of
 * QĐ 1459/QĐ-TCMT Bảng 1, shared docs/domain.md §1.2, given by the caller), wastewater by its limit state, waste by its
 * fill level against the point's full threshold. Pure.
 *
 * An air station is never painted "normal" green for want of an index: green is the colour of VN_AQI 0–50 ("Tốt"),
 * so a reporting air station whose hourly VN_AQI is not known yet (the NowCast needs past hours, or the AQI request
 * failed) is `aqi-pending` (neutral), and one with an active QCVN 05 alert stays `exceeding`.
 */
import type { StationDto } from '@langxanh/contracts';

/** Current AQI of an air station as the map needs it. */
export interface AirIndexMark {
  readonly aqi: number;
  /** Band colour `#RRGGBB`. */
  readonly hex: string;
  /** Band label in the current language. */
  readonly label: string;
}

export type MarkerCategory =
  | 'aqi'
  | 'aqi-pending'
  | 'normal'
  | 'exceeding'
  | 'offline'
  | 'no_data'
  | 'fill-ok'
  | 'fill-high'
  | 'fill-full';

export interface MarkerStyle {
  readonly category: MarkerCategory;
  /** CSS colour (a custom property for the house colours, the band's hex for AQI). */
  readonly fill: string;
}

const STATE_FILL: Readonly<Record<StationDto['state'], string>> = {
  normal: 'var(--normal-edge)',
  exceeding: 'var(--exceeding-edge)',
  offline: 'var(--offline-edge)',
  no_data: 'var(--no-data-edge)',
};

/** "Nearly full" from this share of the threshold (60 % of a bin when full is 80 %). */
export const NEARLY_FULL_SHARE = 0.75;

export function markerStyle(station: StationDto, fullThresholdPct: number, air?: AirIndexMark): MarkerStyle {
  if (station.state === 'offline' || station.state === 'no_data') {
    return { category: station.state, fill: STATE_FILL[station.state] };
  }
  if (station.kind === 'air') {
    if (air) return { category: 'aqi', fill: air.hex };
    if (station.state === 'normal') return { category: 'aqi-pending', fill: 'var(--offline-bg)' };
  }
  if (station.kind === 'waste') {
    const fill = station.latest['fill']?.value;
    if (fill === undefined) return { category: 'no_data', fill: STATE_FILL.no_data };
    if (fill >= fullThresholdPct) return { category: 'fill-full', fill: 'var(--exceeding-edge)' };
    if (fill >= fullThresholdPct * NEARLY_FULL_SHARE) return { category: 'fill-high', fill: 'var(--warning-edge)' };
    return { category: 'fill-ok', fill: 'var(--normal-edge)' };
  }
  return { category: station.state, fill: STATE_FILL[station.state] };
}

import type { Station, ThresholdRule } from '@langxanh/contracts';
import { applyAlertSettings, applyPermit } from './permit';
import { qcvn05Rules } from './qcvn05-2023';
import { qcvn40Rules } from './qcvn40-2011';
import { wastePointRules } from './waste-point';

function standardRules(station: Station, at: number): ThresholdRule[] {
  switch (station.kind) {
    case 'wastewater':
      return qcvn40Rules(station);
    case 'air':
      return qcvn05Rules(at);
    case 'waste':
      return wastePointRules(station);
  }
}

/**
 * The threshold rules that apply to `station` at `at` (epoch ms): those of the standard the registry names for it
 * (QCVN 40:2011/BTNMT wastewater, QCVN 05:2023/BTNMT air, waste-point conventions) in force at `at`, with the
 * station's environmental-permit limits in force at `at` in place of the standard's, and its per-parameter
 * alerting settings (warning fraction, pending duration, consecutive readings, deadband).
 */
export function rulesForStation(station: Station, at: number): ThresholdRule[] {
  return applyAlertSettings(station.alerting, applyPermit(station, standardRules(station, at), at));
}

import type { Station, ThresholdRule } from '@langxanh/contracts';
import { qcvn05Rules } from './qcvn05-2023';
import { qcvn40Rules } from './qcvn40-2011';
import { wastePointRules } from './waste-point';

/**
 * The threshold rules that apply to `station` at `at` (epoch ms), from the standard the registry names for it:
 * QCVN 40:2011/BTNMT (wastewater), QCVN 05:2023/BTNMT (air), waste-point conventions (waste).
 */
export function rulesForStation(station: Station, at: number): ThresholdRule[] {
  switch (station.kind) {
    case 'wastewater':
      return qcvn40Rules(station);
    case 'air':
      return qcvn05Rules(at);
    case 'waste':
      return wastePointRules(station);
  }
}

import type { StationDto } from '@langxanh/contracts';
import { useMemo } from 'react';
import { catalogue, inCatalogueOrder } from '../../../lib/parameters';

/**
 * Parameters to chart: those the station has reported or has a limit for, in catalogue order; the whole catalogue of
 * its kind when it has reported nothing yet.
 */
export function useChartParameters(station: StationDto): string[] {
  const reported = Object.keys(station.latest).join('|');
  const limited = station.limits.map((l) => l.parameter).join('|');
  return useMemo(() => {
    const keys = [...(reported ? reported.split('|') : []), ...(limited ? limited.split('|') : [])];
    if (keys.length === 0) return catalogue(station.kind).map((spec) => spec.key);
    return inCatalogueOrder(station.kind, keys);
  }, [reported, limited, station.kind]);
}

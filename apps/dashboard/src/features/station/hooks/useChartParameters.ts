import type { StationDto } from '@langxanh/contracts';
import { useMemo } from 'react';
import { catalogue, inCatalogueOrder } from '../../../lib/parameters';

/**
 * Parameters to chart: those the station has reported or has a limit for, in catalogue order; the whole catalogue of
 * its kind when it has neither yet.
 */
export function useChartParameters(station: StationDto): string[] {
  const { kind, latest, limits } = station;
  return useMemo(() => {
    const keys = [...Object.keys(latest), ...limits.map((l) => l.parameter)];
    return keys.length === 0 ? catalogue(kind).map((spec) => spec.key) : inCatalogueOrder(kind, keys);
  }, [kind, latest, limits]);
}

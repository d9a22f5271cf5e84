import type { ReadingsDto } from '@langxanh/contracts';
import { useQuery, type QueryResult } from '../../../lib/api/useQuery';
import { fetchReadings } from '../api/readings';
import { TIME_RANGE_SPECS, type TimeRange } from '../ranges';

/** History of one parameter, fetched again when the range changes and every few minutes. */
export function useReadings(station: string, parameter: string, range: TimeRange): QueryResult<ReadingsDto> {
  return useQuery(
    `${station}|${parameter}|${range}`,
    (signal) => fetchReadings(station, parameter, range, Date.now(), signal),
    TIME_RANGE_SPECS[range].refreshMs,
  );
}

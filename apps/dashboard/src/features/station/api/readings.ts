import type { ReadingsDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';
import { TIME_RANGE_SPECS, type TimeRange } from '../ranges';

/** History of one parameter over the last `range`, ending now; the server picks the bucket width. */
export function fetchReadings(
  station: string,
  parameter: string,
  range: TimeRange,
  now: number,
  signal?: AbortSignal,
): Promise<ReadingsDto> {
  return api.readings({ station, parameter, from: now - TIME_RANGE_SPECS[range].spanMs, to: now }, signal);
}

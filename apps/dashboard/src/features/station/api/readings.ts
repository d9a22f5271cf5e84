import type { ReadingsDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';
import { resolveRange, type RangeSelection } from '../ranges';

/**
 * History of one parameter over the selected range (presets end at `now`), starting `leadMs` earlier (the values a
 * rolling mean at the range's start needs); the server picks the bucket width.
 */
export function fetchReadings(
  station: string,
  parameter: string,
  selection: RangeSelection,
  now: number,
  signal?: AbortSignal,
  leadMs = 0,
): Promise<ReadingsDto> {
  const { from, to } = resolveRange(selection, now);
  return api.readings({ station, parameter, from: from - leadMs, to }, signal);
}

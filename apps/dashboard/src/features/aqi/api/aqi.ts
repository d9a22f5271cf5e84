import type { AqiOverviewDto, StationAqiDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';

export function fetchAqiOverview(signal?: AbortSignal): Promise<AqiOverviewDto> {
  return api.aqiOverview(signal);
}

export function fetchStationAqi(station: string, signal?: AbortSignal): Promise<StationAqiDto> {
  return api.stationAqi(station, signal);
}

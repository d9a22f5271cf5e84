import type { AqiOverviewDto } from '@langxanh/contracts';
import { useMemo } from 'react';
import { useLanguage } from '../../../i18n/useLanguage';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../../lib/api/queries';
import type { AirIndexMark } from '../../map/marker-style';
import { fetchAqiOverview } from '../api/aqi';
import { bandView } from '../bands';

/** The AQI is hourly: looking again every 5 minutes catches a new hour soon enough. */
const REFRESH_MS = 5 * 60_000;

export type AqiByStation = ReadonlyMap<string, AirIndexMark & { readonly time: string; readonly dominant: string | null }>;

/** Current VN_AQI of every air station by station id; undefined until loaded (or when the API has none). */
export function useAqiOverview(): AqiByStation | undefined {
  const language = useLanguage();
  const { data } = useQuery<AqiOverviewDto>({
    queryKey: queryKeys.aqiOverview,
    queryFn: ({ signal }) => fetchAqiOverview(signal),
    refetchInterval: REFRESH_MS,
  });
  return useMemo(() => {
    if (!data) return undefined;
    const map = new Map<string, AirIndexMark & { time: string; dominant: string | null }>();
    for (const s of data.stations) {
      if (s.aqi === null || !s.band) continue;
      map.set(s.station, { aqi: s.aqi, hex: s.band.colour, label: bandView(s.band, language).label, time: s.time, dominant: s.dominant });
    }
    return map;
  }, [data, language]);
}

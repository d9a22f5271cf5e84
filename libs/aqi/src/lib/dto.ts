/** VN_AQI results as the REST API sends them (`libs/contracts` api.ts: `HourlyAqiDto`, `DailyAqiDto`). */
import type { AqiBandDto, AqiSubIndexDto, DailyAqiDto, HourlyAqiDto, UsEpaAqiDto } from '@langxanh/contracts';
import type { AqiBand } from './bands';
import { US_EPA_CATEGORY_KEYS, type UsEpaAqiResult } from './us-epa';
import type { DailyAqiResult, HourlyAqiResult, SubIndexResult } from './vn-aqi';

const tidy = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Key, level and official colour of a band (QĐ 1459/QĐ-TCMT Bảng 1). */
export function bandDto(band: AqiBand | null): AqiBandDto | null {
  return band && { key: band.key, level: band.level, colour: band.hex };
}

function subIndexDto(s: SubIndexResult): AqiSubIndexDto {
  return {
    parameter: s.parameter,
    basis: s.basis,
    concentration: tidy(s.concentration),
    aqi: s.aqi,
    dominant: s.dominant,
  };
}

/** The hourly result for the hour ending at `hourEnd` (epoch ms). */
export function hourlyAqiDto(result: HourlyAqiResult, hourEnd: number): HourlyAqiDto {
  const nowcast: { 'PM2.5'?: number; PM10?: number } = {};
  if (result.nowcast['PM2.5']) nowcast['PM2.5'] = tidy(result.nowcast['PM2.5'].value);
  if (result.nowcast.PM10) nowcast.PM10 = tidy(result.nowcast.PM10.value);
  return {
    time: new Date(hourEnd).toISOString(),
    aqi: result.aqi,
    band: bandDto(result.band),
    dominant: result.dominant,
    subIndices: result.subIndices.map(subIndexDto),
    nowcast,
    ...(result.reason ? { reason: result.reason } : {}),
  };
}

/** The second scale's daily result (US EPA AQI, PM2.5 breakpoints of its day). */
export function usEpaDto(result: UsEpaAqiResult): UsEpaAqiDto {
  return {
    scale: result.scale,
    aqi: result.aqi,
    category: result.category === null ? null : US_EPA_CATEGORY_KEYS[result.category],
    dominant: result.dominant,
  };
}

/** The daily result of Vietnam calendar day `date` (`YYYY-MM-DD`), with the US EPA value when given. */
export function dailyAqiDto(result: DailyAqiResult, date: string, usEpa?: UsEpaAqiResult): DailyAqiDto {
  return {
    date,
    aqi: result.aqi,
    band: bandDto(result.band),
    dominant: result.dominant,
    subIndices: result.subIndices.map(subIndexDto),
    hoursPresent: result.hoursPresent,
    provisional: result.provisional,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(usEpa ? { usEpa: usEpaDto(usEpa) } : {}),
  };
}

import { NOWCAST_MIN_RECENT_HOURS } from '@langxanh/aqi';

const HOUR_MS = 3_600_000;

/**
 * When an hourly VN_AQI can first exist for a station whose PM2.5/PM10 readings began in the clock hour of
 * `firstPmMs` (epoch ms): the NowCast needs the 1-h means of at least {@link NOWCAST_MIN_RECENT_HOURS} of the 3
 * newest clock hours (QĐ 1459/QĐ-TCMT mục 2.2.1 a, libs/aqi `nowcast`), so by the end of the
 * NOWCAST_MIN_RECENT_HOURS-th clock hour with data, if readings go on. Clock hours are UTC-aligned, which are also
 * Vietnam clock hours (UTC+7). @returns epoch ms.
 */
export function firstAqiAt(firstPmMs: number): number {
  return Math.floor(firstPmMs / HOUR_MS) * HOUR_MS + NOWCAST_MIN_RECENT_HOURS * HOUR_MS;
}

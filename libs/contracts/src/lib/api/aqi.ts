/** The six VN_AQI parameters (QĐ 1459/QĐ-TCMT mục 2.1 b), keyed as in the parameter catalogue. */
export type AqiParameterKey = 'PM2.5' | 'PM10' | 'O3' | 'NO2' | 'SO2' | 'CO';

/**
 * Key of a VN_AQI band (QĐ 1459/QĐ-TCMT Bảng 1): `good` 0–50 Tốt, `moderate` 51–100 Trung bình, `poor` 101–150
 * Kém, `bad` 151–200 Xấu, `very_bad` 201–300 Rất xấu, `hazardous` 301–500 Nguy hại. Labels, health texts
 * (Bảng 4, 5) and colours: `VN_AQI_BANDS` of `@langxanh/aqi`.
 */
export type AqiBandKeyDto = 'good' | 'moderate' | 'poor' | 'bad' | 'very_bad' | 'hazardous';

/** A band as the API sends it: key, level 1–6 and the official colour (`#RRGGBB`, Bảng 1). */
export interface AqiBandDto {
  readonly key: AqiBandKeyDto;
  readonly level: number;
  readonly colour: string;
}

/** One parameter's VN_AQI sub-index (AQIx). */
export interface AqiSubIndexDto {
  readonly parameter: AqiParameterKey;
  /**
   * What the concentration is: `nowcast` (hourly PM2.5/PM10), `1h` (hourly gases), `24h` (daily PM mean),
   * `max1h` / `max8h` (daily maximum 1-h / 8-h mean; O3 has both).
   */
  readonly basis: 'nowcast' | '1h' | 'max1h' | 'max8h' | '24h';
  /** µg/m³ (CO included), unrounded. */
  readonly concentration: number;
  /** AQIx rounded half-up to an integer. */
  readonly aqi: number;
  /** True for the entry with the highest AQIx (QĐ 1459 Bảng 3: the dominant parameter must be marked). */
  readonly dominant: boolean;
}

/** Hourly VN_AQI of the hour ending at `time` (QĐ 1459 labels an hour by its end: 20:00 = 19:00–20:00). */
export interface HourlyAqiDto {
  /** End of the hour, ISO 8601 UTC. */
  readonly time: string;
  /** Integer VN_AQI, or null when no PM2.5/PM10 NowCast could be computed (`reason`). */
  readonly aqi: number | null;
  readonly band: AqiBandDto | null;
  readonly dominant: AqiParameterKey | null;
  readonly subIndices: readonly AqiSubIndexDto[];
  /** NowCast concentrations used, µg/m³ (present when computable: ≥ 2 of the last 3 hours). */
  readonly nowcast: { readonly 'PM2.5'?: number; readonly PM10?: number };
  /** `no_pm`: neither PM2.5 nor PM10 available (QĐ 1459 mục 2.1 b). */
  readonly reason?: 'no_pm';
}

/** Daily VN_AQI of a Vietnam calendar day (hours ending 01:00 … 00:00 next day, QĐ 1459 mục 2.2.2). */
export interface DailyAqiDto {
  /** `YYYY-MM-DD`, Asia/Ho_Chi_Minh. */
  readonly date: string;
  readonly aqi: number | null;
  readonly band: AqiBandDto | null;
  readonly dominant: AqiParameterKey | null;
  readonly subIndices: readonly AqiSubIndexDto[];
  /** Hourly means present per parameter (of 24; today: of the hours ended so far). */
  readonly hoursPresent: Readonly<Partial<Record<AqiParameterKey, number>>>;
  /** Fewer than 18 of 24 hourly means for a parameter in the index (LàngXanh policy; QĐ 1459 sets none). */
  readonly provisional: boolean;
  readonly reason?: 'no_pm';
  /**
   * The same day on the optional second scale, US EPA AQI (PM2.5 breakpoints in force on that day); never to be
   * shown unlabelled.
   */
  readonly usEpa?: UsEpaAqiDto;
}

/**
 * US EPA AQI (shared docs/domain.md §1.8), a second scale for comparison only, with the PM2.5 breakpoints in force
 * on the day: `US_EPA_AQI_2024` from 6 May 2024 (Vietnam calendar day), `US_EPA_AQI_PRE_2024` before:
 * daily PM 24-h means, O3/CO maximum 8-h means, SO2/NO2 maximum 1-h means, gases converted from µg/m³ at 25 °C.
 * Categories: `good`, `moderate`, `unhealthy_sensitive` (Unhealthy for Sensitive Groups), `unhealthy`,
 * `very_unhealthy`, `hazardous`, with the same colours as VN_AQI.
 */
export interface UsEpaAqiDto {
  readonly scale: 'US_EPA_AQI_2024' | 'US_EPA_AQI_PRE_2024';
  readonly aqi: number | null;
  readonly category:
    'good' | 'moderate' | 'unhealthy_sensitive' | 'unhealthy' | 'very_unhealthy' | 'hazardous' | null;
  readonly dominant: AqiParameterKey | null;
}

/**
 * `GET /api/stations/{id}/aqi?at=` (air stations only; `at` ISO 8601, default now; without an offset, Vietnam
 * time). Scale `VN_AQI` per QĐ 1459/QĐ-TCMT, from hourly means of readings with status `00` (calibrating `01` and
 * error `02` data excluded). An hour counts once it has ended: `current` is the hour ending at the last whole hour
 * ≤ `at`.
 */
export interface StationAqiDto {
  readonly station: string;
  readonly scale: 'VN_AQI';
  /** `QĐ 1459/QĐ-TCMT`. */
  readonly method: string;
  /** The `at` used, ISO 8601 UTC. */
  readonly at: string;
  readonly current: HourlyAqiDto;
  /** The last 24 hourly values, oldest first; the last one is `current`. */
  readonly hourly: readonly HourlyAqiDto[];
  /** The last 7 Vietnam calendar days, oldest first; the last one is today so far (usually provisional). */
  readonly daily: readonly DailyAqiDto[];
}

/**
 * `GET /api/aqi?at=`: the current hourly VN_AQI of every air station, for the overview and the map (one InfluxDB
 * query for all stations). Same method and `at` rule as {@link StationAqiDto}.
 */
export interface AqiOverviewDto {
  readonly scale: 'VN_AQI';
  readonly at: string;
  readonly stations: readonly {
    readonly station: string;
    readonly cluster: string;
    /** End of the hour, ISO 8601 UTC. */
    readonly time: string;
    readonly aqi: number | null;
    readonly band: AqiBandDto | null;
    readonly dominant: AqiParameterKey | null;
  }[];
}

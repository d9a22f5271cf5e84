import {
  vietnamDate,
  type AirStation,
  type AveragingPeriod,
  type WastewaterStation,
  type WasteStation,
} from '@langxanh/contracts';
import {
  BIN_FIRE_TEMPERATURE_C,
  BIN_LOW_BATTERY_PCT,
  BIN_TILT_DEGREES,
  QCVN05_2023_TABLE1,
  QCVN40_2011_TABLE1,
} from '@langxanh/standards';

/**
 * The limit values the simulator aims its incidents at (and keeps its normal behaviour below), taken from
 * `libs/standards` — the tables the ingester's alert rules are built from, which cite their sources
 * (shared docs/domain.md). These numbers only shape synthetic data.
 */

/**
 * The QCVN 05:2023/BTNMT Bảng 1 limit (µg/Nm³) of `parameter` over `period` in force on Vietnam day `day`
 * (`YYYY-MM-DD`); before the first effective date, the first value (the simulator also makes data for older times).
 */
function qcvn05Limit(parameter: string, period: AveragingPeriod, day = ''): number {
  const rows = QCVN05_2023_TABLE1.filter((row) => row.parameter === parameter && row.period === period);
  const row = rows.find(
    (r) => r.effectiveFrom <= day && (r.effectiveTo === undefined || day < r.effectiveTo),
  );
  const chosen = row ?? rows[0];
  if (!chosen) throw new Error(`no QCVN 05:2023 ${period} limit for ${parameter}`);
  return chosen.value;
}

/**
 * QCVN 05:2023/BTNMT, Bảng 1 (ambient air, µg/Nm³), 1-hour means (domain.md §2.1):
 * SO2 350, CO 30 000, NO2 200, O3 200, TSP 300.
 */
export const AIR_LIMITS_1H = {
  SO2: qcvn05Limit('SO2', '1h'),
  CO: qcvn05Limit('CO', '1h'),
  NO2: qcvn05Limit('NO2', '1h'),
  O3: qcvn05Limit('O3', '1h'),
  TSP: qcvn05Limit('TSP', '1h'),
} as const;

/** The 24-hour limits of {@link airLimits24h}. */
export type AirLimits24h = Readonly<Record<'SO2' | 'NO2' | 'TSP' | 'PM10' | 'PM2.5', number>>;

/** The last Vietnam day asked for and its limits: a generator asks for the same day reading after reading. */
let lastDay: { day: string; limits: AirLimits24h } | undefined;

/**
 * QCVN 05:2023/BTNMT, Bảng 1, 24-hour means (domain.md §2.1) at `t` (epoch ms): SO2 125, NO2 100, TSP 200,
 * PM10 100, PM2.5 50 (45 from 01/01/2026 Vietnam time).
 */
export function airLimits24h(t: number): AirLimits24h {
  const day = vietnamDate(t);
  if (lastDay?.day === day) return lastDay.limits;
  lastDay = { day, limits: Object.freeze(limits24hOn(day)) };
  return lastDay.limits;
}

function limits24hOn(day: string): AirLimits24h {
  return {
    SO2: qcvn05Limit('SO2', '24h', day),
    NO2: qcvn05Limit('NO2', '24h', day),
    TSP: qcvn05Limit('TSP', '24h', day),
    PM10: qcvn05Limit('PM10', '24h', day),
    'PM2.5': qcvn05Limit('PM2.5', '24h', day),
  };
}

/** Value C of QCVN 40:2011/BTNMT Bảng 1 for `parameter` in `column` (domain.md §3.2); for pH, [min, max]. */
function qcvn40C(parameter: string, column: 'A' | 'B'): number | readonly [number, number] {
  const row = QCVN40_2011_TABLE1[parameter];
  if (!row) throw new Error(`no QCVN 40:2011 limit for ${parameter}`);
  return column === 'A' ? row.a : row.b;
}

/** Maximum allowed values at one wastewater outlet. */
export interface WastewaterLimits {
  readonly Temp: number;
  readonly Color: number;
  readonly pH: readonly [number, number];
  readonly BOD5: number;
  readonly COD: number;
  readonly TSS: number;
  readonly NH4: number;
  readonly TN: number;
  readonly TP: number;
}

/**
 * Cmax = C × Kq × Kf (QCVN 40:2011/BTNMT cl. 2.2; Kq cl. 2.3, Kf cl. 2.4; domain.md §3.2). Temperature, colour and
 * pH take C unchanged (domain.md §3.2: "Cmax = C … applies to temperature, colour, pH").
 * E.g. column B, Kq 0.9, Kf 1.0: COD 150 × 0.9 × 1.0 = 135 mg/L.
 */
export function wastewaterLimits(standard: WastewaterStation['standard']): WastewaterLimits {
  const k = standard.kq * standard.kf;
  const c = (parameter: string): number => {
    const value = qcvn40C(parameter, standard.column);
    if (typeof value !== 'number') throw new Error(`QCVN 40:2011 ${parameter} is a range`);
    return value;
  };
  const pH = qcvn40C('pH', standard.column);
  if (typeof pH === 'number') throw new Error('QCVN 40:2011 pH is not a range');
  return {
    Temp: c('Temp'),
    Color: c('Color'),
    pH: [pH[0], pH[1]],
    BOD5: c('BOD5') * k,
    COD: c('COD') * k,
    TSS: c('TSS') * k,
    NH4: c('NH4') * k,
    TN: c('TN') * k,
    TP: c('TP') * k,
  };
}

/** Industry conventions for smart bins (domain.md §6.2, not regulation): full, fire, tilt, low battery. */
export function wasteLimits(standard: WasteStation['standard']): {
  fill: number;
  fireTemp: number;
  tilt: number;
  lowBattery: number;
} {
  return {
    fill: standard.fullThresholdPct,
    fireTemp: BIN_FIRE_TEMPERATURE_C,
    tilt: BIN_TILT_DEGREES,
    lowBattery: BIN_LOW_BATTERY_PCT,
  };
}

/** The air limits that apply to a station (all air stations follow QCVN 05:2023/BTNMT). */
export function airLimits(_standard: AirStation['standard']): typeof AIR_LIMITS_1H {
  return AIR_LIMITS_1H;
}

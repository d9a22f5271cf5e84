import type { AirStation, WastewaterStation, WasteStation } from '@langxanh/contracts';

/**
 * The limit values the simulator aims its incidents at (and keeps its normal behaviour below). They are copied
 * from the shared docs/domain.md, which cites the sources; the ingester's alert rules live elsewhere. These numbers
 * only shape synthetic data: a later change of the official limits does not make the simulator wrong, only less
 * pointed.
 */

/**
 * QCVN 05:2023/BTNMT, Bảng 1 (ambient air, µg/Nm³), 1-hour means (domain.md §2.1):
 * SO2 350, CO 30 000, NO2 200, O3 200, TSP 300.
 */
export const AIR_LIMITS_1H = { SO2: 350, CO: 30_000, NO2: 200, O3: 200, TSP: 300 } as const;

/**
 * QCVN 05:2023/BTNMT, Bảng 1, 24-hour means (domain.md §2.1): SO2 125, NO2 100, TSP 200, PM10 100,
 * PM2.5 50 (45 from 01/01/2026).
 */
export function airLimits24h(t: number): {
  SO2: number;
  NO2: number;
  TSP: number;
  PM10: number;
  'PM2.5': number;
} {
  return { SO2: 125, NO2: 100, TSP: 200, PM10: 100, 'PM2.5': t >= PM25_45_FROM ? 45 : 50 };
}
/** 2026-01-01T00:00:00+07:00. */
const PM25_45_FROM = Date.UTC(2025, 11, 31, 17);

/**
 * QCVN 40:2011/BTNMT, Bảng 1, value C per column (domain.md §3.2), for the parameters of the catalogue:
 * temperature 40/40 °C, colour 50/150 Pt-Co, pH 6–9 / 5.5–9, BOD5 30/50, COD 75/150, TSS 50/100, NH4+ (as N) 5/10,
 * total N 20/40, total P 4/6 mg/L.
 */
const QCVN40_2011_C = {
  A: { Temp: 40, Color: 50, pH: [6, 9], BOD5: 30, COD: 75, TSS: 50, NH4: 5, TN: 20, TP: 4 },
  B: { Temp: 40, Color: 150, pH: [5.5, 9], BOD5: 50, COD: 150, TSS: 100, NH4: 10, TN: 40, TP: 6 },
} as const;

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
  const c = QCVN40_2011_C[standard.column];
  const k = standard.kq * standard.kf;
  return {
    Temp: c.Temp,
    Color: c.Color,
    pH: [c.pH[0], c.pH[1]],
    BOD5: c.BOD5 * k,
    COD: c.COD * k,
    TSS: c.TSS * k,
    NH4: c.NH4 * k,
    TN: c.TN * k,
    TP: c.TP * k,
  };
}

/** Industry conventions for smart bins (domain.md §6.2, not regulation): full, fire, tilt, low battery. */
export function wasteLimits(standard: WasteStation['standard']): {
  fill: number;
  fireTemp: number;
  tilt: number;
  lowBattery: number;
} {
  return { fill: standard.fullThresholdPct, fireTemp: 60, tilt: 45, lowBattery: 20 };
}

/** The air limits that apply to a station (all air stations follow QCVN 05:2023/BTNMT). */
export function airLimits(_standard: AirStation['standard']): typeof AIR_LIMITS_1H {
  return AIR_LIMITS_1H;
}

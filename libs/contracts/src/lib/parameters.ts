import type { StationKind } from './station-kind';

/**
 * One entry of the parameter catalogue: what a station of a kind may report.
 *
 * Keys are the national automatic-monitoring symbols of TT 10/2021/TT-BTNMT Phụ lục 15 / Bảng 34 where they
 * exist (`Flow, Temp, Color, pH, TSS, COD, NH4, TP, TN, O3, PM10, …`; `PM2.5` is written with a point, not the
 * circular's decimal comma "PM2,5", so that it is one token in JSON, line protocol and InfluxQL).
 * Waste points use the OMA LwM2M 3435 / Milesight EM400 vocabulary (`fill`, `temp`, `battery`, `tilt`).
 */
export interface ParameterSpec {
  /** Key used in payloads, InfluxDB field names and the API. */
  readonly key: string;
  /** Display unit, e.g. `mg/L`, `µg/m³` (U+00B5 micro sign), `m³/h`, `°C`, `Pt-Co`, `%`, `dBA`, `°`. Empty for pH. */
  readonly unit: string;
  /** Vietnamese and English display names. */
  readonly label: { readonly vi: string; readonly en: string };
  /**
   * Physically plausible closed range [min, max] in `unit`. A value outside it is a sensor or transmission fault,
   * not an exceedance, and is dropped (rule `out_of_range`). The ranges are physics or instrument bounds, not
   * regulatory limits (docs/contract.md § Parameter catalogue); `rangeSource` says where each bound comes from.
   */
  readonly range: readonly [number, number];
  /** Why the range is what it is: the physical definition or the project choice behind each bound. */
  readonly rangeSource: string;
  /**
   * Only for parameters whose reading beyond `range` still means something in the direction of an alarm: the wider
   * range within which such a value is **kept**, stored with the quality flag `over_range` / `under_range` (rule
   * `over_range`) and evaluated by the alert rules. Outside it (or outside `range` when absent) a value is
   * physically impossible and dropped (`out_of_range`). docs/contract.md § Quality flags gives the choice per class.
   */
  readonly flaggedRange?: readonly [number, number];
  /** Where `flaggedRange`'s bounds come from. */
  readonly flaggedRangeSource?: string;
  /** Decimals shown on the dashboard. */
  readonly decimals: number;
}

const p = (
  key: string,
  unit: string,
  vi: string,
  en: string,
  range: [number, number],
  decimals: number,
  rangeSource: string,
): ParameterSpec => ({ key, unit, label: { vi, en }, range, rangeSource, decimals });

/** Range justifications shared by several parameters. */
const SRC = {
  concentration:
    'a concentration cannot be negative; the maximum is a project bound far above the worst craft-village effluent ' +
    'on record (Phong Khê COD up to 500× and TSS 11× the limit, shared docs/domain.md §5.2)',
  airConcentration:
    'a concentration cannot be negative; the maximum is a project bound above the top VN_AQI breakpoint of ' +
    'QĐ 1459/QĐ-TCMT Bảng 2 (PM2.5 500, PM10 600, SO2 2 630, NO2 3 850, CO 150 000, O3 1 200 µg/m³; domain.md ' +
    '§1.3); TSP, which has no breakpoint, gets twice the PM10 bound',
  percent: 'a percentage of a whole: 0–100 % by definition',
} as const;

/**
 * The parameter catalogue, one list per station kind. The single place where parameters, units and plausible
 * ranges are defined; the ingester validates with it, simulators generate from it, the dashboard labels with it.
 *
 * Units: wastewater per QCVN 40:2011/BTNMT Bảng 1 (mg/L, Pt-Co, °C) and TT 10/2021/TT-BTNMT typical units
 * (Flow m³/h); air per QCVN 05:2023/BTNMT Bảng 1 (µg/Nm³, all gases including CO) and QĐ 1459/QĐ-TCMT §1.1
 * (µg/m³); noise in dBA (QCVN 26:2010/BTNMT, LAeq); waste per OMA LwM2M 3435 (fill %) and device payloads
 * (Milesight EM400: temperature °C, battery %, tilt) — see shared docs/domain.md §2, §3, §4.2, §6.2.
 */
export const PARAMETER_CATALOGUE: Readonly<Record<StationKind, readonly ParameterSpec[]>> = {
  wastewater: [
    p(
      'Flow',
      'm³/h',
      'Lưu lượng',
      'Flow',
      [0, 20_000],
      1,
      'a discharge flow is a magnitude (negative = reverse flow or a meter fault); the maximum is a project bound about 100× the Phong Khê cluster discharge of 4 500–5 000 m³/day (domain.md §5.2)',
    ),
    p('Temp', '°C', 'Nhiệt độ', 'Temperature', [0, 100], 1, 'liquid water at atmospheric pressure: 0–100 °C'),
    p(
      'pH',
      '',
      'pH',
      'pH',
      [0, 14],
      2,
      'the pH scale of aqueous solutions at 25 °C (pKw = 14) and the span of process pH electrodes',
    ),
    p('TSS', 'mg/L', 'Tổng chất rắn lơ lửng', 'Total suspended solids', [0, 50_000], 1, SRC.concentration),
    p('COD', 'mg/L', 'Nhu cầu oxy hoá học', 'Chemical oxygen demand', [0, 100_000], 1, SRC.concentration),
    p(
      'BOD5',
      'mg/L',
      'Nhu cầu oxy sinh hoá (BOD5)',
      'Biochemical oxygen demand (BOD5)',
      [0, 50_000],
      1,
      SRC.concentration,
    ),
    p('NH4', 'mg/L', 'Amoni (tính theo N)', 'Ammonium (as N)', [0, 5_000], 2, SRC.concentration),
    p('TN', 'mg/L', 'Tổng nitơ', 'Total nitrogen', [0, 5_000], 2, SRC.concentration),
    p('TP', 'mg/L', 'Tổng phốtpho', 'Total phosphorus', [0, 1_000], 2, SRC.concentration),
    p(
      'Color',
      'Pt-Co',
      'Độ màu',
      'Colour',
      [0, 50_000],
      0,
      'a colour in Pt-Co units cannot be negative; the maximum is a project bound 100× the Phong Khê effluent of 217–509 Pt-Co (domain.md §5.2)',
    ),
  ],
  air: [
    p('PM2.5', 'µg/m³', 'Bụi PM2.5', 'PM2.5', [0, 5_000], 1, SRC.airConcentration),
    p('PM10', 'µg/m³', 'Bụi PM10', 'PM10', [0, 5_000], 1, SRC.airConcentration),
    p(
      'TSP',
      'µg/m³',
      'Tổng bụi lơ lửng',
      'Total suspended particulates',
      [0, 10_000],
      1,
      SRC.airConcentration,
    ),
    p('SO2', 'µg/m³', 'Lưu huỳnh đioxit', 'Sulphur dioxide', [0, 20_000], 1, SRC.airConcentration),
    p('NO2', 'µg/m³', 'Nitơ đioxit', 'Nitrogen dioxide', [0, 20_000], 1, SRC.airConcentration),
    p('CO', 'µg/m³', 'Cacbon monoxit', 'Carbon monoxide', [0, 200_000], 0, SRC.airConcentration),
    p('O3', 'µg/m³', 'Ôzôn', 'Ozone', [0, 5_000], 1, SRC.airConcentration),
    p(
      'Temp',
      '°C',
      'Nhiệt độ',
      'Temperature',
      [-40, 80],
      1,
      'project bound: the usual operating range of outdoor air sensors (−40 to 80 °C), far beyond ambient air in northern Vietnam',
    ),
    p('RH', '%', 'Độ ẩm', 'Relative humidity', [0, 100], 1, SRC.percent),
    p(
      'Noise',
      'dBA',
      'Tiếng ồn',
      'Noise',
      [20, 140],
      1,
      'project bound: 20 dBA is quieter than any outdoor site; 140 dB is the peak sound pressure limit for workers (EU Directive 2003/10/EC Art. 3), far above the 45–70 dBA of QCVN 26:2010/BTNMT',
    ),
  ],
  waste: [
    {
      ...p(
        'fill',
        '%',
        'Mức đầy',
        'Fill level',
        [0, 100],
        0,
        'OMA LwM2M 3435 "actual filling percentage": 0–100 % of the container (domain.md §6.2)',
      ),
      flaggedRange: [0, 200],
      flaggedRangeSource:
        'fill = (H_container − distance) / (H_container − blind_zone) (domain.md §6.2) exceeds 100 % when the waste ' +
        'rises above the sensor\'s zero line into its blind zone: an overflowing bin, which must still raise "full". ' +
        "Up to 200 % (a blind zone of half the container height read at distance 0) is LàngXanh's bound; a negative " +
        'fill (an echo from below the bottom) stays impossible',
    },
    p(
      'temp',
      '°C',
      'Nhiệt độ thùng',
      'Bin temperature',
      [-40, 200],
      1,
      'project bound: a bin sensor reports fire (> 60 °C, domain.md §6.2), so the range leaves room up to 200 °C; −40 °C is the usual sensor minimum',
    ),
    p('battery', '%', 'Pin', 'Battery', [0, 100], 0, SRC.percent),
    p('tilt', '°', 'Độ nghiêng', 'Tilt', [0, 180], 0, 'an angle from upright: 0–180°'),
  ],
};

/** Kind → parameter key → catalogue entry (two lookups, no key string built per value). */
const index = new Map<string, Map<string, ParameterSpec>>();
for (const [kind, specs] of Object.entries(PARAMETER_CATALOGUE)) {
  index.set(kind, new Map(specs.map((spec) => [spec.key, spec])));
}

/** The catalogue entry of `key` for stations of `kind`, or `undefined` when that kind does not report it. */
export function parameterSpec(kind: StationKind, key: string): ParameterSpec | undefined {
  return index.get(kind)?.get(key);
}

/** How the messages name a kind: "an air station", "a wastewater station", "a waste collection point". */
const KIND_PHRASE: Readonly<Record<StationKind, string>> = {
  air: 'an air station',
  wastewater: 'a wastewater station',
  waste: 'a waste collection point',
};

/**
 * The message for a parameter key that `kind` does not report, naming the valid keys (catalogue order):
 * `"XYZ" is not a parameter of an air station; valid parameters: PM2.5, PM10, …`. `key` is shown JSON-quoted and
 * cut to 40 characters (it is untrusted input).
 */
export function unknownParameterMessage(kind: StationKind, key: string): string {
  const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
  const valid = PARAMETER_CATALOGUE[kind].map((spec) => spec.key).join(', ');
  return `${shown} is not a parameter of ${KIND_PHRASE[kind]}; valid parameters: ${valid}`;
}

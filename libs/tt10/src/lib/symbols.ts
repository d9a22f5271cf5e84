/**
 * How the parameter symbols of TT 10/2021/TT-BTNMT Phụ lục 15 / Bảng 34 map to LàngXanh's parameter catalogue
 * (`PARAMETER_CATALOGUE` in libs/contracts parameters.ts). Data, with the source of every row.
 *
 * Units are not mapped here: a TT 10 line states its unit, and the reading contract converts it to the catalogue
 * unit (libs/contracts units.ts: `mg/Nm³` → `µg/m³` × 1 000, `°C`, `Pt-Co`, `pH` aliases) or refuses it
 * (`unit_mismatch`). `typicalUnit` is what dataloggers write; a unit test checks that each one resolves.
 */
export interface Tt10SymbolEntry {
  /** The symbol as a TT 10 line writes it (field 1), e.g. `PM2,5`. */
  readonly symbol: string;
  /** The catalogue key it is stored under, or `null` when the catalogue has no such parameter (the value is then
   *  refused as `unknown_parameter` by the reading contract, counted, never stored under a guessed key). */
  readonly parameter: string | null;
  /** The unit dataloggers usually write for it (shared docs/domain.md §4.2, marked [R] there), `''` when unknown. */
  readonly typicalUnit: string;
  /** Where the row comes from. */
  readonly source: string;
}

const BANG_34 =
  'Bảng 34 symbol list as three independent TT 10 dataloggers implement it (shared docs/domain.md §4.2 [C]; the ' +
  "circular's primary text was not read)";
const SAME_KEY = `${BANG_34}; the catalogue key is the Bảng 34 symbol itself (libs/contracts parameters.ts)`;
const NOT_IN_CATALOGUE = `${BANG_34}; no catalogue parameter: refused per value as unknown_parameter`;
const GAS_UNIT = 'mg/Nm³';

const row = (
  symbol: string,
  parameter: string | null,
  typicalUnit: string,
  source: string,
): Tt10SymbolEntry => ({
  symbol,
  parameter,
  typicalUnit,
  source,
});

/** Every Bảng 34 symbol, in the order domain.md §4.2 lists them. */
export const TT10_SYMBOLS: readonly Tt10SymbolEntry[] = [
  row('Flow', 'Flow', 'm³/h', SAME_KEY),
  row('Temp', 'Temp', '°C', SAME_KEY),
  row('Color', 'Color', 'Pt-Co', SAME_KEY),
  row('pH', 'pH', '', SAME_KEY),
  row('TSS', 'TSS', 'mg/L', SAME_KEY),
  row('COD', 'COD', 'mg/L', SAME_KEY),
  row('NH4', 'NH4', 'mg/L', SAME_KEY),
  row('TP', 'TP', 'mg/L', SAME_KEY),
  row('TN', 'TN', 'mg/L', SAME_KEY),
  row('TOC', null, 'mg/L', NOT_IN_CATALOGUE),
  row('Cl', null, '', NOT_IN_CATALOGUE),
  row('RH', 'RH', '%', SAME_KEY),
  row('P', null, '', NOT_IN_CATALOGUE),
  row('NO', null, GAS_UNIT, NOT_IN_CATALOGUE),
  row('NO2', 'NO2', GAS_UNIT, SAME_KEY),
  row('CO', 'CO', GAS_UNIT, SAME_KEY),
  row('SO2', 'SO2', GAS_UNIT, SAME_KEY),
  row('O2', null, '%', NOT_IN_CATALOGUE),
  row('H2S', null, GAS_UNIT, NOT_IN_CATALOGUE),
  row('NH3', null, GAS_UNIT, NOT_IN_CATALOGUE),
  row('VHg', null, '', NOT_IN_CATALOGUE),
  row(
    'PM',
    'TSP',
    GAS_UNIT,
    `${BANG_34}; "PM" is total dust (bụi tổng), stored as the catalogue's TSP (tổng bụi lơ lửng, QCVN 05:2023/BTNMT ` +
      'Bảng 1) as issue 13 decides; for a stack this is total dust of the flue gas, not ambient TSP',
  ),
  row('O3', 'O3', GAS_UNIT, SAME_KEY),
  row('PM10', 'PM10', GAS_UNIT, SAME_KEY),
  row(
    'PM2,5',
    'PM2.5',
    GAS_UNIT,
    `${BANG_34}; Bảng 34 writes "PM2,5" with the Vietnamese decimal comma; the catalogue key is "PM2.5" with a point ` +
      '(one token in JSON, line protocol and InfluxQL; libs/contracts parameters.ts)',
  ),
];

const bySymbol = new Map(TT10_SYMBOLS.map((entry) => [entry.symbol, entry]));
const byParameter = new Map(
  TT10_SYMBOLS.filter((entry) => entry.parameter !== null).map((entry) => [entry.parameter as string, entry]),
);

/** The Bảng 34 row of `symbol` (exact, case-sensitive, NFC), or `undefined` for a symbol Bảng 34 does not list. */
export function tt10Symbol(symbol: string): Tt10SymbolEntry | undefined {
  return bySymbol.get(symbol.normalize('NFC'));
}

/**
 * The catalogue key a TT 10 symbol is stored under: the table's `parameter` for a Bảng 34 symbol (`PM2,5` →
 * `PM2.5`, `PM` → `TSP`); a symbol outside Bảng 34 is kept as written (`BOD5`, `PM2.5`), so that the reading
 * contract accepts it when the catalogue has it and refuses it, counted, when not. For a Bảng 34 symbol without a
 * catalogue parameter (`TOC`, `O2`, …) the symbol itself is returned, to be refused the same way.
 */
export function parameterForSymbol(symbol: string): string {
  const normal = symbol.normalize('NFC');
  return bySymbol.get(normal)?.parameter ?? normal;
}

/** The TT 10 symbol a catalogue key is written as (`PM2.5` → `PM2,5`, `TSP` → `PM`); other keys unchanged. */
export function symbolForParameter(parameter: string): string {
  return byParameter.get(parameter)?.symbol ?? parameter;
}

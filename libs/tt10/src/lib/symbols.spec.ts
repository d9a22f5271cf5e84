import { parameterSpec, resolveUnit, type StationKind } from '@langxanh/contracts';
import { parameterForSymbol, symbolForParameter, TT10_SYMBOLS, tt10Symbol } from './symbols';

describe('Bảng 34 symbols → the parameter catalogue', () => {
  it('lists the 25 symbols of shared docs/domain.md §4.2, each with a source', () => {
    expect(TT10_SYMBOLS.map((s) => s.symbol).join(', ')).toBe(
      'Flow, Temp, Color, pH, TSS, COD, NH4, TP, TN, TOC, Cl, RH, P, NO, NO2, CO, SO2, O2, H2S, NH3, VHg, PM, O3, PM10, PM2,5',
    );
    for (const entry of TT10_SYMBOLS) expect(entry.source.length).toBeGreaterThan(20);
  });

  it.each([
    ['PM2,5', 'PM2.5'],
    ['PM', 'TSP'],
    ['PM10', 'PM10'],
    ['COD', 'COD'],
    ['PM2.5', 'PM2.5'], // not a Bảng 34 spelling, but the catalogue key: kept
    ['BOD5', 'BOD5'],
    ['TOC', 'TOC'], // Bảng 34, no catalogue parameter: kept, refused by the contract
  ])('%s is stored as %s', (symbol, key) => {
    expect(parameterForSymbol(symbol)).toBe(key);
  });

  it.each([
    ['PM2.5', 'PM2,5'],
    ['TSP', 'PM'],
    ['COD', 'COD'],
    ['Noise', 'Noise'],
  ])('%s is written as %s', (key, symbol) => {
    expect(symbolForParameter(key)).toBe(symbol);
  });

  it('maps every symbol with a parameter onto a catalogue entry whose unit its typical unit resolves to', () => {
    const kinds: StationKind[] = ['wastewater', 'air'];
    for (const entry of TT10_SYMBOLS.filter((s) => s.parameter !== null)) {
      const specs = kinds
        .map((kind) => parameterSpec(kind, entry.parameter as string))
        .filter((s) => s !== undefined);
      expect({ symbol: entry.symbol, found: specs.length > 0 }).toEqual({
        symbol: entry.symbol,
        found: true,
      });
      for (const spec of specs) {
        const unit = entry.typicalUnit === '' ? spec.unit : entry.typicalUnit;
        expect({ symbol: entry.symbol, resolution: resolveUnit(unit, spec.unit).kind }).not.toEqual({
          symbol: entry.symbol,
          resolution: 'mismatch',
        });
      }
    }
  });

  it('converts gases in mg/Nm³ to the catalogue µg/m³ (× 1 000)', () => {
    expect(
      resolveUnit(tt10Symbol('SO2')?.typicalUnit ?? '', parameterSpec('air', 'SO2')?.unit ?? ''),
    ).toEqual({
      kind: 'convert',
      factor: 1_000,
    });
  });

  it('has no catalogue parameter for symbols the catalogue lacks', () => {
    for (const entry of TT10_SYMBOLS.filter((s) => s.parameter === null)) {
      expect(parameterSpec('air', entry.symbol) ?? parameterSpec('wastewater', entry.symbol)).toBeUndefined();
    }
  });
});

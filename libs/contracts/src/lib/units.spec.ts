import { PARAMETER_CATALOGUE } from './parameters';
import { canonicalUnit, convertValue, resolveUnit } from './units';

describe('resolveUnit', () => {
  it.each([
    ['µg/m³', 'µg/m³', { kind: 'same' }],
    ['\u03bcg/m\u00b3', 'µg/m³', { kind: 'alias' }],
    ['ug/m3', 'µg/m³', { kind: 'alias' }],
    ['UG/M3', 'µg/m³', { kind: 'alias' }],
    ['µg/Nm³', 'µg/m³', { kind: 'alias' }],
    ['mcg/m^3', 'µg/m³', { kind: 'alias' }],
    ['µg / m³', 'µg/m³', { kind: 'alias' }],
    ['mg/m³', 'µg/m³', { kind: 'convert', factor: 1000 }],
    ['mg/Nm3', 'µg/m³', { kind: 'convert', factor: 1000 }],
    ['ng/m3', 'µg/m³', { kind: 'convert', factor: 0.001 }],
    ['µg/L', 'mg/L', { kind: 'convert', factor: 0.001 }],
    ['g/L', 'mg/L', { kind: 'convert', factor: 1000 }],
    ['mg/l', 'mg/L', { kind: 'alias' }],
    ['℃', '°C', { kind: 'alias' }],
    ['degC', '°C', { kind: 'alias' }],
    ['ºC', '°C', { kind: 'alias' }],
    ['m3/hr', 'm³/h', { kind: 'alias' }],
    ['PtCo', 'Pt-Co', { kind: 'alias' }],
    ['dB(A)', 'dBA', { kind: 'alias' }],
    ['pH', '', { kind: 'alias' }],
    ['ppm', 'µg/m³', { kind: 'mismatch' }],
    ['mg/L', 'µg/m³', { kind: 'mismatch' }],
    ['°F', '°C', { kind: 'mismatch' }],
    ['m³/s', 'm³/h', { kind: 'mismatch' }],
    ['%', 'µg/m³', { kind: 'mismatch' }],
    ['u'.repeat(40), 'µg/m³', { kind: 'mismatch' }],
  ] as const)('%j for %j → %j', (stated, catalogue, resolution) =>
    expect(resolveUnit(stated, catalogue)).toEqual(resolution),
  );

  it('folds every catalogue unit to itself', () => {
    for (const spec of Object.values(PARAMETER_CATALOGUE).flat()) {
      expect(resolveUnit(canonicalUnit(spec.unit), spec.unit).kind).toMatch(/^(same|alias)$/);
    }
  });

  it('rounds away float noise', () => {
    expect(1.005 * 1000).not.toBe(1005);
    expect(convertValue(1.005, 1000)).toBe(1005);
    expect(convertValue(0.07, 0.001)).toBe(0.00007);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegistry, type AirStation, type WastewaterStation, type WasteStation } from '@langxanh/contracts';
import { qcvn05Rules } from './qcvn05-2023';
import { qcvn40Rules } from './qcvn40-2011';
import { rulesForStation } from './rules-for-station';
import { wastePointRules } from './waste-point';

const location = { lat: 21.19, lon: 106.02 };
const outlet = (column: 'A' | 'B', kq: number, kf: number): WastewaterStation => ({
  id: 'pk-ww-01',
  kind: 'wastewater',
  name: 'outlet',
  location,
  expectedIntervalS: 60,
  standard: { qcvn: 'QCVN 40:2011/BTNMT', column, kq, kf },
});

describe('QCVN 40:2011/BTNMT rules', () => {
  it('applies Cmax = C × Kq × Kf to COD, TSS, BOD5, NH4, TN, TP (Bảng 1 cột B)', () => {
    const rules = qcvn40Rules(outlet('B', 0.9, 1.1));
    const max = (p: string) => rules.find((r) => r.parameter === p)?.max;
    expect(max('COD')).toBe(148.5);
    expect(max('TSS')).toBe(99);
    expect(max('BOD5')).toBe(49.5);
    expect(max('NH4')).toBe(9.9);
    expect(max('TN')).toBe(39.6);
    expect(max('TP')).toBe(5.94);
  });

  it('keeps Cmax = C for temperature, colour and pH; pH is a range', () => {
    const rules = qcvn40Rules(outlet('B', 0.9, 1.1));
    expect(rules.find((r) => r.parameter === 'Temp')).toMatchObject({ comparison: 'above', max: 40 });
    expect(rules.find((r) => r.parameter === 'Color')).toMatchObject({ comparison: 'above', max: 150 });
    expect(rules.find((r) => r.parameter === 'pH')).toMatchObject({ comparison: 'outside', min: 5.5, max: 9 });
  });

  it('uses column A values when the registry says A', () => {
    const rules = qcvn40Rules(outlet('A', 1, 1));
    expect(rules.find((r) => r.parameter === 'COD')?.max).toBe(75);
    expect(rules.find((r) => r.parameter === 'pH')).toMatchObject({ min: 6, max: 9 });
  });

  it('names its source on every rule', () => {
    for (const rule of qcvn40Rules(outlet('B', 1, 1))) {
      expect(rule.source).toMatchObject({ document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột B' });
      expect(rule.averagingPeriod).toBe('instant');
    }
  });
});

describe('QCVN 05:2023/BTNMT rules', () => {
  const ict = (iso: string) => Date.parse(`${iso}+07:00`);
  const pm25 = (at: number) => qcvn05Rules(at).filter((r) => r.parameter === 'PM2.5');

  it('PM2.5 24 h is 50 µg/m³ until 31/12/2025 and 45 from 01/01/2026 (Vietnam calendar day)', () => {
    expect(pm25(ict('2025-12-31T23:59:59')).map((r) => r.max)).toEqual([50]);
    expect(pm25(ict('2026-01-01T00:00:00')).map((r) => r.max)).toEqual([45]);
    expect(pm25(ict('2026-01-01T00:00:00'))[0].averagingPeriod).toBe('24h');
  });

  it('has the 1 h, 8 h and 24 h limits of Bảng 1', () => {
    const rules = qcvn05Rules(ict('2026-11-29T12:00:00'));
    const limit = (p: string, period: string) =>
      rules.find((r) => r.parameter === p && r.averagingPeriod === period)?.max;
    expect(limit('SO2', '1h')).toBe(350);
    expect(limit('SO2', '24h')).toBe(125);
    expect(limit('CO', '8h')).toBe(10_000);
    expect(limit('NO2', '1h')).toBe(200);
    expect(limit('O3', '8h')).toBe(120);
    expect(limit('TSP', '24h')).toBe(200);
    expect(limit('PM10', '24h')).toBe(100);
  });

  it('applies nothing before the standard came into force on 12/09/2023', () => {
    expect(qcvn05Rules(ict('2018-06-01T00:00:00'))).toEqual([]);
    expect(qcvn05Rules(ict('2023-09-12T00:00:00')).length).toBeGreaterThan(0);
  });
});

describe('waste points', () => {
  const bin: WasteStation = {
    id: 'pk-bin-01',
    kind: 'waste',
    name: 'bin',
    location,
    expectedIntervalS: 300,
    standard: { fullThresholdPct: 75, capacityL: 660, wasteCategory: 'other' },
  };
  it('is full at the registry threshold (≥), and has fire, tilt and low-battery rules', () => {
    const rules = wastePointRules(bin);
    expect(rules.find((r) => r.parameter === 'fill')).toMatchObject({ comparison: 'atOrAbove', max: 75 });
    expect(rules.find((r) => r.parameter === 'battery')).toMatchObject({ comparison: 'below', min: 20 });
    expect(rules.map((r) => r.id).sort()).toEqual(['waste/battery', 'waste/fire', 'waste/fire-rise', 'waste/full', 'waste/tilt']);
    expect(rules.find((r) => r.id === 'waste/fire-rise')).toMatchObject({ measure: 'risePerMinute', max: 1, unit: '°C/min' });
  });
});

describe('rulesForStation on the shipped registry', () => {
  it('gives every station of deploy/registry/bac-ninh.json at least one rule on a parameter of its kind', () => {
    const registry = parseRegistry(
      JSON.parse(readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8')),
    );
    const now = Date.parse('2026-11-29T07:00:00Z');
    for (const cluster of registry.clusters) {
      for (const station of cluster.stations) {
        expect(rulesForStation(station, now).length).toBeGreaterThan(0);
      }
    }
    const air = registry.clusters[0].stations.find((s): s is AirStation => s.kind === 'air');
    expect(air).toBeDefined();
  });
});

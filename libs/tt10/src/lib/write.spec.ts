import { Tt10FormatError } from './errors';
import { parseTt10 } from './parse';
import { formatTt10, formatTt10Value, tt10LinesForReading, type Tt10LineInput } from './write';

const time = Date.parse('2026-12-07T05:05:00Z');

describe('formatTt10', () => {
  it('writes five TAB-separated fields per line in local time, and reads back the same lines', () => {
    const lines: Tt10LineInput[] = [
      { symbol: 'PM2,5', value: 35.4, unit: 'µg/m³', time, status: '00' },
      { symbol: 'SO2', value: 0.085, unit: 'mg/Nm³', time, status: '01' },
      { symbol: 'Temp', value: null, unit: '°C', time, status: '02' },
    ];
    const text = formatTt10(lines);
    expect(text).toBe(
      'PM2,5\t35.4\tµg/m³\t20261207120500\t00\nSO2\t0.085\tmg/Nm³\t20261207120500\t01\nTemp\t\t°C\t20261207120500\t02',
    );
    expect(
      parseTt10(text).map(({ symbol, value, unit, time: t, status }) => ({
        symbol,
        value,
        unit,
        time: t,
        status,
      })),
    ).toEqual(lines);
  });

  it.each([
    [85.2, '85.2'],
    [-3, '-3'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
  ])('writes %s as %s', (value, text) => {
    expect(formatTt10Value(value)).toBe(text);
  });

  it.each([
    [{ symbol: 'A\tB' }, 'bad_symbol'],
    [{ symbol: '' }, 'bad_symbol'],
    [{ unit: 'mg\nL' }, 'bad_unit'],
    [{ value: Number.POSITIVE_INFINITY }, 'bad_value'],
    [{ status: '03' }, 'bad_status'],
    [{ time: Number.NaN }, 'bad_time'],
  ])('refuses %j (%s)', (change, code) => {
    const input = { symbol: 'COD', value: 1, unit: 'mg/L', time, status: '00', ...change } as Tt10LineInput;
    expect(() => formatTt10([input])).toThrow(expect.objectContaining({ code, line: 1 }) as Error);
  });

  it('refuses to write no line', () => {
    expect(() => formatTt10([])).toThrow(Tt10FormatError);
  });
});

describe('tt10LinesForReading', () => {
  it('writes catalogue keys as Bảng 34 symbols in the catalogue unit, keeping status codes', () => {
    expect(
      tt10LinesForReading('air', {
        time,
        values: { 'PM2.5': 35.4, TSP: 120, SO2: 85 },
        status: { SO2: '01' },
      }),
    ).toEqual([
      { symbol: 'PM2,5', value: 35.4, unit: 'µg/m³', time, status: '00' },
      { symbol: 'PM', value: 120, unit: 'µg/m³', time, status: '00' },
      { symbol: 'SO2', value: 85, unit: 'µg/m³', time, status: '01' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { vietnamDate } from '@langxanh/contracts';
import { csvFileName, defaultPeriod, periodOfKind, periodQuery } from './period';

// 18:30 UTC on 30 Nov is already 1 Dec in Vietnam
const NOW = Date.parse('2026-11-30T18:30:00Z');

describe('compliance periods', () => {
  it('counts days and months in Vietnam time', () => {
    expect(vietnamDate(NOW)).toBe('2026-12-01');
    expect(defaultPeriod(NOW)).toEqual({ kind: 'month', month: '2026-12' });
    expect(periodOfKind('day', NOW)).toEqual({ kind: 'day', day: '2026-12-01' });
    expect(periodOfKind('custom', NOW)).toEqual({ kind: 'custom', from: '2026-11-25', to: '2026-12-01' });
  });

  it('gives the API’s from/to, refusing incomplete or reversed periods', () => {
    expect(periodQuery({ kind: 'month', month: '2026-11' })).toEqual({ from: '2026-11', to: '2026-11' });
    expect(periodQuery({ kind: 'day', day: '2026-11-28' })).toEqual({ from: '2026-11-28', to: '2026-11-28' });
    expect(periodQuery({ kind: 'custom', from: '2026-11-01', to: '2026-11-15' })).toEqual({ from: '2026-11-01', to: '2026-11-15' });
    expect(periodQuery({ kind: 'custom', from: '2026-11-15', to: '2026-11-01' })).toBeNull();
    expect(periodQuery({ kind: 'day', day: '' })).toBeNull();
  });

  it('names the CSV after station and period', () => {
    expect(csvFileName('pk-ww-01', { from: '2026-11', to: '2026-11' })).toBe('compliance_pk-ww-01_2026-11.csv');
    expect(csvFileName('pk-ww-01', { from: '2026-11-01', to: '2026-11-15' })).toBe('compliance_pk-ww-01_2026-11-01_2026-11-15.csv');
  });
});

import { describe, expect, it } from 'vitest';
import { station } from '../../testing/fixtures';
import { markerStyle } from './marker-style';

const bin = (fill: number | undefined) =>
  station({
    id: 'pk-bin-01',
    kind: 'waste',
    latest: fill === undefined ? {} : { fill: { value: fill, time: '2026-11-29T07:00:00.000Z', status: '00' } },
  });

describe('markerStyle', () => {
  it('colours wastewater by its limit state', () => {
    expect(markerStyle(station(), 80).category).toBe('normal');
    expect(markerStyle(station({ state: 'exceeding' }), 80).category).toBe('exceeding');
  });

  it('colours waste by fill level against the threshold', () => {
    expect(markerStyle(bin(20), 80).category).toBe('fill-ok');
    expect(markerStyle(bin(60), 80).category).toBe('fill-high');
    expect(markerStyle(bin(80), 80).category).toBe('fill-full');
    expect(markerStyle(bin(85), 90).category).toBe('fill-high');
    expect(markerStyle(bin(undefined), 80).category).toBe('no_data');
  });

  it('colours air by its AQI band when known; never "normal" green without an index; offline wins', () => {
    const air = station({ id: 'pk-air-01', kind: 'air' });
    expect(markerStyle(air, 80, { aqi: 119, hex: '#FF7E00', label: 'Kém' })).toEqual({ category: 'aqi', fill: '#FF7E00' });
    // regression (issue 18): a reporting air station without its hourly VN_AQI was drawn "normal" green
    expect(markerStyle(air, 80).category).toBe('aqi-pending');
    expect(markerStyle(air, 80).fill).not.toBe(markerStyle(station(), 80).fill);
    expect(markerStyle({ ...air, state: 'exceeding' }, 80).category).toBe('exceeding');
    expect(markerStyle({ ...air, state: 'offline' }, 80, { aqi: 12, hex: '#00E400', label: 'Tốt' }).category).toBe('offline');
  });
});

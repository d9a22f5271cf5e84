import { vietnamDayStart } from '@langxanh/contracts';
import { dayHours, usEpaDailyAqiOn } from './series';
import { microgramsToPpb, US_EPA_CATEGORIES, US_EPA_SCALE, usEpaDailyAqi, usEpaSubIndex } from './us-epa';
import { subIndex } from './breakpoints';

const constant = (value: number, n: number) => Array.from({ length: n }, () => value);

describe('US EPA AQI, 2024 breakpoints (second scale)', () => {
  it('PM2.5 20.3 µg/m³ is EPA 72 (Moderate) but VN_AQI 41 (domain.md §1.8)', () => {
    expect(usEpaSubIndex('PM2.5', 20.3)).toBe(72);
    expect(Math.round(subIndex('PM2.5', 20.3)!)).toBe(41);
  });

  it.each([
    ['PM2.5', 9.0, 50],
    ['PM2.5', 9.1, 51],
    ['PM2.5', 9.09, 50],
    ['PM2.5', 35.4, 100],
    ['PM2.5', 35.5, 101],
    ['PM2.5', 325.4, 500],
    ['PM2.5', 400, 500],
    ['PM10', 54, 50],
    ['PM10', 55, 51],
    ['PM10', 154.9, 100],
    ['O3_8h', 0.07, 100],
    ['O3_8h', 0.2004, 300],
    ['CO_8h', 9.4, 100],
    ['SO2_1h', 75, 100],
    ['NO2_1h', 100, 100],
    ['NO2_1h', 2049, 500],
  ] as const)('%s %d → %d', (pollutant, c, aqi) => expect(usEpaSubIndex(pollutant, c)).toBe(aqi));

  it('stops the 8-h O3 table at 0.200 ppm and refuses negative values', () => {
    expect(usEpaSubIndex('O3_8h', 0.201)).toBeUndefined();
    expect(() => usEpaSubIndex('PM10', -1)).toThrow(RangeError);
  });

  it('converts µg/m³ to ppb at 25 °C (NO2 100 µg/m³ ≈ 53.1 ppb → 50)', () => {
    expect(microgramsToPpb('NO2', 100)).toBeCloseTo(53.145, 2);
    expect(usEpaDailyAqi({ hours: { NO2: [100] } })).toMatchObject({ aqi: 50, dominant: 'NO2' });
  });

  it('daily: PM 24-h means, O3/CO maximum 8-h means, gases maximum 1-h, labelled with its scale', () => {
    const result = usEpaDailyAqi({
      hours: { 'PM2.5': constant(20.3, 24), CO: constant(1_000, 24), O3: constant(60, 24) },
      previous7: { CO: constant(1_000, 7), O3: constant(60, 7) },
    });
    expect(result.scale).toBe(US_EPA_SCALE);
    expect(result).toMatchObject({ aqi: 72, dominant: 'PM2.5', category: 1 });
    expect(US_EPA_CATEGORIES[result.category!].en).toBe('Moderate');
    // CO 1 000 µg/m³ ≈ 0.87 ppm → 0.8 → 9; O3 60 µg/m³ ≈ 0.0306 ppm → 28.
    expect(result.subIndices).toEqual({ 'PM2.5': 72, CO: 9, O3: 28 });
    expect(usEpaDailyAqi({ hours: {} })).toMatchObject({ aqi: null, category: null, dominant: null });
  });

  it('reads a Vietnam day from a series like the VN_AQI daily value', () => {
    const start = vietnamDayStart('2026-11-28') - 7 * 3_600_000;
    const series = { start, means: { 'PM2.5': [...constant(500, 7), ...constant(20.3, 24)] } };
    expect(dayHours(series, '2026-11-28').previous7['PM2.5']).toEqual(constant(500, 7));
    expect(usEpaDailyAqiOn(series, '2026-11-28').aqi).toBe(72);
  });
});

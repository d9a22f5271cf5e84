import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIETNAM_TIME_ZONE, vietnamDayStart } from '@langxanh/contracts';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { dayHours, usEpaDailyAqiOn } from './series';
import { microgramsToPpb, US_EPA_CATEGORIES, usEpaDailyAqi, usEpaScale, usEpaSubIndex } from './us-epa';
import { subIndex } from './breakpoints';

const constant = (value: number, n: number) => Array.from({ length: n }, () => value);
/** A time under the 2024 PM2.5 table. */
const NOW = vietnamDayStart('2026-11-28');
/** A time under the pre-2024 PM2.5 table. */
const Y2018 = vietnamDayStart('2018-06-01');

describe('US EPA AQI, 2024 breakpoints (second scale)', () => {
  it('PM2.5 20.3 µg/m³ is EPA 72 (Moderate) but VN_AQI 41 (domain.md §1.8)', () => {
    expect(usEpaSubIndex('PM2.5', 20.3, NOW)).toBe(72);
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
  ] as const)('%s %d → %d', (pollutant, c, aqi) => expect(usEpaSubIndex(pollutant, c, NOW)).toBe(aqi));

  it('stops the 8-h O3 table at 0.200 ppm and refuses negative values and times that are not numbers', () => {
    expect(usEpaSubIndex('O3_8h', 0.201, NOW)).toBeUndefined();
    expect(() => usEpaSubIndex('PM10', -1, NOW)).toThrow(RangeError);
    expect(() => usEpaSubIndex('PM2.5', 10, Number.NaN)).toThrow(RangeError);
  });

  it('converts µg/m³ to ppb at 25 °C (NO2 100 µg/m³ ≈ 53.1 ppb → 50)', () => {
    expect(microgramsToPpb('NO2', 100)).toBeCloseTo(53.145, 2);
    expect(usEpaDailyAqi({ hours: { NO2: [100] }, at: NOW })).toMatchObject({ aqi: 50, dominant: 'NO2' });
  });

  it('daily: PM 24-h means, O3/CO maximum 8-h means, gases maximum 1-h, labelled with its scale', () => {
    const result = usEpaDailyAqi({
      hours: { 'PM2.5': constant(20.3, 24), CO: constant(1_000, 24), O3: constant(60, 24) },
      previous7: { CO: constant(1_000, 7), O3: constant(60, 7) },
      at: NOW,
    });
    expect(result.scale).toBe('US_EPA_AQI_2024');
    expect(result).toMatchObject({ aqi: 72, dominant: 'PM2.5', category: 1 });
    expect(US_EPA_CATEGORIES[result.category!].en).toBe('Moderate');
    // CO 1 000 µg/m³ ≈ 0.87 ppm → 0.8 → 9; O3 60 µg/m³ ≈ 0.0306 ppm → 28.
    expect(result.subIndices).toEqual({ 'PM2.5': 72, CO: 9, O3: 28 });
    expect(usEpaDailyAqi({ hours: {}, at: NOW })).toMatchObject({ aqi: null, category: null, dominant: null });
  });

  it('reads a Vietnam day from a series like the VN_AQI daily value', () => {
    const start = vietnamDayStart('2026-11-28') - 7 * 3_600_000;
    const series = { start, means: { 'PM2.5': [...constant(500, 7), ...constant(20.3, 24)] } };
    expect(dayHours(series, '2026-11-28').previous7['PM2.5']).toEqual(constant(500, 7));
    expect(usEpaDailyAqiOn(series, '2026-11-28').aqi).toBe(72);
  });
});

describe('US EPA AQI, PM2.5 breakpoints by date (pre-2024 table before 6 May 2024)', () => {
  it.each([
    [12.0, 50],
    [12.1, 51],
    [20.3, 68],
    [35.4, 100],
    [55.5, 151],
    [150.4, 200],
    [150.5, 201],
    [250.4, 300],
    [250.5, 301],
    [350.4, 400],
    [350.5, 401],
    [500.4, 500],
    [600, 500],
  ] as const)('PM2.5 %d µg/m³ in 2018 → %d (domain.md §1.8, pre-2024 column)', (c, aqi) =>
    expect(usEpaSubIndex('PM2.5', c, Y2018)).toBe(aqi),
  );

  it('switches on 6 May 2024, a Vietnam calendar day, and leaves the other pollutants unchanged', () => {
    const lastOld = vietnamDayStart('2024-05-06') - 1;
    const firstNew = vietnamDayStart('2024-05-06');
    expect([usEpaScale(lastOld), usEpaScale(firstNew)]).toEqual(['US_EPA_AQI_PRE_2024', 'US_EPA_AQI_2024']);
    expect([usEpaSubIndex('PM2.5', 10, lastOld), usEpaSubIndex('PM2.5', 10, firstNew)]).toEqual([42, 53]);
    expect(usEpaSubIndex('PM10', 155, lastOld)).toBe(usEpaSubIndex('PM10', 155, firstNew));
    expect(usEpaSubIndex('NO2_1h', 100, lastOld)).toBe(usEpaSubIndex('NO2_1h', 100, firstNew));
  });

  it('a daily value takes the table and the label of its own day', () => {
    const pm = { 'PM2.5': constant(20.3, 24) };
    expect(usEpaDailyAqi({ hours: pm, at: Y2018 })).toMatchObject({ scale: 'US_EPA_AQI_PRE_2024', aqi: 68 });
    const start = vietnamDayStart('2018-06-01') - 7 * 3_600_000;
    const series = { start, means: { 'PM2.5': constant(20.3, 31) } };
    expect(usEpaDailyAqiOn(series, '2018-06-01')).toMatchObject({ scale: 'US_EPA_AQI_PRE_2024', aqi: 68 });
  });

  /**
   * The real Hà Nội U.S. Embassy file of 2018 (shared data/real/hanoi-us-embassy-pm25-2018): its `AQI` column is the
   * EPA AQI of its `NowCast Conc.` column (µg/m³), published in 2018. Rows with -999 (missing) in either are skipped.
   * `Date (LT)` is Vietnam local time, 12-hour clock.
   */
  it('reproduces the AQI column of the Hà Nội 2018 embassy file from its NowCast column on ≥ 99 % of hours', () => {
    const file = join(
      __dirname,
      '../../../..',
      '..',
      'shared/data/real/hanoi-us-embassy-pm25-2018/Hanoi_PM2.5_2018_YTD.csv',
    );
    const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    let compared = 0;
    let dated = 0;
    let only2024 = 0;
    for (const row of rows) {
      const nowcast = Number(row['NowCast Conc.']);
      const published = Number(row['AQI']);
      if (!(nowcast >= 0) || !(published >= 0)) continue;
      const at = DateTime.fromFormat(row['Date (LT)'] ?? '', 'yyyy-MM-dd hh:mm a', {
        zone: VIETNAM_TIME_ZONE,
        locale: 'en-US',
      }).toMillis();
      compared += 1;
      if (usEpaSubIndex('PM2.5', nowcast, at) === published) dated += 1;
      if (usEpaSubIndex('PM2.5', nowcast, NOW) === published) only2024 += 1;
    }
    const share = dated / compared;
    // Printed for the closing note: the share with the dated table, and with the 2024 table alone (the old defect).
    console.log(
      `Hà Nội 2018: ${dated}/${compared} hours match (${(share * 100).toFixed(2)} %) with the dated table; ` +
        `${only2024}/${compared} (${((only2024 / compared) * 100).toFixed(2)} %) with the 2024 table alone`,
    );
    expect(compared).toBeGreaterThan(8_000);
    expect(share).toBeGreaterThanOrEqual(0.99);
  });
});

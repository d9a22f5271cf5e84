import { vietnamDate, vietnamDayStart } from '@langxanh/contracts';
import edges from '../fixtures/breakpoint-edges.json';
import examples from '../fixtures/qd1459-examples.json';
import { aqiBand, VN_AQI_BANDS } from './bands';
import { roundAqi, subIndex, type BreakpointColumn } from './breakpoints';
import { nowcast } from './nowcast';
import { dailyAqiOn, hourlyAqiAt, HOUR_MS } from './series';
import { dailyAqiDto, hourlyAqiDto } from './dto';
import { usEpaDailyAqi } from './us-epa';
import { dailyAqi, eightHourMeans, hourlyAqi } from './vn-aqi';

const constant = (value: number, n: number) => Array.from({ length: n }, () => value);

describe('bands (QĐ 1459 Bảng 1)', () => {
  it('has the six official ranges and RGB colours', () => {
    expect(VN_AQI_BANDS.map((b) => [b.min, b.max, b.label.vi, b.hex])).toEqual([
      [0, 50, 'Tốt', '#00E400'],
      [51, 100, 'Trung bình', '#FFFF00'],
      [101, 150, 'Kém', '#FF7E00'],
      [151, 200, 'Xấu', '#FF0000'],
      [201, 300, 'Rất xấu', '#8F3F97'],
      [301, 500, 'Nguy hại', '#7E0023'],
    ]);
  });

  it.each([
    [0, 'good'],
    [50, 'good'],
    [50.4, 'good'],
    [50.5, 'moderate'],
    [51, 'moderate'],
    [100, 'moderate'],
    [101, 'poor'],
    [150, 'poor'],
    [151, 'bad'],
    [200, 'bad'],
    [201, 'very_bad'],
    [300, 'very_bad'],
    [301, 'hazardous'],
    [500, 'hazardous'],
  ])('AQI %d is %s', (aqi, key) => expect(aqiBand(aqi).key).toBe(key));

  it('refuses negative or non-finite values', () => {
    expect(() => aqiBand(-1)).toThrow(RangeError);
    expect(() => aqiBand(Number.NaN)).toThrow(RangeError);
  });

  it('gives health advice for both groups in every band (Bảng 4, 5)', () => {
    for (const band of VN_AQI_BANDS) {
      expect(band.health.vi.length).toBeGreaterThan(10);
      expect(band.advice.general.en.length).toBeGreaterThan(10);
      expect(band.advice.sensitive.vi.length).toBeGreaterThan(10);
    }
  });
});

describe('sub-index (Bảng 2, Công thức 1)', () => {
  it.each(edges.cases.map((c) => [c.column, c.c, c.subIndex, c] as const))(
    '%s at %d µg/m³ → %s',
    (column, c, expected, row) => {
      const value = subIndex(column as BreakpointColumn, c);
      if (expected === null) expect(value).toBeUndefined();
      else expect(value).toBeCloseTo(expected, 9);
      if ('rounded' in row) expect(roundAqi(value!)).toBe(row.rounded);
    },
  );

  it('treats negative and non-finite concentrations as invalid', () => {
    expect(() => subIndex('PM2.5', -0.1)).toThrow(RangeError);
    expect(() => subIndex('CO', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('rounds half up after removing float noise', () => {
    expect(roundAqi(62.5)).toBe(63);
    expect(roundAqi(59.35)).toBe(59);
    expect(roundAqi(44.65)).toBe(45);
    expect(roundAqi(44.649999999999)).toBe(45);
    expect(roundAqi(44.4999)).toBe(44);
  });
});

describe('NowCast (mục 2.2.1 a)', () => {
  const t1 = examples.T1_nowcast;
  const newestFirst = [...t1.pm25OldestFirst].reverse();

  it('T1: reproduces the printed NowCast 20.3 µg/m³ (w = w* = 16.5/26.9 ≈ 0.61)', () => {
    const result = nowcast(newestFirst)!;
    expect(result.weight).toBeCloseTo(16.5 / 26.9, 12);
    expect(result.weight).toBeCloseTo(t1.printedWeight, 2);
    expect(Math.round(result.value * 10) / 10).toBe(t1.printedNowcast);
    expect(result.hoursUsed).toBe(12);
  });

  it('T1 with the printed w = 0.61 gives the same value (the normalised sum)', () => {
    const w = t1.printedWeight;
    const num = newestFirst.reduce((s, c, i) => s + w ** i * c, 0);
    const den = newestFirst.reduce((s, _c, i) => s + w ** i, 0);
    expect(num / den).toBeCloseTo(20.269, 3);
    expect(nowcast(newestFirst)!.value).toBeCloseTo(20.266, 3);
  });

  it('floors the weight at 1/2 when Cmin/Cmax ≤ 1/2', () => {
    const result = nowcast([100, 10, 10, 10])!;
    expect(result.weight).toBe(0.5);
    expect(result.value).toBeCloseTo((100 + 5 + 2.5 + 1.25) / (1 + 0.5 + 0.25 + 0.125), 12);
  });

  it('needs at least 2 of c1, c2, c3', () => {
    expect(nowcast([null, null, 30, 30, 30])).toBeUndefined();
    expect(nowcast([30, null, null, 30, 30])).toBeUndefined();
    expect(nowcast([null, 30, 30])).toBeDefined();
    expect(nowcast([30, undefined, 30])).toBeDefined();
    expect(nowcast([30])).toBeUndefined();
    expect(nowcast([])).toBeUndefined();
  });

  it('drops a missing hour from numerator and denominator (w^(i−1) = 0)', () => {
    // c1 = 40, c2 missing, c3 = 20, c4 = 40: w* = 0.5 → w = 0.5; terms i = 1, 3, 4.
    const expected = (40 + 0.25 * 20 + 0.125 * 40) / (1 + 0.25 + 0.125);
    expect(nowcast([40, null, 20, 40])!.value).toBeCloseTo(expected, 12);
    expect(nowcast([40, null, 20, 40])!.hoursUsed).toBe(3);
  });

  it('reads only c1…c12 and gives 0 for an all-zero window', () => {
    expect(nowcast([...constant(10, 12), 1000])!.value).toBeCloseTo(10, 12);
    expect(nowcast([0, 0, 0])).toEqual({ value: 0, weight: 1, hoursUsed: 3 });
  });

  it('refuses negative values', () => {
    expect(() => nowcast([10, -1, 10])).toThrow(RangeError);
  });
});

describe('hourly AQI (mục 2.2.1)', () => {
  const t2 = examples.T2_hourly;

  it('T2: O3 43, PM2.5 41, NO2 59 (the decision prints 60: known erratum, half-up gives 59)', () => {
    const result = hourlyAqi({
      O3: [t2.inputs.O3],
      NO2: [t2.inputs.NO2],
      // A constant series has NowCast = that value: 20.3 µg/m³ as in the example.
      'PM2.5': constant(t2.inputs['PM2.5_nowcast'], 12),
    });
    const byParameter = Object.fromEntries(result.subIndices.map((s) => [s.parameter, s.aqi]));
    expect(byParameter).toEqual({ 'PM2.5': t2.halfUp['PM2.5'], O3: t2.halfUp.O3, NO2: t2.halfUp.NO2 });
    expect(result.subIndices.find((s) => s.parameter === 'NO2')!.value).toBeCloseTo(59.35, 9);
    expect(result.aqi).toBe(t2.halfUp.aqi);
    // Known difference from the printed example (domain.md §1.6): documented, not hidden.
    expect(t2.printed.NO2 - byParameter.NO2).toBe(1);
    expect(t2.printed.O3).toBe(byParameter.O3);
    expect(t2.printed['PM2.5']).toBe(byParameter['PM2.5']);
    expect(result.dominant).toBe('NO2');
    expect(result.subIndices.filter((s) => s.dominant).map((s) => s.parameter)).toEqual(['NO2']);
    expect(result.band?.key).toBe('moderate');
    expect(result.nowcast['PM2.5']?.value).toBeCloseTo(20.3, 9);
  });

  it('uses the NowCast for PM and the current hour for gases', () => {
    const result = hourlyAqi({ PM10: [200, 100, 100], SO2: [125, 999] });
    const pm10 = result.subIndices.find((s) => s.parameter === 'PM10')!;
    expect(pm10.basis).toBe('nowcast');
    expect(pm10.concentration).toBeCloseTo(nowcast([200, 100, 100])!.value, 12);
    expect(result.subIndices.find((s) => s.parameter === 'SO2')).toMatchObject({ basis: '1h', aqi: 50 });
  });

  it('publishes nothing without a PM NowCast (mục 2.1 b)', () => {
    const result = hourlyAqi({ O3: [300], 'PM2.5': [null, null, 20] });
    expect(result).toMatchObject({ aqi: null, band: null, dominant: null, reason: 'no_pm', subIndices: [] });
  });

  it('drops negative values as invalid and counts them', () => {
    const result = hourlyAqi({ 'PM2.5': [-5, 20, 20], NO2: [-1] });
    expect(result.invalidValues).toBe(2);
    expect(result.aqi).toBe(40);
    expect(result.subIndices.map((s) => s.parameter)).toEqual(['PM2.5']);
  });

  it('caps at 500', () => {
    expect(hourlyAqi({ 'PM2.5': [900, 900] }).aqi).toBe(500);
  });
});

describe('daily AQI (mục 2.2.2)', () => {
  const t3 = examples.T3_daily;

  it('reproduces the decision’s 24 eight-hour means of O3 (max 74.4)', () => {
    const ex = examples.O3_eight_hour_example;
    const means = eightHourMeans(ex.previous7, ex.day);
    const rounded = means.map((m) => Math.round(m! * 10) / 10);
    // The printed table has two slips against its own inputs (known differences, kept visible here): hour-ending
    // 03:00 is 170.0 / 8 = 21.25 (printed 21.2) and 12:00 is 357.1 / 8 = 44.64 (printed 44.7).
    const differences = ex.printedEightHourMeans.flatMap((printed, i) => (printed === rounded[i] ? [] : [i]));
    expect(differences).toEqual(ex.knownDifferences.map((d) => d.index));
    for (const d of ex.knownDifferences) expect(means[d.index]).toBeCloseTo(d.computed, 9);
    ex.printedEightHourMeans.forEach((printed, i) =>
      expect(Math.abs(printed - rounded[i])).toBeLessThanOrEqual(0.1 + 1e-9),
    );
    expect(Math.round(Math.max(...(means as number[])) * 10) / 10).toBe(ex.printedMax);
  });

  it('needs 6 of 8 hours for an 8-hour mean', () => {
    const means = eightHourMeans(constant(10, 7), [null, null, ...constant(10, 22)]);
    expect(means[0]).toBe(10);
    const sparse = eightHourMeans([null, null, null, 10, 10, 10, 10], constant(10, 24));
    expect(sparse[0]).toBeNull(); // 5 of 8
    expect(sparse[1]).toBe(10); // 6 of 8
  });

  it('T3: O3-8h 45, O3-1h 36, NO2 65, PM2.5 110 → AQI^d 110 (Kém, orange)', () => {
    // O3: one 8-hour block with max 1 h 114.6 and mean 89.3, zeros elsewhere.
    const o3 = constant(0, 24);
    [114.6, 85.7, 85.7, 85.7, 85.7, 85.7, 85.7, 85.6].forEach((v, i) => (o3[10 + i] = v));
    const no2 = constant(80, 24);
    no2[13] = t3.inputs.NO2_max1h;
    const result = dailyAqi({
      hours: { O3: o3, NO2: no2, 'PM2.5': constant(t3.inputs['PM2.5_24h'], 24) },
      o3Previous7: constant(0, 7),
    });
    const get = (p: string, basis: string) =>
      result.subIndices.find((s) => s.parameter === p && s.basis === basis)!;
    expect(get('O3', 'max8h').concentration).toBeCloseTo(t3.inputs.O3_max8h, 9);
    expect(get('O3', 'max8h').aqi).toBe(t3.printed.O3_8h);
    expect(get('O3', 'max1h').aqi).toBe(t3.printed.O3_1h);
    expect(get('NO2', 'max1h').aqi).toBe(t3.printed.NO2);
    expect(get('PM2.5', '24h').aqi).toBe(t3.printed['PM2.5']);
    expect(result.aqi).toBe(t3.printed.aqi);
    expect(result.dominant).toBe('PM2.5');
    expect(result.band).toMatchObject({ key: 'poor', hex: '#FF7E00' });
    expect(result.provisional).toBe(false);
    expect(result.hoursPresent).toEqual({ 'PM2.5': 24, O3: 24, NO2: 24 });
  });

  it('uses only the 1-h O3 maximum when the 8-h maximum is above 400 µg/m³', () => {
    const result = dailyAqi({
      hours: { O3: constant(450, 24), 'PM2.5': constant(10, 24) },
      o3Previous7: constant(450, 7),
    });
    const o3 = result.subIndices.filter((s) => s.parameter === 'O3');
    expect(o3.map((s) => s.basis)).toEqual(['max1h']);
    expect(o3[0].value).toBeCloseTo(200 + (100 / 400) * 50, 9);
    expect(result.aqi).toBe(213);
  });

  it('takes the larger of the O3 1-h and 8-h sub-indices', () => {
    const result = dailyAqi({
      hours: { O3: constant(110, 24), 'PM2.5': constant(1, 24) },
      o3Previous7: constant(110, 7),
    });
    // 1 h: 110 → 34.4; 8 h: 110 → 75.
    expect(result.aqi).toBe(75);
    expect(result.subIndices.find((s) => s.dominant)).toMatchObject({ parameter: 'O3', basis: 'max8h' });
  });

  it('is provisional with fewer than 18 of 24 hours', () => {
    const hours = (n: number) => [...constant(30, n), ...Array<null>(24 - n).fill(null)];
    expect(dailyAqi({ hours: { 'PM2.5': hours(18) } }).provisional).toBe(false);
    const partial = dailyAqi({ hours: { 'PM2.5': hours(17) } });
    expect(partial.provisional).toBe(true);
    expect(partial.aqi).toBe(60);
    expect(partial.hoursPresent['PM2.5']).toBe(17);
  });

  it('publishes nothing without PM, and counts invalid values', () => {
    expect(dailyAqi({ hours: { NO2: constant(50, 24) } })).toMatchObject({
      aqi: null,
      reason: 'no_pm',
      provisional: false,
    });
    expect(dailyAqi({ hours: { PM10: [-3, ...constant(100, 23)] } }).invalidValues).toBe(1);
  });
});

describe('series helpers (times as parameters)', () => {
  const ict = (iso: string) => Date.parse(`${iso}+07:00`);

  it('labels an hour by its end: AQI at 20:00 uses the mean of 19:00–20:00 as c1', () => {
    const start = ict('2026-11-28T09:00:00');
    const pm = [...examples.T1_nowcast.pm25OldestFirst];
    const series = { start: start - 8 * HOUR_MS, means: { 'PM2.5': [...constant(1000, 8), ...pm] } };
    const at20 = hourlyAqiAt(series, ict('2026-11-28T21:00:00'));
    expect(at20.nowcast['PM2.5']!.value).toBeCloseTo(nowcast([...pm].reverse())!.value, 12);
    expect(at20.aqi).toBe(41);
    // One hour earlier, c12 is a 1000 µg/m³ hour.
    expect(hourlyAqiAt(series, ict('2026-11-28T20:00:00')).nowcast['PM2.5']!.hoursUsed).toBe(12);
    expect(() => hourlyAqiAt(series, ict('2026-11-28T20:30:00'))).toThrow(RangeError);
  });

  it('builds a Vietnam calendar day from 00:00 to 24:00 ICT (hour-ending 01:00 … 00:00)', () => {
    const dayStart = vietnamDayStart('2026-11-28');
    expect(new Date(dayStart).toISOString()).toBe('2026-11-27T17:00:00.000Z');
    expect(vietnamDate(dayStart)).toBe('2026-11-28');
    expect(vietnamDate(dayStart - 1)).toBe('2026-11-27');
    // 26 hours from 23:00 the evening before: the first and last hours belong to other days.
    const means = [500, ...constant(20, 24), 500];
    const series = { start: dayStart - HOUR_MS, means: { 'PM2.5': means } };
    const day = dailyAqiOn(series, '2026-11-28');
    expect(day.subIndices[0].concentration).toBe(20);
    expect(day.hoursPresent['PM2.5']).toBe(24);
  });

  it('ignores hours that have not ended by `until`', () => {
    const dayStart = vietnamDayStart('2026-11-28');
    const series = { start: dayStart, means: { 'PM2.5': [...constant(20, 10), ...constant(400, 14)] } };
    const partial = dailyAqiOn(series, '2026-11-28', dayStart + 10 * HOUR_MS);
    expect(partial.hoursPresent['PM2.5']).toBe(10);
    expect(partial.subIndices[0].concentration).toBe(20);
    expect(partial.provisional).toBe(true);
    expect(() => vietnamDayStart('28/11/2026')).toThrow(RangeError);
  });
});

describe('API shapes', () => {
  it('maps results to the contracts DTOs with the official colour', () => {
    const hourEnd = Date.parse('2026-11-28T13:00:00Z');
    const dto = hourlyAqiDto(hourlyAqi({ 'PM2.5': constant(20.3, 12), NO2: [118.7] }), hourEnd);
    expect(dto).toMatchObject({
      time: '2026-11-28T13:00:00.000Z',
      aqi: 59,
      band: { key: 'moderate', level: 2, colour: '#FFFF00' },
      dominant: 'NO2',
      nowcast: { 'PM2.5': 20.3 },
    });
    expect(dto.subIndices.map((s) => [s.parameter, s.basis, s.aqi, s.dominant])).toEqual([
      ['PM2.5', 'nowcast', 41, false],
      ['NO2', '1h', 59, true],
    ]);
    const empty = dailyAqiDto(dailyAqi({ hours: { O3: constant(10, 24) } }), '2026-11-28');
    expect(empty).toMatchObject({
      date: '2026-11-28',
      aqi: null,
      band: null,
      reason: 'no_pm',
      provisional: false,
    });
    expect(empty.usEpa).toBeUndefined();
    const pm = { 'PM2.5': constant(20.3, 24) };
    const withEpa = dailyAqiDto(dailyAqi({ hours: pm }), '2026-11-28', usEpaDailyAqi({ hours: pm, at: vietnamDayStart('2026-11-28') }));
    expect(withEpa).toMatchObject({
      aqi: 41,
      usEpa: { scale: 'US_EPA_AQI_2024', aqi: 72, category: 'moderate', dominant: 'PM2.5' },
    });
  });
});

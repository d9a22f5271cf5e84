import { parse } from 'csv-parse/sync';
import type { ComplianceReportDto, ThresholdRule } from '@langxanh/contracts';
import { qcvn05Rules } from '@langxanh/standards';
import {
  averagedRow,
  hourlyRangeFor,
  instantRow,
  ruleSegments,
  sampleThresholds,
  type HourlyMean,
  type RuleSegment,
} from './compliance';
import { complianceCsv, COMPLIANCE_CSV_COLUMNS, COMPLIANCE_CSV_HEADERS, UTF8_BOM } from './csv';
import { dayRange, elapsedPart, monthRange, parsePeriodBound, wholeVietnamDays } from './period';

const H = 3_600_000;
const ict = (iso: string) => Date.parse(`${iso}+07:00`);
const source = { document: 'TEST', clause: 'Bảng 1', effectiveFrom: '2000-01-01' };
const rule = (
  r: Partial<ThresholdRule> & Pick<ThresholdRule, 'comparison' | 'averagingPeriod'>,
): ThresholdRule => ({
  id: `test/${r.parameter ?? 'X'}/${r.averagingPeriod}`,
  parameter: 'X',
  unit: 'µg/m³',
  deadband: 0.05,
  source,
  ...r,
});
const hours = (start: number, means: (number | null)[], excluded = 0): HourlyMean[] =>
  means.map((mean, i) => ({ start: start + i * H, mean, samples: mean === null ? 0 : 60, excluded }));

describe('periods (Vietnam calendar)', () => {
  it('a day is 00:00–24:00 ICT, a month its first to its last day', () => {
    expect(dayRange('2026-11-28')).toEqual({
      from: Date.parse('2026-11-27T17:00:00Z'),
      to: Date.parse('2026-11-28T17:00:00Z'),
    });
    expect(monthRange('2026-02')).toEqual({
      from: Date.parse('2026-01-31T17:00:00Z'),
      to: Date.parse('2026-02-28T17:00:00Z'),
    });
    expect(() => dayRange('2026-02-30')).toThrow(RangeError);
    expect(() => monthRange('2026-11-01')).toThrow(RangeError);
  });

  it('reads bounds: day/month start as `from`, end as `to`; ISO times as given, without offset in ICT', () => {
    expect(parsePeriodBound('2026-11', 'from')).toBe(ict('2026-11-01T00:00:00'));
    expect(parsePeriodBound('2026-11', 'to')).toBe(ict('2026-12-01T00:00:00'));
    expect(parsePeriodBound('2026-11-28', 'to')).toBe(ict('2026-11-29T00:00:00'));
    expect(parsePeriodBound('2026-11-28T10:00:00', 'from')).toBe(ict('2026-11-28T10:00:00'));
    expect(parsePeriodBound('2026-11-28T10:00:00Z', 'from')).toBe(Date.parse('2026-11-28T10:00:00Z'));
    expect(parsePeriodBound('2026-13', 'from')).toBeUndefined();
    expect(parsePeriodBound('yesterday', 'from')).toBeUndefined();
  });

  it('lists the Vietnam days wholly inside a range', () => {
    const days = wholeVietnamDays({ from: ict('2026-11-27T06:00:00'), to: ict('2026-11-30T00:00:00') });
    expect(days).toEqual([ict('2026-11-28T00:00:00'), ict('2026-11-29T00:00:00')]);
  });
});

describe('rule segments', () => {
  it('splits PM2.5 24 h at 01/01/2026 (50 → 45 µg/m³) and keeps unchanged limits whole', () => {
    const range = { from: ict('2025-12-30T00:00:00'), to: ict('2026-01-03T00:00:00') };
    const segments = ruleSegments(qcvn05Rules, range);
    const pm25 = segments.filter((s) => s.rule.parameter === 'PM2.5');
    expect(pm25.map((s) => [s.rule.max, s.from, s.to])).toEqual([
      [50, range.from, ict('2026-01-01T00:00:00')],
      [45, ict('2026-01-01T00:00:00'), range.to],
    ]);
    const so2 = segments.filter((s) => s.rule.id === 'qcvn05-2023/SO2/1h');
    expect(so2).toHaveLength(1);
    expect([so2[0].from, so2[0].to]).toEqual([range.from, range.to]);
    expect(() => ruleSegments(qcvn05Rules, { from: 5, to: 5 })).toThrow(RangeError);
  });

  it('asks for hourly means from 7 h before the first averaged segment', () => {
    const seg: RuleSegment = {
      rule: rule({ comparison: 'above', max: 1, averagingPeriod: '8h' }),
      from: ict('2026-11-28T00:00:00'),
      to: ict('2026-11-29T00:00:00'),
    };
    expect(hourlyRangeFor([seg])).toEqual({ from: seg.from - 7 * H, to: seg.to });
    expect(
      hourlyRangeFor([{ ...seg, rule: rule({ comparison: 'above', max: 1, averagingPeriod: 'instant' }) }]),
    ).toBeUndefined();
  });
});

describe('compliance rows on means', () => {
  const day = dayRange('2026-11-28');

  it('1 h: counts clock-hour means above the limit (350 is not above 350)', () => {
    const segment = {
      rule: rule({ parameter: 'SO2', comparison: 'above', max: 350, averagingPeriod: '1h' }),
      from: day.from,
      to: day.from + 4 * H,
    };
    const row = averagedRow(segment, hours(day.from, [100, 400, null, 350], 2));
    expect(row).toMatchObject({
      basis: '1h',
      expected: 4,
      measured: 3,
      completenessPct: 75,
      exceedances: 1,
      exceedanceSharePct: 33.3,
      excludedSamples: 8,
      worst: {
        value: 400,
        from: new Date(day.from + H).toISOString(),
        to: new Date(day.from + 2 * H).toISOString(),
      },
    });
  });

  it('8 h: one mean per hour ending in the range, needing 6 of 8 hours', () => {
    const segment = {
      rule: rule({ parameter: 'CO', comparison: 'above', max: 10_000, averagingPeriod: '8h' }),
      from: day.from,
      to: day.from + 3 * H,
    };
    // Hours from 7 h before the range: 5 present at 9 000, then 12 000, 12 000, missing.
    const series = hours(day.from - 7 * H, [
      null,
      null,
      9_000,
      9_000,
      9_000,
      9_000,
      9_000,
      12_000,
      12_000,
      null,
    ]);
    const row = averagedRow(segment, series);
    // Ending 01:00: hours −7…0 → 6 present (5 × 9 000 + 12 000) → 9 500. Ending 02:00: −6…1 → 7 present → 9 857.1.
    // Ending 03:00: −5…2 → 7 present (5 × 9 000, 2 × 12 000) → 9 857.1 (the missing hour 2 is left out).
    expect(row).toMatchObject({ expected: 3, measured: 3, exceedances: 0, completenessPct: 100 });
    expect(row.worst?.value).toBeCloseTo((5 * 9_000 + 2 * 12_000) / 7, 5);
    const strict = averagedRow({ ...segment, rule: { ...segment.rule, max: 9_600 } }, series);
    expect(strict.exceedances).toBe(2);
    const sparse = averagedRow(
      segment,
      hours(day.from - 7 * H, [null, null, null, 9_000, 9_000, 9_000, 9_000, 9_000]),
    );
    expect(sparse).toMatchObject({
      expected: 3,
      measured: 0,
      completenessPct: 0,
      exceedanceSharePct: null,
      worst: null,
    });
  });

  it('24 h: Vietnam days wholly inside, valid with 18 of 24 hours', () => {
    const two = { from: day.from, to: day.to + 24 * H };
    const segment = {
      rule: rule({ parameter: 'PM10', comparison: 'above', max: 100, averagingPeriod: '24h' }),
      ...two,
    };
    const first = [...Array<number>(18).fill(120), ...Array<null>(6).fill(null)];
    const second = [...Array<number>(17).fill(300), ...Array<null>(7).fill(null)];
    const row = averagedRow(segment, hours(day.from, [...first, ...second]));
    expect(row).toMatchObject({
      expected: 2,
      measured: 1,
      completenessPct: 50,
      exceedances: 1,
      exceedanceSharePct: 100,
    });
    expect(row.worst).toEqual({
      value: 120,
      from: new Date(day.from).toISOString(),
      to: new Date(day.to).toISOString(),
    });
    // A range that does not hold a whole day expects none.
    const partial = averagedRow({ ...segment, from: day.from + H, to: day.to + H }, hours(day.from, first));
    expect(partial).toMatchObject({ expected: 0, measured: 0, completenessPct: null });
  });

  it('refuses an instant rule', () => {
    expect(() =>
      averagedRow({ rule: rule({ comparison: 'above', max: 1, averagingPeriod: 'instant' }), ...day }, []),
    ).toThrow(RangeError);
  });
});

describe('compliance rows on samples', () => {
  const day = dayRange('2026-11-28');
  const cod = rule({
    parameter: 'COD',
    unit: 'mg/L',
    comparison: 'above',
    max: 135,
    averagingPeriod: 'instant',
  });

  it('instant upper limit: completeness from the expected interval, share of measured samples', () => {
    expect(sampleThresholds(cod)).toEqual({ above: 135 });
    const row = instantRow(
      { rule: cod, ...day },
      {
        samples: 1_000,
        excluded: 20,
        above: 15,
        max: { value: 210.5, time: day.from + 5 * H },
        min: { value: 20, time: day.from },
      },
      60,
    );
    // 24 h / 60 s = 1 440 expected; 1 000 / 1 440 = 69.44 %; 15 / 1 000 = 1.5 %.
    expect(row).toMatchObject({
      basis: 'samples',
      expected: 1_440,
      measured: 1_000,
      completenessPct: 69.4,
      excludedSamples: 20,
      exceedances: 15,
      exceedanceSharePct: 1.5,
    });
    expect(row.worst).toEqual({
      value: 210.5,
      from: new Date(day.from + 5 * H).toISOString(),
      to: new Date(day.from + 5 * H).toISOString(),
    });
    expect(row).toMatchObject({ parameter: 'COD', unit: 'mg/L', max: 135, source });
  });

  it('range limit (pH 5.5–9): both sides count, the value further outside is the worst', () => {
    const ph = rule({
      parameter: 'pH',
      unit: '',
      comparison: 'outside',
      min: 5.5,
      max: 9,
      averagingPeriod: 'instant',
    });
    expect(sampleThresholds(ph)).toEqual({ above: 9, below: 5.5 });
    const row = instantRow(
      { rule: ph, ...day },
      {
        samples: 100,
        excluded: 0,
        above: 3,
        below: 2,
        max: { value: 9.6, time: day.from + H },
        min: { value: 4.8, time: day.from + 2 * H },
      },
      3_600,
    );
    expect(row).toMatchObject({ expected: 24, completenessPct: 100, exceedances: 5, exceedanceSharePct: 5 });
    expect(row.worst?.value).toBe(4.8);
  });

  it('lower limit and an empty span', () => {
    const battery = rule({
      parameter: 'battery',
      unit: '%',
      comparison: 'below',
      min: 20,
      averagingPeriod: 'instant',
    });
    const row = instantRow(
      { rule: battery, ...day },
      { samples: 0, excluded: 4, below: 0, max: null, min: null },
      300,
    );
    expect(row).toMatchObject({
      expected: 288,
      measured: 0,
      completenessPct: 0,
      exceedances: 0,
      exceedanceSharePct: null,
      worst: null,
      excludedSamples: 4,
    });
    expect(() =>
      instantRow({ rule: battery, ...day }, { samples: 1, excluded: 0, max: null, min: null }, 300),
    ).toThrow(RangeError);
  });
});

describe('CSV (RFC 4180)', () => {
  it('renders a report that csv-parse reads back cell for cell', () => {
    const report: ComplianceReportDto = {
      station: 'pk-ww-01',
      cluster: 'phong-khe',
      kind: 'wastewater',
      from: '2026-11-27T17:00:00.000Z',
      to: '2026-11-28T17:00:00.000Z',
      until: '2026-11-28T17:00:00.000Z',
      excludedStatuses: ['01', '02'],
      rows: [
        {
          parameter: 'COD',
          unit: 'mg/L',
          ruleId: 'qcvn40-2011-B/COD',
          comparison: 'above',
          max: 135,
          averagingPeriod: 'instant',
          source: { document: 'QCVN 40:2011/BTNMT', clause: 'Bảng 1 cột "B"', effectiveFrom: '2012-02-15' },
          from: '2026-11-27T17:00:00.000Z',
          to: '2026-11-28T17:00:00.000Z',
          basis: 'samples',
          expected: 1440,
          measured: 1000,
          completenessPct: 69.4,
          excludedSamples: 20,
          exceedances: 15,
          exceedanceSharePct: 1.5,
          worst: { value: 210.5, from: '2026-11-27T22:00:00.000Z', to: '2026-11-27T22:00:00.000Z' },
        },
      ],
    };
    const text = complianceCsv(report);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const records = parse(text, { bom: true }) as string[][];
    expect(records[0]).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    const row = Object.fromEntries(records[0].map((c, i) => [c, records[1][i]]));
    expect(row).toMatchObject({
      station: 'pk-ww-01',
      parameter: 'COD',
      limit_min: '',
      limit_max: '135',
      source: 'QCVN 40:2011/BTNMT, Bảng 1 cột "B"',
      from: '2026-11-28T00:00:00+07:00',
      expected: '1440',
      exceedances: '15',
      exceedance_share_pct: '1.5',
      worst_value: '210.5',
      worst_from: '2026-11-28T05:00:00+07:00',
    });
    // The source holds quotes: quoted, quotes doubled (RFC 4180 §2.7).
    expect(text).toContain('"QCVN 40:2011/BTNMT, Bảng 1 cột ""B"""');

    // Headers an officer reads, in Vietnamese or English; the same cells.
    const vi = parse(complianceCsv(report, 'vi'), { bom: true }) as string[][];
    expect(vi[0].slice(0, 4)).toEqual(['Mã trạm', 'Thông số', 'Đơn vị', 'Mã quy tắc']);
    expect(vi[0]).toEqual(COMPLIANCE_CSV_COLUMNS.map((c) => COMPLIANCE_CSV_HEADERS.vi[c]));
    expect(vi[1]).toEqual(records[1]);
    const en = parse(complianceCsv(report, 'en'), { bom: true }) as string[][];
    expect(en[0].slice(0, 3)).toEqual(['Station ID', 'Parameter', 'Unit']);
    expect(en[1]).toEqual(records[1]);
    expect(new Set(vi[0]).size).toBe(vi[0].length);
  });
});

// regression (issue 18): compliance counted the days of the month that had not happened yet
describe('elapsedPart', () => {
  const month = { from: Date.parse('2026-12-01T00:00:00+07:00'), to: Date.parse('2027-01-01T00:00:00+07:00') };
  it('ends a period still under way at now', () => {
    const now = Date.parse('2026-12-07T10:00:00+07:00');
    expect(elapsedPart(month, now)).toEqual({ from: month.from, to: now });
    expect(elapsedPart(month, month.to + 1)).toEqual(month);
    expect(elapsedPart(month, month.from)).toBeUndefined();
  });
});

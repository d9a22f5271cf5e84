import { readFileSync } from 'node:fs';
import { parseReadingTime } from '@langxanh/contracts';
import { parse } from 'csv-parse/sync';
import { defaultHanoiFile, hanoiMessages, hanoiRowToMessage, type HanoiRow } from './hanoi';

/** A row of the AirNow file; `date` and `hour` set the timestamp columns consistently. */
function row(date: string, hour: string, raw: string, qc = 'Valid', dateLocal = `${date} ${hour}`): HanoiRow {
  const h24 = (() => {
    const [hh, rest] = hour.split(':');
    const pm = rest.endsWith('PM');
    const h = Number(hh) % 12;
    return String(pm ? h + 12 : h).padStart(2, '0');
  })();
  const [y, m, d] = date.split('-');
  return {
    Site: 'Hanoi',
    Parameter: 'PM2.5 - Principal',
    'Date (LT)': dateLocal,
    Year: y,
    Month: m,
    Day: d,
    Hour: h24,
    'NowCast Conc.': '50.0',
    AQI: '137',
    'AQI Category': 'Unhealthy for Sensitive Groups',
    'Raw Conc.': raw,
    'Conc. Unit': 'UG/M3',
    Duration: '1 Hr',
    'QC Name': qc,
  };
}

describe('hanoiRowToMessage', () => {
  it('maps a Valid row to the contract payload, keeping the local hour-ending label without offset', () => {
    expect(hanoiRowToMessage(row('2018-01-01', '01:00 AM', '69.2'))).toEqual({
      ok: true,
      message: { ts: '2018-01-01T01:00:00', values: { 'PM2.5': 69.2 }, status: '00' },
    });
  });

  it.each([
    ['2018-01-01', '12:00 AM', '2018-01-01T00:00:00'],
    ['2018-01-01', '12:00 PM', '2018-01-01T12:00:00'],
    ['2018-01-01', '11:00 AM', '2018-01-01T11:00:00'],
    ['2018-01-01', '01:00 PM', '2018-01-01T13:00:00'],
    ['2018-12-31', '11:00 PM', '2018-12-31T23:00:00'],
    ['2019-01-01', '12:00 AM', '2019-01-01T00:00:00'],
  ])('reads %s %s (12-hour clock) as %s', (date, hour, ts) => {
    const outcome = hanoiRowToMessage(row(date, hour, '10'));
    expect(outcome.ok && outcome.message.ts).toBe(ts);
  });

  it('means Vietnam time: the first row 2018-01-01 01:00 is 2017-12-31T18:00Z for the contract', () => {
    const outcome = hanoiRowToMessage(row('2018-01-01', '01:00 AM', '69.2'));
    expect(outcome.ok && parseReadingTime(outcome.message.ts)).toBe(Date.parse('2017-12-31T18:00:00Z'));
  });

  it('publishes a negative Valid concentration unchanged (the ingester rejects it, the replay does not alter data)', () => {
    const outcome = hanoiRowToMessage(row('2018-09-03', '05:00 AM', '-2.0'));
    expect(outcome).toEqual({
      ok: true,
      message: { ts: '2018-09-03T05:00:00', values: { 'PM2.5': -2 }, status: '00' },
    });
  });

  it.each([
    [row('2018-01-02', '03:00 AM', '40.0', 'Invalid'), 'qc_invalid'],
    [row('2018-01-02', '03:00 AM', '-999', 'Missing'), 'qc_missing'],
    [row('2018-01-02', '03:00 AM', '40.0', 'Suspect'), 'qc_other'],
    [row('2018-01-02', '03:00 AM', '-999'), 'missing_value'],
    [row('2018-01-02', '03:00 AM', 'n/a'), 'not_a_number'],
    [row('2018-01-02', '03:00 AM', ''), 'not_a_number'],
    [row('2018-01-02', '03:00 AM', '40', 'Valid', '2018-01-02 15:00'), 'bad_date'],
    [row('2018-01-02', '03:00 AM', '40', 'Valid', '2018-01-02 13:00 PM'), 'bad_date'],
    [row('2018-01-02', '03:00 AM', '40', 'Valid', '2018-01-02 04:00 AM'), 'inconsistent_date'],
    [{ ...row('2018-01-02', '03:00 AM', '40'), 'Conc. Unit': 'PPB' }, 'unexpected_unit'],
  ])('skips %# with reason %s', (input, reason) => {
    expect(hanoiRowToMessage(input)).toMatchObject({ ok: false, reason });
  });
});

describe('hanoiMessages on the real 2018 file', () => {
  const file = defaultHanoiFile();

  it('publishes exactly the Valid rows, in file order, and counts the rest by reason', async () => {
    const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    const valid = rows.filter((r) => r['QC Name'] === 'Valid');

    const plan = await hanoiMessages(file);
    expect(plan.rowsRead).toBe(rows.length);
    expect(plan.rowsRead).toBe(8339);
    expect(plan.validRows).toBe(7998);
    expect(plan.messages).toHaveLength(valid.length);
    expect(plan.skipped).toEqual({ qc_invalid: 196, qc_missing: 145 });
    expect(plan.messages.map((m) => m.values['PM2.5'])).toEqual(valid.map((r) => Number(r['Raw Conc.'])));

    expect(plan.messages[0]).toEqual({ ts: '2018-01-01T01:00:00', values: { 'PM2.5': 69.2 }, status: '00' });
    expect(plan.messages.at(-1)).toEqual({
      ts: '2019-01-01T00:00:00',
      values: { 'PM2.5': 37 },
      status: '00',
    });
    const times = plan.messages.map((m) => parseReadingTime(m.ts)!);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    // The source has no 02:00 and two 03:00 rows on 2018-03-11: both are published.
    expect(plan.duplicateTimestamps).toEqual(['2018-03-11T03:00:00']);
    expect(plan.messages.filter((m) => m.ts === '2018-03-11T03:00:00').map((m) => m.values['PM2.5'])).toEqual(
      [43, 44.1],
    );
    expect(new Set(plan.messages.map((m) => m.ts)).size).toBe(7997);

    // The one Valid row the ingester will reject (PM2.5 range [0, 5000] µg/m³).
    expect(plan.outOfRange).toEqual([
      { ts: '2018-09-03T05:00:00', parameter: 'PM2.5', value: -2, range: [0, 5000] },
    ]);
  });

  it('cuts by local time window and limit, counting what it leaves out', async () => {
    const week = await hanoiMessages(file, { from: '2018-01-01T00:00:00', to: '2018-01-08T00:00:00' });
    expect(week.messages.length).toBeGreaterThan(100);
    expect(week.messages.length).toBeLessThanOrEqual(7 * 24);
    expect(week.messages.every((m) => m.ts >= '2018-01-01' && m.ts < '2018-01-08')).toBe(true);

    const first = await hanoiMessages(file, { limit: 10 });
    expect(first.messages).toHaveLength(10);
    expect(first.skipped.over_limit).toBe(7998 - 10);
  });
});

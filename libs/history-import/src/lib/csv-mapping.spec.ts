import { StationIndex, parseRegistry } from '@langxanh/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvRowReader, MappingError, parseCsvMapping, type CsvMappingInput } from './csv-mapping';
import { checkItem, dryRunLine, isSkip, type ImportItem } from './import-item';
import { SummaryBuilder, summaryLines } from './summary';

const stations = new StationIndex(
  parseRegistry(JSON.parse(readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8'))),
);
const NOW = Date.UTC(2026, 11, 7);

const base: CsvMappingInput = {
  time: { column: 'time', label: 'end' },
  parameters: { 'PM2.5': 'pm25', PM10: 'pm10' },
  missing: ['-999'],
};
const reader = (over: Partial<CsvMappingInput> = {}, station: string | undefined = 'pk-air-01') =>
  new CsvRowReader(parseCsvMapping({ ...base, ...over }), station);
const item = (outcome: ReturnType<CsvRowReader['read']>): ImportItem => {
  if (isSkip(outcome)) throw new Error(`skipped: ${outcome.skip} ${outcome.detail}`);
  return outcome;
};

describe('CSV mapping', () => {
  it('reads a local time without offset in the mapping zone (default Vietnam) and keeps an hour-ending label', () => {
    const got = item(reader().read({ time: '2018-01-01T01:00', pm25: '69.2', pm10: '80' }, 'f:2'));
    expect(got).toEqual({
      station: 'pk-air-01',
      source: 'f:2',
      payload: { ts: '2018-01-01T01:00:00+07:00', values: { 'PM2.5': 69.2, PM10: 80 }, status: '00' },
      missing: [],
    });
  });

  it('moves an hour-starting label to the end of its hour (the stored convention)', () => {
    const start = item(reader({ time: { column: 'time', label: 'start' } }).read({ time: '2018-01-01T00:00', pm25: '1' }, 'f:2'));
    expect(start.payload.ts).toBe('2018-01-01T01:00:00+07:00');
    const quarter = item(
      reader({ time: { column: 'time', label: 'start', intervalMinutes: 15 } }).read({ time: '2018-01-01T00:00', pm25: '1' }, 'f:2'),
    );
    expect(quarter.payload.ts).toBe('2018-01-01T00:15:00+07:00');
  });

  it('reads times in another zone (Beijing, UTC+8) and a custom format with AM/PM', () => {
    const beijing = item(
      reader({ time: { column: 'time', format: 'yyyy-MM-dd HH:mm', zone: 'Asia/Shanghai', label: 'end' } }).read(
        { time: '2016-12-01 00:00', pm25: '5' },
        'f:2',
      ),
    );
    expect(beijing.payload.ts).toBe('2016-11-30T23:00:00+07:00');
    const ampm = item(
      reader({ time: { column: 'time', format: 'yyyy-MM-dd hh:mm a', label: 'end' } }).read(
        { time: '2018-01-01 12:00 PM', pm25: '5' },
        'f:2',
      ),
    );
    expect(ampm.payload.ts).toBe('2018-01-01T12:00:00+07:00');
    const utc = item(reader({ time: { column: 'time', zone: 'UTC', label: 'end' } }).read({ time: '2018-01-01T00:00', pm25: '5' }, 'f:2'));
    expect(utc.payload.ts).toBe('2018-01-01T07:00:00+07:00');
  });

  it('drops missing markers (also numerically) and empty cells, and skips a row with no value left', () => {
    const r = reader();
    const got = item(r.read({ time: '2018-01-01T01:00', pm25: '-999.0', pm10: '12' }, 'f:2'));
    expect(got.payload.values).toEqual({ PM10: 12 });
    expect(got.missing).toEqual(['PM2.5']);
    const none = r.read({ time: '2018-01-01T01:00', pm25: '-999', pm10: '' }, 'f:3');
    expect(none).toMatchObject({ skip: 'no_values', missing: ['PM2.5', 'PM10'] });
  });

  it('passes a non-numeric text on for the contract to judge (decimal comma read, garbage refused)', () => {
    const got = item(reader().read({ time: '2018-01-01T01:00', pm25: '7,5', pm10: 'abc' }, 'f:2'));
    expect(got.payload.values).toEqual({ 'PM2.5': '7,5', PM10: 'abc' });
    const checked = checkItem(got, stations, NOW);
    expect(checked.reading?.values).toEqual({ 'PM2.5': 7.5 });
    expect(checked.rejections.map((x) => x.reason)).toEqual(['not_a_number']);
  });

  it('keeps only rows whose keep column matches, and reads the station from a column', () => {
    const r = reader({ keep: { qc: ['Valid'] }, station: { column: 'site' } }, undefined);
    expect(r.read({ time: '2018-01-01T01:00', pm25: '1', qc: 'Invalid', site: 'pk-air-01' }, 'f:2')).toMatchObject({
      skip: 'filtered',
    });
    expect(item(r.read({ time: '2018-01-01T01:00', pm25: '1', qc: 'Valid', site: 'dh-air-01' }, 'f:3')).station).toBe(
      'dh-air-01',
    );
    expect(r.read({ time: '2018-01-01T01:00', pm25: '1', qc: 'Valid', site: '' }, 'f:4')).toMatchObject({
      skip: 'no_station',
    });
    expect(reader({}, '').read({ time: '2018-01-01T01:00', pm25: '1' }, 'f:2')).toMatchObject({
      skip: 'no_station',
      detail: 'no --station given',
    });
  });

  it('refuses an unreadable time with the column and the expected format', () => {
    const r = reader({ time: { column: 'time', format: 'yyyy-MM-dd HH:mm', label: 'end' } });
    expect(r.read({ time: '01/02/2018 10:00', pm25: '1' }, 'f:2')).toMatchObject({
      skip: 'bad_time',
      detail: expect.stringContaining('"yyyy-MM-dd HH:mm"'),
    });
  });

  it('states units for the contract to convert (mg/m³ → µg/m³)', () => {
    const got = item(reader({ units: { 'PM2.5': 'mg/m3' } }).read({ time: '2018-01-01T01:00', pm25: '0.05', pm10: '' }, 'f:2'));
    expect(got.payload.units).toEqual({ 'PM2.5': 'mg/m3' });
    expect(checkItem(got, stations, NOW).reading?.values).toEqual({ 'PM2.5': 50 });
  });

  it('refuses invalid mappings with the path of every problem', () => {
    expect(() => parseCsvMapping({ time: { column: 'x' }, parameters: {} })).toThrow(MappingError);
    expect(() => parseCsvMapping({ time: { column: 'x' }, parameters: {} })).toThrow(/time.label[\s\S]*parameters/);
    expect(() => parseCsvMapping({ ...base, time: { column: 't', label: 'end', zone: 'Mars/Olympus' } })).toThrow(
      /unknown time zone/,
    );
    expect(() => parseCsvMapping({ ...base, extra: 1 })).toThrow(MappingError);
    expect(() => parseCsvMapping({ ...base, missing: Array.from({ length: 33 }, String) })).toThrow(/missing/);
  });
});

describe('checkItem and the dry-run line', () => {
  it('gives the contract reading shape plus the station, values in the catalogue unit', () => {
    const checked = checkItem(
      { station: 'pk-ww-01', source: 'x', payload: { ts: '2026-03-01T10:30:00+07:00', values: { COD: 45.2, pH: 7 }, status: { COD: '00', pH: '01' } } },
      stations,
      NOW,
    );
    expect(dryRunLine(checked.reading!)).toEqual({
      station: 'pk-ww-01',
      ts: '2026-03-01T10:30:00+07:00',
      values: { COD: 45.2, pH: 7 },
      status: { COD: '00', pH: '01' },
    });
  });

  it('refuses an unknown station and a time ahead of the clock, and counts them in the summary', () => {
    const summary = new SummaryBuilder();
    const unknown = checkItem({ station: 'nowhere', source: 'x', payload: { ts: '2026-01-01T00:00:00+07:00', values: { pH: 7 }, status: '00' } }, stations, NOW);
    expect(unknown.rejections.map((r) => r.reason)).toEqual(['unknown_station']);
    summary.outcome(undefined, unknown.rejections);
    const future = checkItem({ station: 'pk-ww-01', source: 'x', payload: { ts: '2027-01-01T00:00:00+07:00', values: { pH: 7 }, status: '00' } }, stations, NOW);
    expect(future.rejections.map((r) => r.reason)).toEqual(['time_out_of_bounds']);
    summary.outcome(undefined, future.rejections);
    const built = summary.build();
    expect(built.refused).toEqual({ unknown_station: 1, time_out_of_bounds: 1 });
    expect(summaryLines(built, 'stored').join('\n')).toContain('refused 2 (unknown_station 1, time_out_of_bounds 1)');
  });
});

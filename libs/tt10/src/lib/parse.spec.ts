import { Tt10FormatError } from './errors';
import { parseTt10, TT10_LIMITS } from './parse';

const T = '20261207120500'; // 2026-12-07 12:05 ICT = 05:05 UTC
const UTC = Date.parse('2026-12-07T05:05:00Z');
const line = (...fields: string[]) => fields.join('\t');

describe('parseTt10: five TAB-separated fields per line', () => {
  it('reads symbols, values, units, local times and status codes', () => {
    const text = [
      line('PM2,5', '35,4', 'µg/Nm³', T, '00'),
      line('PM10', '52.1', 'µg/Nm³', T, '01'),
      line('SO2', '0.085', 'mg/Nm³', T, '02'),
      line('PM', '120', 'µg/Nm³', T, '00'),
      line('pH', '7.12', '', T, '00'),
    ].join('\r\n');
    expect(parseTt10(text)).toEqual([
      {
        line: 1,
        symbol: 'PM2,5',
        parameter: 'PM2.5',
        value: 35.4,
        unit: 'µg/Nm³',
        time: UTC,
        localTime: T,
        status: '00',
      },
      {
        line: 2,
        symbol: 'PM10',
        parameter: 'PM10',
        value: 52.1,
        unit: 'µg/Nm³',
        time: UTC,
        localTime: T,
        status: '01',
      },
      {
        line: 3,
        symbol: 'SO2',
        parameter: 'SO2',
        value: 0.085,
        unit: 'mg/Nm³',
        time: UTC,
        localTime: T,
        status: '02',
      },
      {
        line: 4,
        symbol: 'PM',
        parameter: 'TSP',
        value: 120,
        unit: 'µg/Nm³',
        time: UTC,
        localTime: T,
        status: '00',
      },
      {
        line: 5,
        symbol: 'pH',
        parameter: 'pH',
        value: 7.12,
        unit: '',
        time: UTC,
        localTime: T,
        status: '00',
      },
    ]);
  });

  it.each([
    ['a byte-order mark', `\uFEFF${line('COD', '45.2', 'mg/L', T, '00')}`],
    ['LF line ends and a final one', `${line('COD', '45.2', 'mg/L', T, '00')}\n`],
    ['CR line ends', `${line('COD', '45.2', 'mg/L', T, '00')}\r`],
    ['blank lines', `\n\n${line('COD', '45.2', 'mg/L', T, '00')}\n  \n`],
    ['spaces around fields', line(' COD ', ' 45.2', 'mg/L ', ` ${T}`, '00 ')],
    ['a trailing TAB', `${line('COD', '45.2', 'mg/L', T, '00')}\t`],
  ])('tolerates %s', (_, text) => {
    const [read] = parseTt10(text);
    expect(read).toMatchObject({ symbol: 'COD', value: 45.2, unit: 'mg/L', time: UTC, status: '00' });
  });

  it('reads bytes as UTF-8 and an empty value as null', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${line('Temp', '', '°C', T, '02')}`);
    expect(parseTt10(bytes)).toEqual([
      expect.objectContaining({ symbol: 'Temp', value: null, unit: '°C', status: '02' }),
    ]);
  });

  it.each([
    ['too few fields', line('COD', '45.2', 'mg/L', T), 'field_count', 1],
    ['too many fields', line('COD', '45.2', 'mg/L', T, '00', 'x'), 'field_count', 1],
    ['spaces instead of TABs', `COD 45.2 mg/L ${T} 00`, 'field_count', 1],
    ['an empty symbol', line('', '45.2', 'mg/L', T, '00'), 'bad_symbol', 1],
    ['a symbol with a space', line('C OD', '45.2', 'mg/L', T, '00'), 'bad_symbol', 1],
    ['a word for a value', line('COD', 'abc', 'mg/L', T, '00'), 'bad_value', 1],
    ['NaN', line('COD', 'NaN', 'mg/L', T, '00'), 'bad_value', 1],
    ['two decimal separators', line('COD', '1.234,5', 'mg/L', T, '00'), 'bad_value', 1],
    ['an overflowing value', line('COD', '1e999', 'mg/L', T, '00'), 'bad_value', 1],
    ['an ISO time', line('COD', '45.2', 'mg/L', '2026-12-07T12:05:00', '00'), 'bad_time', 1],
    ['30 February', line('COD', '45.2', 'mg/L', '20260230120000', '00'), 'bad_time', 1],
    ['status 03 (not TT 10)', line('COD', '45.2', 'mg/L', T, '03'), 'bad_status', 1],
    ['status 0', line('COD', '45.2', 'mg/L', T, '0'), 'bad_status', 1],
    ['a control character in the unit', line('COD', '45.2', 'mg\u0007L', T, '00'), 'bad_unit', 1],
    ['an empty file', '\n \n', 'empty_file', undefined],
    [
      'the same parameter twice',
      [line('PM2,5', '1', '', T, '00'), line('PM2.5', '2', '', T, '00')].join('\n'),
      'duplicate_parameter',
      2,
    ],
    ['a line over the bound', line('COD', '1'.repeat(300), 'mg/L', T, '00'), 'line_too_long', 1],
  ])('refuses %s (%s on line %s)', (_, text, code, lineNumber) => {
    const error = catchError(() => parseTt10(text));
    expect(error).toBeInstanceOf(Tt10FormatError);
    expect(error).toMatchObject({ code, line: lineNumber });
  });

  it('refuses invalid UTF-8', () => {
    expect(() => parseTt10(new Uint8Array([0x43, 0xff, 0x09]))).toThrow(
      expect.objectContaining({ code: 'not_utf8' }) as Error,
    );
  });

  it('lists every bad line with its number, and the message names them', () => {
    const text = [
      line('COD', '45.2', 'mg/L', T, '00'),
      line('TSS', 'x', 'mg/L', T, '00'),
      'garbage',
      line('pH', '7', '', '2026', '09'),
    ].join('\n');
    const error = catchError(() => parseTt10(text)) as Tt10FormatError;
    expect(error.issues.map((i) => [i.line, i.code])).toEqual([
      [2, 'bad_value'],
      [3, 'field_count'],
      [4, 'bad_time'],
      [4, 'bad_status'],
    ]);
    expect(error.message.split('\n')[0]).toBe('line 2: bad_value: value "x" is not a decimal number');
  });

  it('keeps at most 20 issues', () => {
    const error = catchError(() =>
      parseTt10(Array.from({ length: 50 }, () => 'garbage').join('\n')),
    ) as Tt10FormatError;
    expect(error.issues).toHaveLength(20);
  });

  it('bounds size and line count', () => {
    const big = 'x'.repeat(TT10_LIMITS.maxBytes + 1);
    expect(catchError(() => parseTt10(big))).toMatchObject({ code: 'too_large' });
    const many = Array.from({ length: 4 }, (_, i) => line(`S${i}`, '1', '', T, '00')).join('\n');
    expect(catchError(() => parseTt10(many, { ...TT10_LIMITS, maxLines: 3 }))).toMatchObject({
      code: 'too_many_lines',
      line: 4,
    });
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

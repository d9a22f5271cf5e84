import { InfluxInputError } from './errors';
import {
  assertParameter,
  assertStationId,
  assertStationKind,
  durationLiteral,
  positiveIntegerLiteral,
  quoteIdentifier,
  quoteString,
  timeLiteral,
} from './influxql';

describe('quoteIdentifier', () => {
  it.each([
    ['PM2.5', '"PM2.5"'],
    ['COD', '"COD"'],
    ['select', '"select"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['a\\"; DROP DATABASE x; --', '"a\\\\\\"; DROP DATABASE x; --"'],
    ['Nhiệt độ', '"Nhiệt độ"'],
  ])('%s → %s', (input, expected) => expect(quoteIdentifier(input)).toBe(expected));

  it.each(['', 'a\nb', 'a\rb', 'a\u0000b', 'tab\there'])('refuses %j', (input) => {
    expect(() => quoteIdentifier(input)).toThrow(InfluxInputError);
  });
});

describe('quoteString', () => {
  it.each([
    ['pk-ww-01', "'pk-ww-01'"],
    ["it's", "'it\\'s'"],
    ["x' OR 1=1 --", "'x\\' OR 1=1 --'"],
    ['back\\slash', "'back\\\\slash'"],
  ])('%s → %s', (input, expected) => expect(quoteString(input)).toBe(expected));

  it('refuses newlines', () => expect(() => quoteString("a'\nDROP")).toThrow(InfluxInputError));
});

describe('literals', () => {
  it('times are integer epoch ms', () => {
    expect(timeLiteral(1764403500000)).toBe('1764403500000ms');
    expect(timeLiteral(0)).toBe('0ms');
    for (const bad of [1.5, -1, Number.NaN, Infinity, '1' as unknown as number]) {
      expect(() => timeLiteral(bad)).toThrow(InfluxInputError);
    }
  });

  it('durations are positive integer seconds', () => {
    expect(durationLiteral(300)).toBe('300s');
    for (const bad of [0, -60, 1.5, Number.NaN]) expect(() => durationLiteral(bad)).toThrow(InfluxInputError);
  });

  it('limits are bounded positive integers', () => {
    expect(positiveIntegerLiteral(10, 100)).toBe('10');
    for (const bad of [0, 101, 2.5]) expect(() => positiveIntegerLiteral(bad, 100)).toThrow(InfluxInputError);
  });
});

describe('validated identifiers', () => {
  it('kinds come from the enum', () => {
    expect(assertStationKind('air')).toBe('air');
    for (const bad of ['Air', 'air"', 'alert', '', 1])
      expect(() => assertStationKind(bad)).toThrow(InfluxInputError);
  });

  it('stations match SLUG_PATTERN', () => {
    expect(assertStationId('pk-ww-01')).toBe('pk-ww-01');
    for (const bad of ["pk' OR '1'='1", 'PK-WW-01', '-x', '', 'a'.repeat(65), 'a/b']) {
      expect(() => assertStationId(bad)).toThrow(InfluxInputError);
    }
  });

  it('parameters come from the catalogue of the kind', () => {
    expect(assertParameter('air', 'PM2.5')).toBe('PM2.5');
    expect(assertParameter('wastewater', 'COD')).toBe('COD');
    for (const bad of ['COD', 'PM2.5" FROM x --', 'pm2.5', '']) {
      expect(() => assertParameter('air', bad)).toThrow(InfluxInputError);
    }
  });
});

import { STATUS_CODES, type StatusCode } from '@langxanh/contracts';
import { MAX_ISSUES, Tt10FormatError, type Tt10Issue } from './errors';
import { parseTt10Time } from './local-time';
import { parameterForSymbol } from './symbols';

/** One data line of a TT 10 file, read. */
export interface Tt10Line {
  /** 1-based line number in the file. */
  readonly line: number;
  /** Field 1 as written (NFC), e.g. `PM2,5`. */
  readonly symbol: string;
  /** The catalogue key it is stored under (symbols.ts), e.g. `PM2.5`. */
  readonly parameter: string;
  /** Field 2: the value (decimal point or comma), `null` when the field is empty (a device without a value). */
  readonly value: number | null;
  /** Field 3 as written, `''` when not stated. */
  readonly unit: string;
  /** Field 4: measurement time, epoch ms UTC. */
  readonly time: number;
  /** Field 4 as written, `YYYYMMDDhhmmss` Vietnam local time. */
  readonly localTime: string;
  /** Field 5: `00` measuring, `01` calibrating, `02` device error (TT 10/2021; shared docs/domain.md §4.2). */
  readonly status: StatusCode;
}

/** LàngXanh's bounds on a TT 10 file (user-writable input is bounded); none comes from the circular. */
export interface Tt10Limits {
  /** Largest file in bytes. Default 65 536: a station with every Bảng 34 symbol writes about 1 KiB. */
  readonly maxBytes: number;
  /** Most data lines. Default 1 000. */
  readonly maxLines: number;
  /** Longest line in characters. Default 256. */
  readonly maxLineLength: number;
  /** Longest symbol and longest unit, in characters. Default 32 (the reading contract's unit bound). */
  readonly maxFieldLength: number;
}

export const TT10_LIMITS: Tt10Limits = {
  maxBytes: 65_536,
  maxLines: 1_000,
  maxLineLength: 256,
  maxFieldLength: 32,
};

/** A plain decimal number: `45.20`, `-3`, `.5`, `1e3`. */
const DOT_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** A number with one decimal comma, as Vietnamese writes it: `45,20`. */
const COMMA_NUMBER = /^[+-]?\d+,\d+$/;
/** A symbol: no whitespace or control character. */
const SYMBOL = /^[^\s\p{Cc}]+$/u;
const CONTROL = /\p{Cc}/u;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses the content of a TT 10/2021/TT-BTNMT file: one line per parameter and time, five fields separated by TAB,
 * `<symbol>\t<value>\t<unit>\t<YYYYMMDDhhmmss>\t<status>` (shared docs/domain.md §4.2; the circular's Phụ lục 15
 * was not read, the format is the one three independent dataloggers implement).
 *
 * Lenient where dataloggers differ harmlessly: a UTF-8 byte-order mark, `\r\n`, `\n` or `\r` line ends, blank lines,
 * spaces around a field, one trailing TAB, a decimal comma in the value, an empty value (read as `null`, for a
 * device that has none). Strict everywhere else: exactly five fields, a symbol without spaces, an existing local
 * time, a status of `00`/`01`/`02`, no symbol (after mapping to its catalogue key) twice for one time.
 *
 * @param content the file's bytes (decoded as UTF-8, fatal) or text.
 * @returns the data lines in file order; never empty.
 * @throws Tt10FormatError listing every problem (at most 20) with its line number.
 */
export function parseTt10(content: Uint8Array | string, limits: Tt10Limits = TT10_LIMITS): Tt10Line[] {
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (size > limits.maxBytes) {
    throw new Tt10FormatError([{ code: 'too_large', message: `${size} bytes, at most ${limits.maxBytes}` }]);
  }
  let text: string;
  if (typeof content === 'string') {
    text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  } else {
    try {
      text = utf8.decode(content);
    } catch {
      throw new Tt10FormatError([{ code: 'not_utf8', message: 'the file is not valid UTF-8' }]);
    }
  }

  const issues: Tt10Issue[] = [];
  const lines: Tt10Line[] = [];
  const seen = new Map<string, number>();
  const rows = text.split(/\r\n|\n|\r/);
  for (let index = 0; index < rows.length && issues.length < MAX_ISSUES; index++) {
    const raw = rows[index];
    if (raw.trim() === '') continue;
    const line = index + 1;
    if (lines.length >= limits.maxLines) {
      issues.push({ code: 'too_many_lines', line, message: `more than ${limits.maxLines} data lines` });
      break;
    }
    const read = parseLine(raw, line, limits, issues);
    if (!read) continue;
    const key = `${read.parameter}\u0000${read.time}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        code: 'duplicate_parameter',
        line,
        message: `${read.symbol} at ${read.localTime} already on line ${first} (both are ${read.parameter})`,
      });
      continue;
    }
    seen.set(key, line);
    lines.push(read);
  }
  if (issues.length > 0) throw new Tt10FormatError(issues.slice(0, MAX_ISSUES));
  if (lines.length === 0) throw new Tt10FormatError([{ code: 'empty_file', message: 'no data line' }]);
  return lines;
}

/** One line, or `undefined` after pushing its issues. */
function parseLine(raw: string, line: number, limits: Tt10Limits, issues: Tt10Issue[]): Tt10Line | undefined {
  if (raw.length > limits.maxLineLength) {
    issues.push({
      code: 'line_too_long',
      line,
      message: `${raw.length} characters, at most ${limits.maxLineLength}`,
    });
    return undefined;
  }
  let fields = raw.split('\t').map((field) => field.trim());
  if (fields.length === 6 && fields[5] === '') fields = fields.slice(0, 5);
  if (fields.length !== 5) {
    issues.push({
      code: 'field_count',
      line,
      message: `${fields.length} TAB-separated field(s), expected 5: symbol, value, unit, YYYYMMDDhhmmss, status`,
    });
    return undefined;
  }
  const [rawSymbol, rawValue, unit, localTime, status] = fields;
  const before = issues.length;
  const symbol = rawSymbol.normalize('NFC');
  if (symbol.length === 0 || symbol.length > limits.maxFieldLength || !SYMBOL.test(symbol)) {
    issues.push({
      code: 'bad_symbol',
      line,
      message: `symbol ${preview(rawSymbol)}: 1–${limits.maxFieldLength} characters, no spaces`,
    });
  }
  let value: number | null = null;
  if (rawValue !== '') {
    const comma = COMMA_NUMBER.test(rawValue);
    value =
      comma || DOT_NUMBER.test(rawValue) ? Number(comma ? rawValue.replace(',', '.') : rawValue) : Number.NaN;
    if (!Number.isFinite(value)) {
      issues.push({ code: 'bad_value', line, message: `value ${preview(rawValue)} is not a decimal number` });
    }
  }
  if (unit.length > limits.maxFieldLength || CONTROL.test(unit)) {
    issues.push({
      code: 'bad_unit',
      line,
      message: `unit ${preview(unit)}: at most ${limits.maxFieldLength} characters, no control character`,
    });
  }
  const time = parseTt10Time(localTime);
  if (time === undefined) {
    issues.push({
      code: 'bad_time',
      line,
      message: `time ${preview(localTime)} is not an existing YYYYMMDDhhmmss local time`,
    });
  }
  if (!(STATUS_CODES as readonly string[]).includes(status)) {
    issues.push({
      code: 'bad_status',
      line,
      message: `status ${preview(status)}: 00 measuring, 01 calibrating or 02 device error`,
    });
  }
  if (issues.length > before || time === undefined) return undefined;
  return {
    line,
    symbol,
    parameter: parameterForSymbol(symbol),
    value,
    unit: unit.normalize('NFC'),
    time,
    localTime,
    status: status as StatusCode,
  };
}

function preview(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

import { parameterSpec, STATUS_CODES, type StationKind, type StatusCode } from '@langxanh/contracts';
import { MAX_ISSUES, Tt10FormatError, type Tt10Issue } from './errors';
import { formatTt10Time } from './local-time';
import { TT10_LIMITS } from './parse';
import { symbolForParameter } from './symbols';

/** One line to write. */
export interface Tt10LineInput {
  /** Field 1, e.g. `PM2,5` (see {@link symbolForParameter} for a catalogue key). */
  readonly symbol: string;
  /** Field 2; `null` writes an empty field (a device without a value, usually with status `02`). */
  readonly value: number | null;
  /** Field 3, `''` for none (pH). */
  readonly unit: string;
  /** Field 4: measurement time, epoch ms UTC (written as Vietnam local time `YYYYMMDDhhmmss`). */
  readonly time: number;
  /** Field 5. */
  readonly status: StatusCode;
}

const FIELD = /^[^\t\r\n\p{Cc}]*$/u;

/**
 * A value as TT 10 files write it: a plain decimal with a point, at most 12 significant digits, never an exponent
 * (`85.2`, `0.000001`, `-3`).
 */
export function formatTt10Value(value: number): string {
  const rounded = Number(value.toPrecision(12));
  const plain = String(rounded);
  if (!plain.includes('e')) return plain;
  // Below 1e-6 or from 1e21 on String() writes an exponent, which a receiver may not read.
  return Math.abs(rounded) < 1
    ? rounded.toFixed(20).replace(/0+$/, '')
    : BigInt(Math.round(rounded)).toString();
}

/**
 * Writes the content of a TT 10/2021/TT-BTNMT file: one line per input, five fields separated by TAB, lines joined
 * with `\n` and no final line break (as the dataloggers of shared docs/domain.md §4.2 write it). What it writes,
 * {@link parseTt10} reads back to the same lines.
 * @throws Tt10FormatError when there is no line, a symbol is empty or has whitespace, a symbol or unit has a TAB,
 *   a line break or another control character or is over 32 characters, a value is not finite, a time cannot be
 *   written, or a status is not `00`/`01`/`02`.
 */
export function formatTt10(lines: readonly Tt10LineInput[]): string {
  if (lines.length === 0) throw new Tt10FormatError([{ code: 'empty_file', message: 'no line to write' }]);
  const issues: Tt10Issue[] = [];
  const out: string[] = [];
  const max = TT10_LIMITS.maxFieldLength;
  lines.forEach((input, index) => {
    const line = index + 1;
    const symbol = input.symbol.normalize('NFC');
    if (symbol.length === 0 || symbol.length > max || /\s/.test(symbol) || !FIELD.test(symbol)) {
      issues.push({ code: 'bad_symbol', line, message: `symbol ${JSON.stringify(input.symbol)}` });
    }
    if (input.unit.length > max || !FIELD.test(input.unit)) {
      issues.push({ code: 'bad_unit', line, message: `unit ${JSON.stringify(input.unit)}` });
    }
    if (input.value !== null && !Number.isFinite(input.value)) {
      issues.push({ code: 'bad_value', line, message: `value ${input.value} is not finite` });
    }
    if (!(STATUS_CODES as readonly string[]).includes(input.status)) {
      issues.push({ code: 'bad_status', line, message: `status ${JSON.stringify(input.status)}` });
    }
    let stamp = '';
    try {
      stamp = formatTt10Time(input.time);
    } catch (error) {
      issues.push({ code: 'bad_time', line, message: (error as Error).message });
    }
    const value = input.value === null ? '' : formatTt10Value(input.value);
    out.push([symbol, value, input.unit.normalize('NFC'), stamp, input.status].join('\t'));
  });
  if (issues.length > 0) throw new Tt10FormatError(issues.slice(0, MAX_ISSUES));
  return out.join('\n');
}

/** A reading in the contract's shape, as far as a TT 10 file needs it. */
export interface Tt10ReadingInput {
  /** Measurement time, epoch ms UTC. */
  readonly time: number;
  /** Catalogue key → value in the catalogue unit. */
  readonly values: Readonly<Record<string, number>>;
  /** Catalogue key → status; a missing one is `00`. */
  readonly status?: Readonly<Record<string, StatusCode>>;
}

/**
 * The TT 10 lines of one reading of a station of `kind`: each value under its TT 10 symbol ({@link
 * symbolForParameter}: `PM2.5` → `PM2,5`, `TSP` → `PM`) in the catalogue unit, stated in field 3 (so `µg/m³` for
 * air, not the `mg/Nm³` of stack dataloggers: a receiver converts by the stated unit), in the reading's order.
 */
export function tt10LinesForReading(kind: StationKind, reading: Tt10ReadingInput): Tt10LineInput[] {
  return Object.entries(reading.values).map(([key, value]) => ({
    symbol: symbolForParameter(key),
    value,
    unit: parameterSpec(kind, key)?.unit ?? '',
    time: reading.time,
    status: reading.status?.[key] ?? '00',
  }));
}

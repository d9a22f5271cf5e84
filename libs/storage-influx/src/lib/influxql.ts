/**
 * Building blocks for InfluxQL text. Queries are assembled ONLY from values that passed these functions:
 * identifiers are double-quoted and escaped, string literals single-quoted and escaped, numbers checked to be
 * integers. Anything unexpected throws {@link InfluxInputError} before a request is made.
 *
 * Escapes follow the InfluxQL scanner (1.x, also 2.x's compatibility API and 3.x): inside `"…"` and `'…'`, a
 * backslash escapes `\`, `"` and `'`. Control characters (including newlines) are refused outright.
 */
import { isStationKind, parameterSpec, SLUG_PATTERN, type StationKind } from '@langxanh/contracts';
import { InfluxInputError } from './errors';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function assertText(kind: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new InfluxInputError(`${kind} must be a non-empty string`);
  if (CONTROL_CHARS.test(value))
    throw new InfluxInputError(`${kind} contains a control character: ${JSON.stringify(value)}`);
  return value;
}

/** `"name"` with `\` and `"` escaped. Needed for `PM2.5`, keywords, and any non-`[A-Za-z_][A-Za-z0-9_]*` name. */
export function quoteIdentifier(name: string): string {
  return `"${assertText('identifier', name).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `'value'` with `\` and `'` escaped: an InfluxQL string literal (tag values in WHERE). */
export function quoteString(value: string): string {
  return `'${assertText('string literal', value).replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** An absolute time as an InfluxQL epoch literal in milliseconds: `1700000000000ms`. */
export function timeLiteral(epochMs: number): string {
  if (!Number.isSafeInteger(epochMs) || epochMs < 0) {
    throw new InfluxInputError(
      `time must be a non-negative integer of epoch milliseconds, got ${String(epochMs)}`,
    );
  }
  return `${epochMs}ms`;
}

/** `time >= from AND time < to` for epoch-ms times. @throws InfluxInputError when from ≥ to or a time is invalid. */
export function rangeCondition(from: number, to: number): string {
  if (from >= to) throw new InfluxInputError(`from (${from}) must be before to (${to})`);
  return `time >= ${timeLiteral(from)} AND time < ${timeLiteral(to)}`;
}

/**
 * ` AND ("station" = '…' OR …)` for a list of station ids, or '' for none given (every station).
 * @throws InfluxInputError for an id that is not a slug.
 */
export function stationCondition(stations: readonly string[] | undefined): string {
  return stations
    ? ` AND (${stations.map((s) => `"station" = ${quoteString(assertStationId(s))}`).join(' OR ')})`
    : '';
}

/** A duration in whole seconds (> 0): `300s`, for `GROUP BY time(…)`. */
export function durationLiteral(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new InfluxInputError(`duration must be a positive integer of seconds, got ${String(seconds)}`);
  }
  return `${seconds}s`;
}

/** A positive integer (LIMIT). */
export function positiveIntegerLiteral(value: number, max = Number.MAX_SAFE_INTEGER): string {
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw new InfluxInputError(`expected an integer in 1…${max}, got ${String(value)}`);
  }
  return String(value);
}

/** The measurement of a station kind (the kind itself), validated against the enum. */
export function assertStationKind(kind: unknown): StationKind {
  if (typeof kind !== 'string' || !isStationKind(kind)) {
    throw new InfluxInputError(`unknown station kind ${JSON.stringify(kind)}`);
  }
  return kind;
}

/** A station id, validated against the contracts' `SLUG_PATTERN`. */
export function assertStationId(station: unknown): string {
  if (typeof station !== 'string' || !SLUG_PATTERN.test(station)) {
    throw new InfluxInputError(`invalid station id ${JSON.stringify(station)} (expected a slug)`);
  }
  return station;
}

/** A parameter key that stations of `kind` report, per the contracts' catalogue. */
export function assertParameter(kind: StationKind, parameter: unknown): string {
  if (typeof parameter !== 'string' || !parameterSpec(kind, parameter)) {
    throw new InfluxInputError(`parameter ${JSON.stringify(parameter)} is not in the ${kind} catalogue`);
  }
  return parameter;
}

/**
 * What InfluxDB says about a write it took only in part (pure, no I/O).
 *
 * InfluxDB 1.x writes the points of a batch it can and answers HTTP 400 with `{"error":"partial write: … dropped=N"}`
 * (checked against a real influxd 1.6.7, `write-result.int-spec.ts`):
 * - a field-type conflict: `partial write: field type conflict: input field "COD" on measurement "wastewater" is
 *   type string, already exists as type float dropped=2` — N counts every point refused for a type conflict, but
 *   only the first conflicting field is named, and no point is;
 * - unparsable lines: `partial write: unable to parse '<line>': <reason>` once per line (joined by `\n`), with
 *   `dropped=0`: those lines are named, and not counted in N.
 * The lines not refused are stored. Any other 4xx refuses the whole batch.
 */

/** Lines InfluxDB refused in a partial write, and the stations it can be told they belong to. */
export interface PartialWrite {
  /** Lines refused: InfluxDB's `dropped=N` plus the unparsable lines it names. */
  readonly refusedLines: number;
  /** Stations (tag `station`) of the refused lines that could be identified, sorted, without repeats. */
  readonly stations: readonly string[];
  /** Refused lines whose station could not be identified (InfluxDB names only the first conflicting field). */
  readonly unidentified: number;
}

const PARTIAL = /^partial write:/;
const DROPPED = /dropped=(\d+)\s*$/;
const UNPARSABLE = /unable to parse '((?:[^'\\]|\\.)*)'/g;
const TYPE_CONFLICT =
  /field type conflict: input field "((?:[^"\\]|\\.)*)" on measurement "((?:[^"\\]|\\.)*)" is type (\w+), already exists as type (\w+)/;
/** Most station names listed (a log line stays short). */
const MAX_STATIONS = 50;

/**
 * Reads InfluxDB's error text of a write of `body` (line protocol, one point per line).
 * @returns the refusal, or `undefined` when `error` is not a partial write (the whole batch was refused).
 */
export function parsePartialWrite(error: string, body: string): PartialWrite | undefined {
  if (!PARTIAL.test(error)) return undefined;
  const dropped = Number(DROPPED.exec(error)?.[1] ?? 0);
  const stations = new Set<string>();
  let unparsable = 0;
  let unidentified = 0;
  for (const match of error.matchAll(UNPARSABLE)) {
    unparsable++;
    const station = stationOf(match[1] ?? '');
    if (station === undefined) unidentified++;
    else stations.add(station);
  }
  const conflict = TYPE_CONFLICT.exec(error);
  let identified = 0;
  if (conflict && dropped > 0) {
    const [, field = '', measurement = '', , existing = ''] = conflict;
    for (const line of body.split('\n')) {
      if (identified >= dropped) break;
      if (!line || lineMeasurement(line) !== measurement) continue;
      const value = fieldValue(line, field);
      if (value === undefined || typeOfValue(value) === existing) continue;
      identified++;
      const station = stationOf(line);
      if (station !== undefined) stations.add(station);
    }
  }
  unidentified += Math.max(0, dropped - identified);
  return {
    refusedLines: dropped + unparsable,
    stations: [...stations].sort().slice(0, MAX_STATIONS),
    unidentified,
  };
}

/** The measurement of a line (up to the first unescaped `,` or space). */
function lineMeasurement(line: string): string {
  const end = /(?<!\\)[, ]/.exec(line)?.index ?? line.length;
  return line.slice(0, end).replace(/\\(.)/g, '$1');
}

/** The `station` tag of a line (unescaped), or `undefined`. */
function stationOf(line: string): string | undefined {
  const tags = /^(?:[^ \\]|\\.)*/.exec(line)?.[0] ?? '';
  const match = /,station=((?:[^,\\]|\\.)*)/.exec(tags);
  return match?.[1]?.replace(/\\(.)/g, '$1');
}

/** The raw value of field `name` of a line, or `undefined`. */
function fieldValue(line: string, name: string): string | undefined {
  const fieldsStart = (/^(?:[^ \\]|\\.)*/.exec(line)?.[0].length ?? 0) + 1;
  const escapedName = name.replace(/[,= ]/g, '\\$&');
  const fields = /^((?:[^ "\\]|\\.|"(?:[^"\\]|\\.)*")*)/.exec(line.slice(fieldsStart))?.[1] ?? '';
  for (const field of fields.match(/(?:[^,"\\]|\\.|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    const eq = /(?<!\\)=/.exec(field);
    if (eq && field.slice(0, eq.index) === escapedName) return field.slice(eq.index + 1);
  }
  return undefined;
}

/** InfluxDB's name of a line-protocol value's type. */
function typeOfValue(value: string): string {
  if (value.startsWith('"')) return 'string';
  if (/^-?\d+i$/.test(value)) return 'integer';
  if (/^\d+u$/.test(value)) return 'unsigned';
  if (/^(?:t|T|true|True|TRUE|f|F|false|False|FALSE)$/.test(value)) return 'boolean';
  return 'float';
}

import { VIETNAM_TIME_ZONE, toVietnamIso } from '@langxanh/contracts';
import { DateTime, IANAZone, type TokenParser } from 'luxon';
import { z } from 'zod';
import type { ImportItem, SkipOutcome } from './import-item';

/** Most parameter columns one mapping may name (a wide export has a few dozen). */
export const MAX_MAPPED_PARAMETERS = 64;
/** Most "missing" markers and kept values per column (bounds on user-written lists). */
export const MAX_MARKERS = 32;
/** Longest column name, marker or format accepted in a mapping. */
export const MAX_MAPPING_TEXT = 200;

const text = z.string().min(1).max(MAX_MAPPING_TEXT);

/**
 * How a CSV export is read (the `--mapping` JSON file, or the equivalent command-line flags):
 *
 * ```json
 * {
 *   "time": { "column": "Date (LT)", "format": "yyyy-MM-dd hh:mm a", "zone": "Asia/Ho_Chi_Minh", "label": "end" },
 *   "parameters": { "PM2.5": "Raw Conc." },
 *   "missing": ["-999"],
 *   "keep": { "QC Name": ["Valid"] }
 * }
 * ```
 *
 * - `time.column`: the column holding the time; `time.format`: a luxon format
 *   (https://moment.github.io/luxon/#/parsing?id=table-of-tokens, read with the en-US locale so `AM`/`PM` work),
 *   ISO 8601 when absent; `time.zone`: an IANA zone or `UTC+7`-style offset for times written without an offset
 *   (default Asia/Ho_Chi_Minh, Vietnam time; a time with its own offset keeps it).
 * - `time.label`: whether a time labels the **end** of the interval its value covers (hour-ending, as QĐ 1459/QĐ-TCMT
 *   mục 2.2.2 a and AirNow files label hours, shared docs/domain.md §1.5) or its **start**. LàngXanh stores an
 *   interval's value at the end of the interval — the datalogger's measurement time of TT 10/2021 and the label the
 *   replay keeps — so `start` moves every time `time.intervalMinutes` (default 60: an hourly mean) later.
 * - `parameters`: catalogue parameter key → column (values in the catalogue unit unless `units` says otherwise).
 * - `missing`: cell texts that mean "no value" (an empty cell always does); compared trimmed, and numerically when
 *   both are numbers (`-999` matches `-999.0`).
 * - `keep`: only rows whose column holds one of the listed texts are imported (e.g. a QC flag); the others are
 *   counted as `filtered`.
 * - `station`: `{ "column": "…" }` when the file holds several stations (registry ids); otherwise `--station`.
 * - `units`: parameter → the unit its column is in, converted by the contract's unit rules (`mg/m³` → µg/m³…).
 * - `delimiter`: one character, default `,`.
 */
export const csvMappingSchema = z.strictObject({
  time: z.strictObject({
    column: text,
    format: text.optional(),
    zone: text.default(VIETNAM_TIME_ZONE),
    label: z.enum(['start', 'end']),
    intervalMinutes: z.number().int().positive().max(1440).default(60),
  }),
  parameters: z
    .record(z.string().min(1).max(40), text)
    .refine((p) => Object.keys(p).length > 0, 'map at least one parameter')
    .refine((p) => Object.keys(p).length <= MAX_MAPPED_PARAMETERS, `at most ${MAX_MAPPED_PARAMETERS} parameters`),
  missing: z.array(z.string().max(MAX_MAPPING_TEXT)).max(MAX_MARKERS).default([]),
  keep: z
    .record(text, z.array(z.string().max(MAX_MAPPING_TEXT)).min(1).max(MAX_MARKERS))
    .refine((k) => Object.keys(k).length <= MAX_MARKERS, `at most ${MAX_MARKERS} keep columns`)
    .optional(),
  station: z.strictObject({ column: text }).optional(),
  units: z.record(z.string().min(1).max(40), z.string().min(1).max(40)).optional(),
  delimiter: z.string().length(1).default(','),
});
export type CsvMapping = z.infer<typeof csvMappingSchema>;
/** A mapping as written (defaults not applied yet). */
export type CsvMappingInput = z.input<typeof csvMappingSchema>;

/** Thrown for a mapping that does not satisfy {@link csvMappingSchema} or names an unknown time zone. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/**
 * Validates a mapping document.
 * @throws MappingError listing every problem with its JSON path, or for a `time.zone` luxon does not know.
 */
export function parseCsvMapping(document: unknown): CsvMapping {
  const result = csvMappingSchema.safeParse(document);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new MappingError(`invalid CSV mapping:\n${lines.join('\n')}`);
  }
  const zone = result.data.time.zone;
  if (!IANAZone.isValidZone(zone) && !/^UTC[+-]\d{1,2}(:\d{2})?$/.test(zone)) {
    throw new MappingError(`invalid CSV mapping:\n  time.zone: unknown time zone "${zone}"`);
  }
  return result.data;
}

/** The csv-parse options the import reads every CSV with (header row = column names). */
export function csvParseOptions(mapping: Pick<CsvMapping, 'delimiter'>) {
  return {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: true,
    delimiter: mapping.delimiter,
    relax_column_count: true,
  } as const;
}

/** A plain decimal number (JSON number grammar, leniently). */
const DOT_NUMBER = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** One CSV row: column name → cell text. */
export type CsvRow = Readonly<Record<string, string | undefined>>;

/**
 * Reads CSV rows with a {@link CsvMapping}. Pure; one instance per file (it precomputes the marker sets).
 */
export class CsvRowReader {
  private readonly missingTexts: ReadonlySet<string>;
  private readonly missingNumbers: ReadonlySet<number>;
  private readonly shiftMs: number;
  /** The time format compiled once (luxon re-reads a format on every `fromFormat`). */
  private readonly parser: TokenParser | undefined;

  /**
   * @param mapping a validated mapping ({@link parseCsvMapping})
   * @param defaultStation the station of every row when the mapping has no station column (`--station`)
   */
  constructor(
    private readonly mapping: CsvMapping,
    private readonly defaultStation: string | undefined,
  ) {
    this.missingTexts = new Set(mapping.missing.map((m) => m.trim()));
    this.missingNumbers = new Set(
      mapping.missing.map((m) => m.trim()).filter((m) => DOT_NUMBER.test(m)).map(Number),
    );
    this.shiftMs = mapping.time.label === 'start' ? mapping.time.intervalMinutes * 60_000 : 0;
    this.parser = mapping.time.format
      ? DateTime.buildFormatParser(mapping.time.format, { locale: 'en-US' })
      : undefined;
  }

  /**
   * One row → the reading to import (time as ISO 8601 with the Vietnam offset, the interval's end), or why not:
   * `filtered` (a `keep` column), `no_station`, `bad_time`, `no_values` (every mapped cell missing). Values that are
   * plain decimal numbers become numbers; other non-missing texts are passed on as text for the contract to judge
   * (a decimal comma is read, anything else is refused and counted there).
   */
  read(row: CsvRow, source: string): ImportItem | SkipOutcome {
    for (const [column, allowed] of Object.entries(this.mapping.keep ?? {})) {
      const cell = (row[column] ?? '').trim();
      if (!allowed.includes(cell)) return { skip: 'filtered', detail: `${column} "${cell.slice(0, 40)}"` };
    }
    const station = this.mapping.station ? (row[this.mapping.station.column] ?? '').trim() : this.defaultStation;
    if (!station) {
      return {
        skip: 'no_station',
        detail: this.mapping.station ? `empty ${this.mapping.station.column}` : 'no --station given',
      };
    }
    const time = this.readTime((row[this.mapping.time.column] ?? '').trim());
    if (typeof time === 'string') return { skip: 'bad_time', detail: time };
    const values: Record<string, number | string> = {};
    const missing: string[] = [];
    for (const [parameter, column] of Object.entries(this.mapping.parameters)) {
      const cell = (row[column] ?? '').trim();
      if (this.isMissing(cell)) {
        missing.push(parameter);
        continue;
      }
      values[parameter] = DOT_NUMBER.test(cell) ? Number(cell) : cell;
    }
    if (Object.keys(values).length === 0) return { skip: 'no_values', detail: 'every mapped value is missing', missing };
    const units = this.mapping.units
      ? Object.fromEntries(Object.entries(this.mapping.units).filter(([p]) => p in values))
      : undefined;
    return {
      station,
      source,
      payload: {
        ts: toVietnamIso(time + this.shiftMs),
        values,
        status: '00',
        ...(units && Object.keys(units).length > 0 ? { units } : {}),
      },
      missing,
    };
  }

  /** Epoch ms of a time cell, or the reason it cannot be read. */
  private readTime(cell: string): number | string {
    if (cell === '') return `empty ${this.mapping.time.column}`;
    const { format, zone } = this.mapping.time;
    const parsed = this.parser
      ? DateTime.fromFormatParser(cell, this.parser, { zone, locale: 'en-US' })
      : DateTime.fromISO(cell, { zone });
    if (!parsed.isValid) {
      return `${this.mapping.time.column} "${cell.slice(0, 40)}" is not ${format ? `"${format}"` : 'ISO 8601'} (${parsed.invalidExplanation ?? parsed.invalidReason})`;
    }
    return parsed.toMillis();
  }

  private isMissing(cell: string): boolean {
    if (cell === '' || this.missingTexts.has(cell)) return true;
    return DOT_NUMBER.test(cell) && this.missingNumbers.has(Number(cell));
  }
}

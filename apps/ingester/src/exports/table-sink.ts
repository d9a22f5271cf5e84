import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/** One cell of an exported table: text, a number, or empty. */
export type Cell = string | number | null;

/** Where an export's rows go, with back-pressure: `row` resolves when the output can take more. */
export interface TableSink {
  row(cells: readonly Cell[]): Promise<void>;
  /** Ends the file; resolves when all of it was handed to the output. */
  end(): Promise<void>;
}

/** Export file formats. */
export type ExportFormat = 'csv' | 'xlsx';

/** `Content-Type` of each format (RFC 4180 CSV in UTF-8; Office Open XML spreadsheet, ECMA-376). */
export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Rows written between two checks of the output's buffer in the XLSX sink. */
const XLSX_DRAIN_EVERY = 500;

/**
 * CSV with `csv-stringify` (RFC 4180 quoting, `,` separator, CRLF line ends as Excel writes them), UTF-8 with a
 * byte-order mark so that Excel reads the Vietnamese text as UTF-8; `header` first. Numbers are written as
 * JavaScript prints them (`.` decimal separator); empty cells for null.
 */
export function csvSink(out: Writable, header: readonly string[]): TableSink {
  const stringifier = stringify({ bom: true, record_delimiter: 'windows' });
  const piped = stringifier.pipe(out);
  const write = async (cells: readonly Cell[]): Promise<void> => {
    if (!stringifier.write(cells)) await once(stringifier, 'drain');
  };
  const headerWritten = write(header);
  return {
    async row(cells) {
      await headerWritten;
      await write(cells);
    },
    async end() {
      await headerWritten;
      stringifier.end();
      await finished(piped);
    },
  };
}

/**
 * XLSX with `exceljs`'s streaming `WorkbookWriter` (rows committed one by one and zipped as they come, no shared
 * strings, no styles): one worksheet `sheet`, `header` as its first row, numbers as numbers. Every
 * {@link XLSX_DRAIN_EVERY} rows it waits while the output's buffer is full.
 */
export function xlsxSink(out: Writable, header: readonly string[], sheet: string): TableSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const worksheet = workbook.addWorksheet(sheet.slice(0, 31));
  worksheet.addRow([...header]).commit();
  let count = 0;
  return {
    async row(cells) {
      worksheet.addRow([...cells]).commit();
      if (++count % XLSX_DRAIN_EVERY === 0 && out.writableNeedDrain) await once(out, 'drain');
    },
    async end() {
      worksheet.commit();
      await workbook.commit();
    },
  };
}

/** The sink of `format` on `out`. */
export function tableSink(format: ExportFormat, out: Writable, header: readonly string[], sheet: string): TableSink {
  return format === 'csv' ? csvSink(out, header) : xlsxSink(out, header, sheet);
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * Epoch ms as ISO 8601 in Vietnam time with its offset, `2026-12-07T15:00:00+07:00` (milliseconds only when not
 * zero): the same text as contracts `toVietnamIso` (a test compares them) by plain arithmetic — Vietnam is UTC+7
 * all year, no daylight saving (contracts time.ts) — since an export formats up to millions of times.
 */
export function vietnamTime(epochMs: number): string {
  const iso = new Date(epochMs + VIETNAM_OFFSET_MS).toISOString();
  return `${iso.endsWith('.000Z') ? iso.slice(0, -5) : iso.slice(0, -1)}+07:00`;
}

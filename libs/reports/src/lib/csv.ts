/**
 * CSV rendering of compliance reports, RFC 4180: fields separated by commas, records ended by CRLF, a field quoted
 * with `"` when it holds a comma, a quote, CR or LF (or starts/ends with a space), quotes inside doubled.
 * (Written here because `csv-stringify` is not among the installed dependencies; only `csv-parse` is.)
 */
import { toVietnamIso, type ComplianceReportDto } from '@langxanh/contracts';

/** UTF-8 byte-order mark: lets spreadsheet programs read the Vietnamese text as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** A cell: text, number (written with `String`), or empty for null/undefined. */
export type CsvCell = string | number | null | undefined;

/** One field, quoted only when RFC 4180 requires it. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  const text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : cell;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Records as RFC 4180 text, each line ended by CRLF. */
export function toCsv(records: readonly (readonly CsvCell[])[]): string {
  return records.map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

/** Column names of {@link complianceCsv}, in order (the row fields of `ComplianceRowDto`, flattened). */
export const COMPLIANCE_CSV_COLUMNS = [
  'station',
  'parameter',
  'unit',
  'rule_id',
  'averaging_period',
  'comparison',
  'limit_min',
  'limit_max',
  'source',
  'from',
  'to',
  'basis',
  'expected',
  'measured',
  'completeness_pct',
  'excluded_samples',
  'exceedances',
  'exceedance_share_pct',
  'worst_value',
  'worst_from',
  'worst_to',
] as const;

const vn = (isoUtc: string | undefined): string => (isoUtc ? toVietnamIso(Date.parse(isoUtc)) : '');

/**
 * The report as CSV: a UTF-8 BOM, a header line ({@link COMPLIANCE_CSV_COLUMNS}), one line per row; times in
 * Vietnam time with their `+07:00` offset; the source as "document, clause".
 */
export function complianceCsv(report: ComplianceReportDto): string {
  const lines: CsvCell[][] = [[...COMPLIANCE_CSV_COLUMNS]];
  for (const row of report.rows) {
    lines.push([
      report.station,
      row.parameter,
      row.unit,
      row.ruleId,
      row.averagingPeriod,
      row.comparison,
      row.min,
      row.max,
      `${row.source.document}, ${row.source.clause}`,
      vn(row.from),
      vn(row.to),
      row.basis,
      row.expected,
      row.measured,
      row.completenessPct,
      row.excludedSamples,
      row.exceedances,
      row.exceedanceSharePct,
      row.worst?.value,
      vn(row.worst?.from),
      vn(row.worst?.to),
    ]);
  }
  return UTF8_BOM + toCsv(lines);
}

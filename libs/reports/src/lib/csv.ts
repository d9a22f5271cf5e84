/**
 * CSV rendering of compliance reports with `csv-stringify` (RFC 4180: commas, CRLF record ends, a field quoted when
 * it holds a comma, a quote, CR or LF, quotes inside doubled), UTF-8 with a byte-order mark.
 */
import { stringify } from 'csv-stringify/sync';
import { toVietnamIso, type ComplianceReportDto } from '@langxanh/contracts';

/** UTF-8 byte-order mark: lets spreadsheet programs read the Vietnamese text as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/** A cell: text, number, or empty for null/undefined (and for a non-finite number). */
export type CsvCell = string | number | null | undefined;

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

/** Header language of {@link complianceCsv}: `vi`, `en`, or `keys` (the machine-readable column names above). */
export type ComplianceCsvHeaders = 'vi' | 'en' | 'keys';

/** The header of each column in Vietnamese and English (times are Vietnam time, as the cells). */
export const COMPLIANCE_CSV_HEADERS: Readonly<Record<'vi' | 'en', Readonly<Record<(typeof COMPLIANCE_CSV_COLUMNS)[number], string>>>> = {
  vi: {
    station: 'Mã trạm',
    parameter: 'Thông số',
    unit: 'Đơn vị',
    rule_id: 'Mã quy tắc',
    averaging_period: 'Thời gian trung bình',
    comparison: 'So sánh',
    limit_min: 'Giới hạn dưới',
    limit_max: 'Giới hạn trên',
    source: 'Căn cứ',
    from: 'Từ (giờ Việt Nam)',
    to: 'Đến (giờ Việt Nam)',
    basis: 'Cơ sở tính',
    expected: 'Số giá trị dự kiến',
    measured: 'Số giá trị đo được',
    completeness_pct: 'Độ đầy đủ (%)',
    excluded_samples: 'Số mẫu loại trừ',
    exceedances: 'Số lần vượt',
    exceedance_share_pct: 'Tỷ lệ vượt (%)',
    worst_value: 'Giá trị xấu nhất',
    worst_from: 'Xấu nhất từ (giờ Việt Nam)',
    worst_to: 'Xấu nhất đến (giờ Việt Nam)',
  },
  en: {
    station: 'Station ID',
    parameter: 'Parameter',
    unit: 'Unit',
    rule_id: 'Rule ID',
    averaging_period: 'Averaging period',
    comparison: 'Comparison',
    limit_min: 'Lower limit',
    limit_max: 'Upper limit',
    source: 'Source',
    from: 'From (Vietnam time)',
    to: 'To (Vietnam time)',
    basis: 'Basis',
    expected: 'Expected values',
    measured: 'Measured values',
    completeness_pct: 'Completeness (%)',
    excluded_samples: 'Excluded samples',
    exceedances: 'Exceedances',
    exceedance_share_pct: 'Exceedance share (%)',
    worst_value: 'Worst value',
    worst_from: 'Worst from (Vietnam time)',
    worst_to: 'Worst to (Vietnam time)',
  },
};

const vn = (isoUtc: string | undefined): string => (isoUtc ? toVietnamIso(Date.parse(isoUtc)) : '');
/** A cell as csv-stringify gets it: empty for null/undefined and non-finite numbers. */
const cell = (c: CsvCell): string | number => (c === null || c === undefined || (typeof c === 'number' && !Number.isFinite(c)) ? '' : c);

/**
 * The report as CSV: a UTF-8 BOM, a header line (`headers`: Vietnamese, English, or the column keys
 * {@link COMPLIANCE_CSV_COLUMNS}), one line per row; times in Vietnam time with their `+07:00` offset; the source
 * as "document, clause".
 */
export function complianceCsv(report: ComplianceReportDto, headers: ComplianceCsvHeaders = 'keys'): string {
  const header = headers === 'keys' ? [...COMPLIANCE_CSV_COLUMNS] : COMPLIANCE_CSV_COLUMNS.map((c) => COMPLIANCE_CSV_HEADERS[headers][c]);
  const lines: CsvCell[][] = [header];
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
  return stringify(
    lines.map((line) => line.map(cell)),
    { bom: true, record_delimiter: 'windows' },
  );
}

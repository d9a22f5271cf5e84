/**
 * What can be wrong with a TT 10/2021/TT-BTNMT file or its name. Each code is one rule of the parser or the writer
 * (shared docs/domain.md §4.2 for the format; the bounds are LàngXanh's, see {@link TT10_LIMITS}).
 */
export type Tt10IssueCode =
  /** The file name is not `<TenTinh>_<TenCoSo>_<TenTram>_<YYYYMMDDhhmmss>.txt`. */
  | 'bad_file_name'
  /** The bytes are not valid UTF-8. */
  | 'not_utf8'
  /** More bytes than the bound. */
  | 'too_large'
  /** No data line at all. */
  | 'empty_file'
  /** More data lines than the bound. */
  | 'too_many_lines'
  /** One line longer than the bound. */
  | 'line_too_long'
  /** A line without exactly five TAB-separated fields. */
  | 'field_count'
  /** An empty or malformed parameter symbol (field 1). */
  | 'bad_symbol'
  /** A value (field 2) that is not a decimal number (point or comma) and not empty. */
  | 'bad_value'
  /** A unit (field 3) with a control character or over the bound. */
  | 'bad_unit'
  /** A time (field 4, or the file name's) that is not an existing `YYYYMMDDhhmmss` local time. */
  | 'bad_time'
  /** A status (field 5) other than `00`, `01`, `02`. */
  | 'bad_status'
  /** The same symbol twice for the same time in one file. */
  | 'duplicate_parameter';

/** One problem, with the 1-based line number when it concerns a line. */
export interface Tt10Issue {
  readonly code: Tt10IssueCode;
  /** 1-based line number in the file; absent for file-level problems (name, size, encoding). */
  readonly line?: number;
  readonly message: string;
}

/** Longest list of issues an error carries (a garbage file would otherwise list one per line). */
export const MAX_ISSUES = 20;

/**
 * Thrown by the TT 10 parser and writer. `issues` lists every problem found (at most {@link MAX_ISSUES}, the first
 * ones); `code` and `line` are those of the first. `message` is one line per issue, `line N: …`, fit for a reason
 * file or a log line.
 */
export class Tt10FormatError extends Error {
  readonly code: Tt10IssueCode;
  readonly line: number | undefined;

  constructor(readonly issues: readonly Tt10Issue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'Tt10FormatError';
    if (issues.length === 0) throw new RangeError('Tt10FormatError needs at least one issue');
    this.code = issues[0].code;
    this.line = issues[0].line;
  }
}

/** `line 3: bad_status: …` or `bad_file_name: …`. */
export function formatIssue(issue: Tt10Issue): string {
  return `${issue.line === undefined ? '' : `line ${issue.line}: `}${issue.code}: ${issue.message}`;
}

import type { FieldErrorDto } from './registry';

/**
 * Error answers of the REST API: RFC 9457 "Problem Details for HTTP APIs" (`Content-Type: application/problem+json`),
 * with the API's earlier `{error, message}` members kept as extension members so that older clients go on working.
 * The problem types and their statuses: docs/api.md § Errors.
 */

/** Prefix of every problem `type` (a URN naming the API's error code; not a link: docs/api.md lists them). */
export const PROBLEM_TYPE_PREFIX = 'urn:langxanh:problem:';

/** The media type of an error answer (RFC 9457 §3). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Most field errors listed in one answer (a body with more problems lists the first ones; `detail` says so). */
export const MAX_FIELD_ERRORS = 50;


/** An error answer (RFC 9457). */
export interface ProblemDetailsDto {
  /** `urn:langxanh:problem:<code>`. */
  readonly type: string;
  /** Short summary of the problem type; the same for every occurrence of that type. */
  readonly title: string;
  /** The HTTP status code of the answer. */
  readonly status: number;
  /** What went wrong this time, for a person to read (English). */
  readonly detail: string;
  /** The request path (without the query string) that met the problem. */
  readonly instance: string;
  /** Compatibility member: the error code (the last segment of `type`), e.g. `not_found`. */
  readonly error: string;
  /** Compatibility member: the same text as `detail`. */
  readonly message: string;
  /**
   * Validation problems (`bad_request` from a query or body schema): one entry per field — `path` the zod issue path
   * inside the query or body (`["permit", "limits", 0, "max"]`, `[]` the whole body) — at most {@link MAX_FIELD_ERRORS}.
   */
  readonly errors?: readonly FieldErrorDto[];
  /** `internal` (500) only: the id under which the error was logged. */
  readonly id?: string;
}

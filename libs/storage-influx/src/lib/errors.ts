import { HttpError } from '@influxdata/influxdb-client';
import { parsePartialWrite, type PartialWrite } from './write-result';

/**
 * What went wrong, for logs, metrics and the ingester's decisions (after the influxdb-client-js idea of errors
 * that know whether they can be retried).
 */
export const INFLUX_ERROR_CODES = [
  /** No HTTP answer: connection refused/reset, DNS, time-out. Retriable. */
  'UNREACHABLE',
  /** An HTTP error status; retriable for 429 and 5xx, fatal for other 4xx (bad request, auth, not found). */
  'HTTP',
  /** InfluxDB answered a query with an error (in the body or as HTTP 400). */
  'QUERY',
  /** A query input (identifier, time, limit) failed validation; nothing was sent. */
  'INVALID_INPUT',
  /** A method that needs `connect()` was called before it. */
  'NOT_CONNECTED',
  /** `connect()` after `close()`. */
  'CLOSED',
  /** The server's answer could not be understood. */
  'BAD_RESPONSE',
  /** The operation is not available on the API the server speaks (deleting readings on v2). */
  'NOT_SUPPORTED',
] as const;
export type InfluxErrorCode = (typeof INFLUX_ERROR_CODES)[number];

/** Base class of every error this library throws or reports. */
export class InfluxStorageError extends Error {
  /** True when the same operation may succeed later (server down, overloaded, time-out). */
  readonly retriable: boolean;
  readonly code: InfluxErrorCode;
  /** HTTP status when the server answered with one. */
  readonly statusCode?: number;

  constructor(
    code: InfluxErrorCode,
    message: string,
    options: { retriable?: boolean; statusCode?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InfluxStorageError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.statusCode = options.statusCode;
  }
}

/** A query was refused or failed. `statement` is the InfluxQL sent (no secrets: credentials never go in it). */
export class InfluxQueryError extends InfluxStorageError {
  constructor(
    message: string,
    readonly statement: string,
    options: { retriable?: boolean; statusCode?: number; cause?: unknown } = {},
  ) {
    super('QUERY', message, options);
    this.name = 'InfluxQueryError';
  }
}

/** An identifier or value that may not be put into InfluxQL. Thrown before anything is sent. */
export class InfluxInputError extends InfluxStorageError {
  constructor(message: string) {
    super('INVALID_INPUT', message, { retriable: false });
    this.name = 'InfluxInputError';
  }
}

/**
 * InfluxDB stored part of a batch and refused the rest (HTTP 400 `partial write: …`, write-result.ts): `partial`
 * says how many lines were refused and, where it can be told, of which stations. Not retriable (code `HTTP`): the
 * refused lines would be refused again.
 */
export class InfluxPartialWriteError extends InfluxStorageError {
  constructor(
    message: string,
    readonly partial: PartialWrite,
    options: { statusCode?: number; cause?: unknown } = {},
  ) {
    super('HTTP', message, { ...options, retriable: false });
    this.name = 'InfluxPartialWriteError';
  }
}

/**
 * How many of a failed batch's `batchLines` lines InfluxDB did not store: the refused lines of a partial write,
 * else all of them (the drain's drop counter).
 */
export function refusedLineCount(error: unknown, batchLines: number): number {
  return error instanceof InfluxPartialWriteError
    ? Math.min(error.partial.refusedLines, batchLines)
    : batchLines;
}

/**
 * A failed write of `body` classified as {@link toStorageError} does, except that InfluxDB's partial-write answer
 * becomes an {@link InfluxPartialWriteError} naming what it refused.
 */
export function toWriteError(error: unknown, body: string): InfluxStorageError {
  const classified = toStorageError(error, 'write failed');
  if (error instanceof HttpError && error.statusCode >= 400 && error.statusCode < 500) {
    const partial = parsePartialWrite(httpErrorDetail(error), body);
    if (partial) {
      return new InfluxPartialWriteError(classified.message, partial, {
        statusCode: error.statusCode,
        cause: error,
      });
    }
  }
  return classified;
}

/** Node network error codes that mean "try again later". */
const RETRIABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
]);

/** True for HTTP statuses worth retrying: 429 (too many requests) and every 5xx. */
export function isRetriableStatus(statusCode: number): boolean {
  return statusCode === 429 || statusCode >= 500;
}

/**
 * HTTP statuses of a write that say nothing against the lines themselves: 401/403 (credentials or rights — the
 * operator fixes them), 404 (database or bucket missing, e.g. not created yet), 408 (request time-out). The lines
 * are kept and written once the cause is fixed.
 */
const NOT_ABOUT_THE_LINES = new Set([401, 403, 404, 408]);

/**
 * What to do with lines whose `writeLines` failed (the `classify` of the spool's drain). `quarantine` only when
 * InfluxDB refused the lines themselves for good: an HTTP 4xx other than 401, 403, 404, 408 and 429 (400 a malformed
 * line or a field-type conflict, 413 a body too large, 422 unprocessable) — sending them again would not help.
 * Everything else is `retry`: retriable errors (unreachable, 429, 5xx), `NOT_CONNECTED`/`CLOSED`, the statuses of
 * `NOT_ABOUT_THE_LINES`, and errors not understood (kept in the spool rather than set aside on a guess).
 */
export function writeFailureVerdict(error: unknown): 'retry' | 'quarantine' {
  const status = error instanceof InfluxStorageError ? error.statusCode : undefined;
  const refused =
    error instanceof InfluxStorageError &&
    !error.retriable &&
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    !NOT_ABOUT_THE_LINES.has(status);
  return refused ? 'quarantine' : 'retry';
}

/**
 * Classifies any error of the HTTP layer: `HttpError` → `HTTP` (retriable for 429/5xx) or `QUERY` when
 * `statement` is given; time-outs, aborts and network errors → `UNREACHABLE` (retriable); anything else →
 * `BAD_RESPONSE` (fatal). An {@link InfluxStorageError} is returned unchanged.
 */
export function toStorageError(error: unknown, context: string, statement?: string): InfluxStorageError {
  if (error instanceof InfluxStorageError) return error;
  if (error instanceof HttpError) {
    const detail = httpErrorDetail(error);
    const message = `${context}: HTTP ${error.statusCode}${detail ? `: ${detail}` : ''}`;
    const options = {
      retriable: isRetriableStatus(error.statusCode),
      statusCode: error.statusCode,
      cause: error,
    };
    return statement === undefined
      ? new InfluxStorageError('HTTP', message, options)
      : new InfluxQueryError(message, statement, options);
  }
  // Errors from Node's core may come from another realm (e.g. under Jest): read their fields, not their class.
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const name = typeof fields.name === 'string' ? fields.name : '';
  const text = typeof fields.message === 'string' && fields.message ? fields.message : String(error);
  const networkish =
    (code !== undefined && RETRIABLE_NETWORK_CODES.has(code)) ||
    name === 'RequestTimedOutError' ||
    name === 'AbortError' ||
    name === 'TimeoutError';
  if (networkish) {
    return new InfluxStorageError('UNREACHABLE', `${context}: ${text}`, { retriable: true, cause: error });
  }
  return new InfluxStorageError('BAD_RESPONSE', `${context}: ${text}`, { cause: error });
}

/** The server's error text: `{"error": "…"}` (1.x and 2.x `/query`), `{"message": "…"}` (2.x), or the raw body. */
function httpErrorDetail(error: HttpError): string {
  const json: unknown = error.json;
  if (json && typeof json === 'object') {
    const record = json as Record<string, unknown>;
    if (typeof record['error'] === 'string') return record['error'];
    if (typeof record['message'] === 'string') return record['message'];
  }
  if (error.body) {
    try {
      const parsed = JSON.parse(error.body) as Record<string, unknown>;
      if (typeof parsed['error'] === 'string') return parsed['error'];
      if (typeof parsed['message'] === 'string') return parsed['message'];
    } catch {
      return error.body.slice(0, 500);
    }
    return error.body.slice(0, 500);
  }
  return error.statusMessage ?? '';
}

import { HttpError } from '@influxdata/influxdb-client';

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
 * What to do with lines whose `writeLines` failed (the `classify` of the spool's drain): `retry` when InfluxDB may
 * take them later — a retriable error (unreachable, 429, 5xx) or `NOT_CONNECTED` — else `quarantine`: InfluxDB
 * refused them (another 4xx, e.g. a malformed line) or answered something not understood (any error that is not an
 * {@link InfluxStorageError}), and sending them again would not help.
 */
export function writeFailureVerdict(error: unknown): 'retry' | 'quarantine' {
  const retry = error instanceof InfluxStorageError && (error.retriable || error.code === 'NOT_CONNECTED');
  return retry ? 'retry' : 'quarantine';
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

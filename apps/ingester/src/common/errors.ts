import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import {
  MAX_FIELD_ERRORS,
  PROBLEM_MEDIA_TYPE,
  PROBLEM_TYPE_PREFIX,
  type FieldErrorDto,
  type ProblemDetailsDto,
} from '@langxanh/contracts';

/**
 * Error codes of the REST API, each mapped to one HTTP status by {@link ApiExceptionFilter} and answered as an
 * RFC 9457 problem whose `type` is `urn:langxanh:problem:<code>` ({@link PROBLEM_TYPES}; docs/api.md § Errors).
 */
export enum ApiErrorCode {
  /** No valid credentials (sign in, or the session or token is expired or revoked); 403 `forbidden`: not allowed. */
  Unauthorized = 'unauthorized',
  BadRequest = 'bad_request',
  NotFound = 'not_found',
  Forbidden = 'forbidden',
  Conflict = 'conflict',
  /** An alert already holds the most comments it keeps (MAX_COMMENTS_PER_ALERT, libs/contracts): 409. */
  TooManyComments = 'too_many_comments',
  /** A per-user rate limit (e.g. ALERT_WRITE_LIMIT) was reached: 429, with `Retry-After`. */
  TooManyRequests = 'too_many_requests',
  StorageUnavailable = 'storage_unavailable',
  /** A state-changing request whose body is not JSON (an HTML form post from another site: CSRF). */
  UnsupportedMediaType = 'unsupported_media_type',
  /** A request body over MAX_BODY (common/http.ts), refused by Express's body parser before any handler: 413. */
  PayloadTooLarge = 'payload_too_large',
  /** An unexpected error: logged with an id, which the answer carries (`id`): 500. */
  Internal = 'internal',
  /** Any other HTTP error status raised by the framework (the answer's `status` says which). */
  HttpError = 'http_error',
}

/** One problem type of the API: its HTTP status and its RFC 9457 `title` (the same for every occurrence). */
export interface ProblemType {
  /** HTTP status; 0 for `http_error`, whose status varies. */
  readonly status: number;
  readonly title: string;
}

/** Every problem type (code → status and title); docs/api.md § Errors shows this table, checked by its test. */
export const PROBLEM_TYPES: Readonly<Record<ApiErrorCode, ProblemType>> = {
  [ApiErrorCode.BadRequest]: { status: 400, title: 'The request is not valid' },
  [ApiErrorCode.Unauthorized]: { status: 401, title: 'Sign in first' },
  [ApiErrorCode.Forbidden]: { status: 403, title: 'Not allowed' },
  [ApiErrorCode.NotFound]: { status: 404, title: 'Not found' },
  [ApiErrorCode.Conflict]: { status: 409, title: 'Conflicts with the current state' },
  [ApiErrorCode.TooManyComments]: { status: 409, title: 'The alert holds the most comments it keeps' },
  [ApiErrorCode.PayloadTooLarge]: { status: 413, title: 'The request body is too large' },
  [ApiErrorCode.UnsupportedMediaType]: { status: 415, title: 'Send the body as JSON' },
  [ApiErrorCode.TooManyRequests]: { status: 429, title: 'Too many requests' },
  [ApiErrorCode.Internal]: { status: 500, title: 'Internal error' },
  [ApiErrorCode.StorageUnavailable]: { status: 503, title: 'Storage unavailable' },
  [ApiErrorCode.HttpError]: { status: 0, title: 'HTTP error' },
};

/** The code of a framework or middleware error by its HTTP status (unknown routes: Nest's 404 → `not_found`). */
const CODE_BY_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  400: ApiErrorCode.BadRequest,
  401: ApiErrorCode.Unauthorized,
  403: ApiErrorCode.Forbidden,
  404: ApiErrorCode.NotFound,
  409: ApiErrorCode.Conflict,
  413: ApiErrorCode.PayloadTooLarge,
  415: ApiErrorCode.UnsupportedMediaType,
  429: ApiErrorCode.TooManyRequests,
};

/** One field of a refused query or body: the zod issue path inside it (`[]`: the whole body), and why. */
export type FieldError = FieldErrorDto;

/** A domain error the API reports to its caller as a problem (RFC 9457) with the code's HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** Field errors of a failed validation (`bad_request`), at most MAX_FIELD_ERRORS (libs/contracts). */
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Longest `instance` (request path) an answer repeats, in characters. */
const MAX_INSTANCE = 500;

/**
 * The RFC 9457 body of an error: `type` `urn:langxanh:problem:<code>`, the type's `title`, `status`, `detail`,
 * `instance` (the path, without the query string, at most 500 characters), and the compatibility members `error`
 * (the code) and `message` (= `detail`); `extra` (`errors`, `id`) last.
 */
export function problemBody(
  code: ApiErrorCode,
  status: number,
  detail: string,
  path: string,
  extra: Pick<ProblemDetailsDto, 'errors' | 'id'> = {},
): ProblemDetailsDto {
  return {
    type: `${PROBLEM_TYPE_PREFIX}${code}`,
    title: PROBLEM_TYPES[code].title,
    status,
    detail,
    instance: path.split('?')[0].slice(0, MAX_INSTANCE),
    error: code,
    message: detail,
    ...(extra.errors !== undefined ? { errors: extra.errors.slice(0, MAX_FIELD_ERRORS) } : {}),
    ...(extra.id !== undefined ? { id: extra.id } : {}),
  };
}

/** Answers a problem ({@link problemBody}) with `Content-Type: application/problem+json; charset=utf-8`. */
export function sendProblem(
  request: Request,
  response: Response,
  code: ApiErrorCode,
  detail: string,
  extra: Pick<ProblemDetailsDto, 'errors' | 'id'> & { status?: number } = {},
): void {
  const status = extra.status ?? (PROBLEM_TYPES[code].status || 500);
  response
    .status(status)
    .type(PROBLEM_MEDIA_TYPE)
    .json(problemBody(code, status, detail, request.originalUrl ?? request.url, extra));
}

/** Logger of storage failures behind API errors (their text stays in the log, see {@link storageFailure}). */
const storageLogger = new Logger('StorageFailure');

/**
 * A storage failure as the API error its caller gets: `storage_unavailable` (503) with `what` and an error id, or
 * `bad_request` (400) when `asInput` (the storage refused the request itself, e.g. too many buckets: our own text).
 * The storage's error text (InfluxDB's message, its URL, the statement) is logged with the id and never sent to
 * the client.
 */
export function storageFailure(what: string, error: unknown, asInput = false): ApiError {
  const text = error instanceof Error ? error.message : String(error);
  if (asInput) return new ApiError(ApiErrorCode.BadRequest, `${what}: ${text}`);
  const id = randomUUID();
  storageLogger.error(`${what} (error id ${id}): ${text}`);
  return new ApiError(ApiErrorCode.StorageUnavailable, `${what} (error id ${id})`);
}

/**
 * A client error raised by Express middleware (http-errors, e.g. body-parser's 413 "request entity too large"):
 * its 4xx status, or undefined.
 */
function clientErrorStatus(error: unknown): number | undefined {
  const e = error as { status?: unknown; expose?: unknown } | null;
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true
    ? e.status
    : undefined;
}

/** The HTTP status an error is answered with: its code's for an {@link ApiError}, Nest's own, else 500. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof ApiError) return PROBLEM_TYPES[error.code].status;
  if (error instanceof HttpException) return error.getStatus();
  return clientErrorStatus(error) ?? 500;
}

/**
 * One global filter, every error answered as an RFC 9457 problem ({@link sendProblem}): {@link ApiError}s with
 * their code's status (and field errors); Nest's own HTTP exceptions (an unknown route: 404 `not_found`) and Express
 * middleware's client errors (a body over MAX_BODY: 413 `payload_too_large`; JSON that does not parse: 400) keep
 * their status, coded by it; anything else is logged with an id and answered 500 `internal` with that `id`.
 * Headers set before the error stay (429 `Retry-After`, set by the rate-limit guards).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (exception instanceof ApiError) {
      sendProblem(request, response, exception.code, exception.message, { errors: exception.errors });
      return;
    }
    const status = exception instanceof HttpException ? exception.getStatus() : clientErrorStatus(exception);
    if (status !== undefined) {
      const code = CODE_BY_STATUS[status] ?? ApiErrorCode.HttpError;
      sendProblem(request, response, code, (exception as Error).message, { status });
      return;
    }
    const id = randomUUID();
    this.logger.error(`unexpected error ${id}: ${(exception as Error)?.stack ?? String(exception)}`);
    sendProblem(request, response, ApiErrorCode.Internal, `unexpected error (error id ${id})`, { id });
  }
}

import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** Error codes of the REST API, each mapped to one HTTP status by {@link ApiExceptionFilter}. */
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
}

const STATUS: Record<ApiErrorCode, number> = {
  [ApiErrorCode.Unauthorized]: 401,
  [ApiErrorCode.BadRequest]: 400,
  [ApiErrorCode.NotFound]: 404,
  [ApiErrorCode.Forbidden]: 403,
  [ApiErrorCode.Conflict]: 409,
  [ApiErrorCode.TooManyComments]: 409,
  [ApiErrorCode.TooManyRequests]: 429,
  [ApiErrorCode.StorageUnavailable]: 503,
  [ApiErrorCode.UnsupportedMediaType]: 415,
};

/** One field of a refused request body: the zod issue path inside the body (`[]`: the body itself), and why. */
export interface FieldError {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * A domain error the API reports to its caller: `{ error: code, message }` with the code's HTTP status, plus
 * `errors: [{path, message}]` when a body was refused field by field ({@link parseBody}).
 */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
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
  return typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true ? e.status : undefined;
}

/** The HTTP status an error is answered with: its code's for an {@link ApiError}, Nest's own, else 500. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof ApiError) return STATUS[error.code];
  if (error instanceof HttpException) return error.getStatus();
  return clientErrorStatus(error) ?? 500;
}

/**
 * One global filter: {@link ApiError}s become `{error, message}` with their status; Nest's own HTTP exceptions
 * and Express middleware's client errors (a body over the size limit: 413) keep their status; anything else is logged with an id and answered 500 `{error: 'internal', id}`.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      response.status(STATUS[exception.code]).json({
        error: exception.code,
        message: exception.message,
        ...(exception.errors ? { errors: exception.errors } : {}),
      });
      return;
    }
    if (exception instanceof HttpException) {
      response.status(exception.getStatus()).json({ error: 'http_error', message: exception.message });
      return;
    }
    const clientStatus = clientErrorStatus(exception);
    if (clientStatus !== undefined) {
      response.status(clientStatus).json({ error: 'http_error', message: (exception as Error).message });
      return;
    }
    const id = randomUUID();
    this.logger.error(`unexpected error ${id}: ${(exception as Error)?.stack ?? String(exception)}`);
    response.status(500).json({ error: 'internal', id });
  }
}

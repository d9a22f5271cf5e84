import type { z } from 'zod';
import { ApiError, ApiErrorCode, type FieldError } from './errors';

/** Most field errors listed in one answer (a body with more problems lists the first ones). */
export const MAX_FIELD_ERRORS = 50;

/** zod issues as {@link FieldError}s: the issue path (symbols dropped) and message, at most {@link MAX_FIELD_ERRORS}. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.slice(0, MAX_FIELD_ERRORS).map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: i.message,
  }));
}

/**
 * Validates a request's query string with a zod schema (unknown keys rejected by the schema's strictness).
 * @throws ApiError `bad_request` listing each problem.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
    throw new ApiError(ApiErrorCode.BadRequest, detail);
  }
  return result.data;
}

/**
 * Validates a request body with a zod schema (strict schemas reject unknown fields).
 * @throws ApiError `bad_request` listing each problem in its message and, field by field, in `errors`.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ApiError(ApiErrorCode.BadRequest, detail, fieldErrors(result.error.issues));
  }
  return result.data;
}

import type { z } from 'zod';
import { ApiError, ApiErrorCode } from './errors';

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
 * @throws ApiError `bad_request` listing each problem.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ApiError(ApiErrorCode.BadRequest, detail);
  }
  return result.data;
}

import type { z } from 'zod';
import { ApiError, ApiErrorCode } from '../common/errors';

function parseWith<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
    throw new ApiError(ApiErrorCode.BadRequest, detail);
  }
  return result.data;
}

/**
 * Validates a request's query string with a zod schema (unknown keys rejected by the schema's strictness).
 * @throws ApiError `bad_request` listing each problem.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  return parseWith(schema, query, 'query');
}

/**
 * Validates a request's JSON body with a zod schema; use `z.strictObject` so that unknown fields are rejected.
 * @throws ApiError `bad_request` listing each problem (a missing body is `undefined` and fails an object schema).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  return parseWith(schema, body, 'body');
}

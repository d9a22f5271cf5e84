import type { z } from 'zod';
import { MAX_FIELD_ERRORS, type FieldErrorDto } from '@langxanh/contracts';
import { ApiError, ApiErrorCode } from './errors';

/**
 * The field errors of a failed validation (at most MAX_FIELD_ERRORS, libs/contracts) and their one-line summary
 * (`path: message; …`, `whole` naming a problem of the whole query or body).
 */
function fieldErrors(error: z.ZodError, whole: string): { detail: string; errors: FieldErrorDto[] } {
  const all = error.issues.flatMap((i) =>
    // An unknown key is the error of that key's field (zod reports them together, on the object).
    i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: [...i.path, key].map(String).join('.'), message: 'unknown field' }))
      : [{ path: i.path.map(String).join('.'), message: i.message }],
  );
  const errors = all.slice(0, MAX_FIELD_ERRORS);
  const more = all.length > errors.length ? `; and ${all.length - errors.length} more` : '';
  return { detail: errors.map((e) => `${e.path || whole}: ${e.message}`).join('; ') + more, errors };
}

/**
 * Validates a request's query string with a zod schema (unknown keys rejected by the schema's strictness).
 * @throws ApiError `bad_request` listing each problem, with its field errors (`errors: [{path, message}]`).
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const { detail, errors } = fieldErrors(result.error, 'query');
    throw new ApiError(ApiErrorCode.BadRequest, detail, errors);
  }
  return result.data;
}

/**
 * Validates a request body with a zod schema (strict schemas reject unknown fields).
 * @throws ApiError `bad_request` listing each problem, with its field errors (`errors: [{path, message}]`).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const { detail, errors } = fieldErrors(result.error, 'body');
    throw new ApiError(ApiErrorCode.BadRequest, detail, errors);
  }
  return result.data;
}

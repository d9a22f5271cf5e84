import type { z } from 'zod';
import { MAX_FIELD_ERRORS } from '@langxanh/contracts';
import { ApiError, ApiErrorCode, type FieldError } from './errors';

/** Every zod issue as {@link FieldError}s: the issue path (symbols dropped) and message; an unknown key is its own field. */
function allFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((i) => {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    // zod reports unknown keys together, on the object: each is the error of that key's field
    return i.code === 'unrecognized_keys'
      ? i.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }))
      : [{ path, message: i.message }];
  });
}

/** zod issues as {@link FieldError}s, at most MAX_FIELD_ERRORS (libs/contracts). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return allFieldErrors(issues).slice(0, MAX_FIELD_ERRORS);
}

/**
 * The `bad_request` error of a failed validation: its field errors (at most MAX_FIELD_ERRORS) and their one-line
 * summary (`path: message; …`, `whole` naming a problem of the whole query or body).
 */
function refusal(error: z.ZodError, whole: string): ApiError {
  const all = allFieldErrors(error.issues);
  const errors = all.slice(0, MAX_FIELD_ERRORS);
  const more = all.length > errors.length ? `; and ${all.length - errors.length} more` : '';
  const detail = errors.map((e) => `${e.path.join('.') || whole}: ${e.message}`).join('; ') + more;
  return new ApiError(ApiErrorCode.BadRequest, detail, errors);
}

/**
 * Validates a request's query string with a zod schema (unknown keys rejected by the schema's strictness).
 * @throws ApiError `bad_request` listing each problem in its message and, field by field, in `errors`.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query);
  if (!result.success) throw refusal(result.error, 'query');
  return result.data;
}

/**
 * Validates a request body with a zod schema (strict schemas reject unknown fields).
 * @throws ApiError `bad_request` listing each problem in its message and, field by field, in `errors`.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw refusal(result.error, 'body');
  return result.data;
}

/**
 * Form validation with the API's own zod schemas (libs/contracts): each zod issue becomes a translated message
 * (vi/en, i18n section `admin.validation`) keyed by its field path, and the server's field problems (problem details
 * `errors[]`, or the `path: message` list of a 400) are shown the same way.
 */
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { AdminApiError } from '../api/admin-api';

/** Field path (`clusters`, `permits.0.limit`) → message; `''` is the form as a whole. */
export type FieldErrors = Readonly<Record<string, string>>;

type Issue = z.core.$ZodIssue;

/** Slug-like fields (registry ids) and name-like fields (usernames, token names) have their own pattern message. */
const NAME_FIELDS = new Set(['username', 'name']);

/** One zod issue as a sentence in the current language. */
export function issueMessage(issue: Issue, t: TFunction): string {
  const field = String(issue.path[issue.path.length - 1] ?? '');
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === ''
        ? t('admin.validation.required')
        : t('admin.validation.invalid');
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? t('admin.validation.required') : t('admin.validation.tooShort', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return t('admin.validation.tooFew', { min });
      return t('admin.validation.tooSmall', { min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return t('admin.validation.tooLong', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return t('admin.validation.tooMany', { max });
      return t('admin.validation.tooBig', { max });
    }
    case 'invalid_format':
      if (issue.format === 'regex')
        return NAME_FIELDS.has(field) ? t('admin.validation.name') : t('admin.validation.slug');
      return t('admin.validation.invalid');
    case 'invalid_value':
      return t('admin.validation.choose');
    case 'unrecognized_keys':
      return t('admin.validation.unknownField', { keys: issue.keys.join(', ') });
    case 'custom': {
      const params = (issue.params ?? {}) as { i18n?: string; max?: number };
      if (params.i18n === 'passwordBytes') return t('admin.validation.passwordBytes', { max: params.max });
      if (/ISO 8601|time/i.test(issue.message)) return t('admin.validation.time');
      return t('admin.validation.custom', { detail: issue.message });
    }
    default:
      return t('admin.validation.invalid');
  }
}

/** The first message per field path of a zod error. */
export function zodFieldErrors(error: z.ZodError, t: TFunction): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issueMessage(issue, t);
  }
  return errors;
}

/** Validates `input` with `schema`: the parsed value, or the translated field errors. */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  t: TFunction,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, data: result.data }
    : { ok: false, errors: zodFieldErrors(result.error, t) };
}

/** A refused request as field errors (the server's wording) plus a form-level message in the current language. */
export function serverErrors(error: unknown, t: TFunction): FieldErrors {
  if (!(error instanceof AdminApiError)) return { '': t('admin.errors.network') };
  const errors: Record<string, string> = {};
  for (const f of error.fieldErrors) errors[f.path] ??= f.message;
  const status = [400, 403, 404, 409, 413, 429].includes(error.status) ? String(error.status) : 'other';
  errors[''] = `${t(`admin.errors.status.${status as '400'}`)} (${error.message})`;
  return errors;
}

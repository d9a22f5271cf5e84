import { z } from 'zod';
import { SLUG_PATTERN } from '../topics';
import { queryTimeSchema } from './query-time';

/**
 * Request schemas of the administration routes (users, API tokens, audit log, silences, notifications), shared by
 * the ingester (which answers 400 `bad_request` with each issue) and the dashboard's admin forms (which show the same
 * issues beside their fields, translated). Strict: an unknown field is an issue.
 */

/** Usernames and API-token names: lowercase ASCII, digits, `.`, `_`, `-`; 2–64 characters. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * Shortest password, in characters (NIST SP 800-63B §5.1.1.2 asks at least 8; 12 here, as the ingester always
 * required) and longest, in UTF-8 bytes (bcrypt reads at most 72 bytes; a longer one would be cut silently).
 * In production the ingester also refuses common and patterned passwords (`weakPasswordReason`).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_BYTES = 72;

/** Most clusters one account or token may be scoped to (the province has a handful). */
export const MAX_SCOPE_CLUSTERS = 100;

export const roleSchema = z.enum(['admin', 'department', 'manager']);

/** Cluster ids of a scope: each 1–64 characters, at most {@link MAX_SCOPE_CLUSTERS}. */
export const scopeClustersSchema = z.array(z.string().min(1).max(64)).max(MAX_SCOPE_CLUSTERS);

/** A new password: {@link PASSWORD_MIN_LENGTH} characters to {@link PASSWORD_MAX_BYTES} UTF-8 bytes. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(256)
  .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, {
    message: `at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`,
    params: { i18n: 'passwordBytes', max: PASSWORD_MAX_BYTES },
  });

const usernameSchema = z.string().regex(USERNAME_PATTERN, '2–64 of a-z 0-9 . _ -');

/** Body of `POST /api/users`. A `manager` needs at least one cluster (checked against the registry by the API). */
export const createUserBody = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema,
  clusters: scopeClustersSchema.default([]),
});
export type CreateUserDto = z.input<typeof createUserBody>;

/** Body of `PATCH /api/users/{username}`: at least one field; any change ends the user's sessions. */
export const updateUserBody = z
  .strictObject({
    role: roleSchema.optional(),
    clusters: scopeClustersSchema.optional(),
    password: passwordSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateUserDto = z.input<typeof updateUserBody>;

/** What an API token may do (see `TokenScope`). */
export const tokenScopeSchema = z.enum(['read', 'metrics']);

/** Body of `POST /api/tokens`: an API token never has the `admin` role. */
export const createTokenBody = z.strictObject({
  name: z.string().regex(USERNAME_PATTERN, '2–64 of a-z 0-9 . _ -'),
  role: roleSchema.exclude(['admin']),
  clusters: scopeClustersSchema.default([]),
  scopes: z.array(tokenScopeSchema).min(1).max(2),
});
export type CreateTokenDto = z.input<typeof createTokenBody>;

/** Most audit entries one `GET /api/audit` answers. */
export const MAX_AUDIT_LIMIT = 1000;

/**
 * Query of `GET /api/audit`: the newest `limit` entries matching every filter given — `actor` (exact username,
 * `token:<name>` or `anonymous`), `action` (exact, e.g. `user.create`, or a prefix ending in `.`: `user.`),
 * `target` (a substring of any target value), `from`/`to` (ISO 8601, Vietnam time without an offset; `from`
 * inclusive, `to` exclusive).
 */
export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_LIMIT).default(100),
  actor: z.string().min(1).max(80).optional(),
  action: z.string().min(1).max(80).optional(),
  target: z.string().min(1).max(200).optional(),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema.optional(),
});
export type AuditQueryDto = z.input<typeof auditQuery>;

const slug = z.string().regex(SLUG_PATTERN, 'must be a slug (a-z, 0-9, -)');

/** Longest reason of a silence or maintenance window, in characters. */
export const MAX_SILENCE_REASON = 500;

/**
 * Body of `POST /api/silences`: exactly one of `station` or `cluster` (checked by the API against the registry),
 * `kind` (default `silence`), `from` (default now), `to` (ISO 8601; Vietnam time without an offset), a reason.
 */
export const silenceBody = z.strictObject({
  station: slug.optional(),
  cluster: slug.optional(),
  kind: z.enum(['silence', 'maintenance']).default('silence'),
  from: queryTimeSchema.optional(),
  to: queryTimeSchema,
  reason: z.string().trim().min(1).max(MAX_SILENCE_REASON),
});

/** Query of `GET /api/notifications`: optionally one alert's outcomes. */
export const notificationsQuery = z.strictObject({ alert: z.string().min(1).max(300).optional() });

import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditChange, Role, TokenScope, UserDto } from '@langxanh/contracts';

/** Who may call a route: a role, or `anonymous` (no credentials; a route open to anonymous is open to every role). */
export type Audience = 'anonymous' | Role;

/**
 * Every {@link TokenScope} (tokens are for integrations): `read` the routes a token's role may read, `metrics` read
 * `GET /api/metrics`. Tokens never act (acknowledge, comment, silence, manage users).
 */
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'metrics'];

/** The access rule of one route (see {@link Access}). */
export interface AccessRule {
  /** Roles allowed; include `anonymous` for a public route. */
  readonly roles: readonly Audience[];
  /** API tokens holding this scope may call the route too (`read`: only if the token's role is in `roles`). */
  readonly token?: TokenScope;
  /**
   * Audit action name (e.g. `alert.acknowledge`): every call, allowed or refused, is written to the audit log with
   * who, when, from which IP, the route's parameters and the outcome.
   */
  readonly audit?: string;
}

export const ACCESS_KEY = 'langxanh:access';

/**
 * Declares who may call a route (on a handler, or on a controller for all its handlers; the handler's wins).
 * The global {@link AuthGuard} refuses every route without a declaration (deny by default), and the access-matrix
 * test fails for a route missing from its table. Scope (which clusters) is checked in the handler with
 * `ScopeService`, since it depends on the data.
 *
 * @example
 * ```ts
 * @Post('alerts/:id/acknowledge')
 * @Access({ roles: ['manager', 'department', 'admin'], audit: 'alert.acknowledge' })
 * acknowledge(@Req() req: Request, @Param('id') id: string) {
 *   const alert = this.alerts.get(id);
 *   this.scope.assertCluster(req.user, alert.cluster);   // 401 anonymous, 403 outside the user's clusters
 *   …req.user.username…
 * }
 * ```
 */
export const Access = (rule: AccessRule) => SetMetadata(ACCESS_KEY, rule);

/** Everyone, anonymous included, and `read` tokens. The handler filters what anonymous may see. */
export const PUBLIC: AccessRule = { roles: ['anonymous', 'manager', 'department', 'admin'], token: 'read' };
/** Every signed-in person and `read` tokens; data filtered by scope in the handler. */
export const SIGNED_IN: AccessRule = { roles: ['manager', 'department', 'admin'], token: 'read' };
/** Administrators only (no token). */
export const ADMIN: AccessRule = { roles: ['admin'] };

/** Who made a request: nobody, a person (session token), or an integration (API token). */
export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly user: UserDto; readonly expiresAt: number }
  | {
      readonly kind: 'token';
      readonly user: UserDto;
      readonly tokenId: string;
      readonly scopes: readonly TokenScope[];
    };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** What a handler adds to the audit entry of its route (the route parameters are there already). */
export interface AuditDetails {
  readonly target?: Readonly<Record<string, string>>;
  readonly changes?: Readonly<Record<string, AuditChange>>;
}

/**
 * Adds to the audit entry of the current request (written by `AuditInterceptor` when the handler ends, ok or not):
 * what was created or changed, merged with what an earlier call noted. Never a password, a token or a body.
 */
export function noteAudit(request: Request, details: AuditDetails): void {
  const previous = request.auditDetails;
  request.auditDetails = {
    target: { ...previous?.target, ...details.target },
    changes: { ...previous?.changes, ...details.changes },
  };
}

/** Whether `principal` passes `rule` by role and token scope (cluster scope is the handler's business). */
export function allows(rule: AccessRule, principal: Principal): boolean {
  if (rule.roles.includes('anonymous')) {
    return principal.kind !== 'token' || (rule.token !== undefined && principal.scopes.includes(rule.token));
  }
  if (principal.kind === 'anonymous') return false;
  if (principal.kind === 'user') return rule.roles.includes(principal.user.role);
  if (rule.token === undefined || !principal.scopes.includes(rule.token)) return false;
  return rule.token === 'metrics' || rule.roles.includes(principal.user.role);
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in person (or the API token's identity, `token:<name>`); undefined for anonymous. */
    user?: UserDto;
    principal?: Principal;
    /** What the handler adds to its audit entry ({@link noteAudit}): created target, before/after of changes. */
    auditDetails?: AuditDetails;
  }
}

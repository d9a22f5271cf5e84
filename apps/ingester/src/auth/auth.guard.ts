import {
  Injectable,
  Logger,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { ApiError, ApiErrorCode, httpStatusOf } from '../common/errors';
import { ACCESS_KEY, ANONYMOUS, allows, type AccessRule, type Principal } from './access';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';

/** The access rule declared on a handler or its controller (the handler's wins), or undefined. */
export function accessRule(reflector: Reflector, context: ExecutionContext): AccessRule | undefined {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [
    context.getHandler(),
    context.getClass(),
  ]);
}

/**
 * What an audited request acts on: its route parameters and its query-string fields (e.g. the `from`/`to` of a
 * deletion), each text cut to 200 characters; a parameter wins over a query field of the same name.
 */
export function auditTarget(request: Request): Record<string, string> {
  const target: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (typeof value === 'string') target[key.slice(0, 64)] = value.slice(0, 200);
  }
  for (const [key, value] of Object.entries(request.params ?? {})) target[key] = String(value).slice(0, 200);
  return target;
}

const actorOf = (principal: Principal | undefined) =>
  principal && principal.kind !== 'anonymous'
    ? { actor: principal.user.username, role: principal.user.role }
    : { actor: 'anonymous' };

/**
 * Global guard, deny by default: authenticates the `Authorization: Bearer` credential (session JWT or `lxt_…` API
 * token; none = anonymous; an invalid one = 401), puts the caller on `request.user` ({@link UserDto}, undefined
 * for anonymous) and `request.principal`, and lets the request through only when the route declares an
 * `@Access` rule that admits the caller. A route without a rule is refused with 403 and logged as an error.
 * socket.io connections are authenticated at the handshake by the gateway; a socket.io message handler, should one
 * be added, is checked here against the principal of its socket.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = accessRule(this.reflector, context);
    if (context.getType() !== 'http') {
      // socket.io message handlers (none yet): the principal the gateway put on the socket at the handshake.
      const client = context.switchToWs().getClient<{ data?: { principal?: Principal } }>();
      if (!rule || !allows(rule, client.data?.principal ?? ANONYMOUS)) throw new WsException('forbidden');
      return true;
    }
    const request = context.switchToHttp().getRequest<Request>();
    const principal = await this.auth.fromAuthorization(request.headers.authorization);
    request.principal = principal;
    request.user = principal.kind === 'anonymous' ? undefined : principal.user;
    if (!rule) {
      this.logger.error(
        `${request.method} ${request.path}: route has no @Access rule, refused (deny by default)`,
      );
      throw new ApiError(ApiErrorCode.Forbidden, 'this route declares no access rule');
    }
    if (allows(rule, principal)) return true;
    const anonymous = principal.kind === 'anonymous';
    if (rule.audit) {
      await this.audit.record({
        ...actorOf(principal),
        action: rule.audit,
        target: auditTarget(request),
        outcome: 'denied',
        status: anonymous ? 401 : 403,
        ip: request.ip,
      });
    }
    throw anonymous
      ? new ApiError(ApiErrorCode.Unauthorized, 'sign in first')
      : new ApiError(
          ApiErrorCode.Forbidden,
          `not allowed for ${principal.kind === 'token' ? 'this API token' : `role ${principal.user.role}`}`,
        );
  }
}

/** Writes the audit-log entry of routes whose rule names an `audit` action, with the outcome of the handler. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = context.getType() === 'http' ? accessRule(this.reflector, context)?.audit : undefined;
    if (!action) return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    // Read when the handler has ended: it may have noted what it created or changed (noteAudit).
    const base = () => {
      const { target, changes } = request.auditDetails ?? {};
      return {
        ...actorOf(request.principal),
        action,
        target: { ...auditTarget(request), ...target },
        ...(changes && Object.keys(changes).length > 0 ? { changes } : {}),
        ip: request.ip,
      };
    };
    return next.handle().pipe(
      tap({
        next: () => void this.audit.record({ ...base(), outcome: 'ok', status: response.statusCode }),
        error: (error: unknown) => {
          const status = httpStatusOf(error);
          void this.audit.record({
            ...base(),
            outcome: status === 401 || status === 403 ? 'denied' : 'failed',
            status,
          });
        },
      }),
    );
  }
}

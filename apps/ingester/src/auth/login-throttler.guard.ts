import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ApiError, ApiErrorCode } from '../common/errors';
import { AuditService } from './audit.service';
import { accessRule } from './auth.guard';
import { USERNAME_PATTERN } from './users.service';

/**
 * Rate limit of `POST /api/auth/login` (@nestjs/throttler): at most `AUTH_LOGIN_LIMIT` attempts per client IP and
 * username (this tracker), and `AUTH_LOGIN_IP_LIMIT` per client IP whatever the usernames (the `login-ip`
 * throttler's own tracker, AuthModule), within `AUTH_LOGIN_WINDOW_S`; then 429 until the window has passed.
 * Keyed by IP and username, so that an attacker elsewhere cannot lock a person out. Every refusal is audited
 * (the route's audit action, `auth.login` for the login; outcome `denied`, status 429).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  @Inject(AuditService) private readonly audit!: AuditService;

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return `${String(request.ip)}|${triedUsername(request).toLowerCase()}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const request = context.switchToHttp().getRequest<Request>();
    const tried = triedUsername(request as unknown as Record<string, unknown>);
    await this.audit.record({
      actor: USERNAME_PATTERN.test(tried) ? tried : '(not a username)',
      ...(request.user ? { role: request.user.role } : {}),
      action: accessRule(this.reflector, context)?.audit ?? 'auth.login',
      outcome: 'denied',
      status: 429,
      ip: request.ip,
    });
    // The standard header (the throttler only sets its own `Retry-After-login`) and the API's error body.
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    throw new ApiError(
      ApiErrorCode.TooManyRequests,
      `too many sign-in attempts; try again in ${detail.timeToBlockExpire} s`,
    );
  }
}

/** The username tried at login, or the signed-in person's (password change: the global guard ran first); ≤ 64 characters. */
function triedUsername(request: Record<string, unknown>): string {
  const body = request.body as { username?: unknown } | undefined;
  const user = request.user as { username?: string } | undefined;
  return (typeof body?.username === 'string' ? body.username : (user?.username ?? '')).slice(0, 64);
}

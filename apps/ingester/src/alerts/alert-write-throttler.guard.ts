import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Env } from '../config/env';
import { ApiError, ApiErrorCode } from '../common/errors';
import { accessRule, auditTarget } from '../auth/auth.guard';
import { AuditService } from '../auth/audit.service';

/**
 * Per-person rate limit of the alert writes that store a new version of an alert — acknowledging and commenting
 * (@nestjs/throttler, its storage shared with the login limit of AuthModule): at most `ALERT_WRITE_LIMIT` per
 * signed-in user (whatever the address) within `ALERT_WRITE_WINDOW_S`; then 429 `too_many_requests` with
 * `Retry-After` until the window has passed. Only this guard's own throttler applies (not the login ones). Runs after
 * the global AuthGuard, so `request.user` is set.
 */
@Injectable()
export class AlertWriteThrottlerGuard extends ThrottlerGuard {
  @Inject(AuditService) private readonly audit!: AuditService;
  private readonly limit: number;
  private readonly windowS: number;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    config: ConfigService<Env, true>,
  ) {
    super(options, storage, reflector);
    this.limit = config.get('ALERT_WRITE_LIMIT', { infer: true });
    this.windowS = config.get('ALERT_WRITE_WINDOW_S', { infer: true });
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers = [{ name: 'alert-write', limit: this.limit, ttl: this.windowS * 1000 }];
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const user = request.user as { username?: string } | undefined;
    return Promise.resolve(`user:${user?.username ?? String(request.ip)}`);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    // The standard header (the throttler only sets its own `Retry-After-alert-write`).
    http.getResponse<Response>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    // Guards run before the audit interceptor: a refusal here is recorded here.
    await this.audit.record({
      actor: request.user?.username ?? 'anonymous',
      ...(request.user ? { role: request.user.role } : {}),
      action: accessRule(this.reflector, context)?.audit ?? 'alert.write',
      target: auditTarget(request),
      outcome: 'denied',
      status: 429,
      ip: request.ip,
    });
    throw new ApiError(
      ApiErrorCode.TooManyRequests,
      `at most ${this.limit} alert acknowledgements and comments per person in ${this.windowS} s (ALERT_WRITE_LIMIT); ` +
        `try again in ${detail.timeToBlockExpire} s`,
    );
  }
}

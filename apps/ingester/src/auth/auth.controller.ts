import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { SessionDto, UserDto } from '@langxanh/contracts';
import { parseBody } from '../common/query';
import { ApiError, ApiErrorCode, httpStatusOf } from '../common/errors';
import { Access, PUBLIC, SIGNED_IN } from './access';
import { AuditService } from './audit.service';
import { AuthService } from './auth.service';
import { LoginThrottlerGuard } from './login-throttler.guard';
import { USERNAME_PATTERN, UsersService } from './users.service';

/** `POST /api/auth/login` body (`LoginRequestDto`); unknown fields are rejected. */
export const loginBody = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});

/** `POST /api/auth/password` body. */
export const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  /**
   * `POST /api/auth/login` {username, password} → {@link SessionDto}. 401 for a wrong username or password (the
   * same answer for both), 429 after `AUTH_LOGIN_LIMIT` attempts per IP and username within `AUTH_LOGIN_WINDOW_S`.
   * Every attempt is audited (`auth.login`).
   */
  @Post('login')
  @HttpCode(200)
  @Access(PUBLIC)
  @UseGuards(LoginThrottlerGuard)
  async login(@Req() request: Request, @Body() body: unknown): Promise<SessionDto> {
    const { username, password } = parseBody(loginBody, body);
    const actor = USERNAME_PATTERN.test(username) ? username : '(not a username)';
    try {
      const session = await this.auth.login(username, password);
      await this.audit.record({
        actor,
        role: session.user.role,
        action: 'auth.login',
        outcome: 'ok',
        status: 200,
        ip: request.ip,
      });
      return session;
    } catch (error) {
      const status = httpStatusOf(error);
      await this.audit.record({
        actor,
        action: 'auth.login',
        outcome: status === 401 ? 'denied' : 'failed',
        status,
        ip: request.ip,
      });
      throw error;
    }
  }

  /**
   * `POST /api/auth/password` {currentPassword, newPassword} → a new {@link SessionDto}: the signed-in person changes
   * their own password (12 characters to 72 bytes); every other session of theirs ends. 401 for a wrong current
   * password; rate-limited like the login. Not for API tokens. Audited (`auth.password`).
   */
  @Post('password')
  @HttpCode(200)
  @Access({ roles: ['manager', 'department', 'admin'], audit: 'auth.password' })
  @UseGuards(LoginThrottlerGuard)
  async changePassword(@Req() request: Request, @Body() body: unknown): Promise<SessionDto> {
    const { currentPassword, newPassword } = parseBody(passwordBody, body);
    const username = request.user?.username ?? '';
    await this.auth.login(username, currentPassword);
    await this.users.update(username, { password: newPassword });
    return this.auth.login(username, newPassword);
  }

  /** `GET /api/auth/me` → the signed-in {@link UserDto} (an API token answers `token:<name>`). */
  @Get('me')
  @Access(SIGNED_IN)
  me(@Req() request: Request): UserDto {
    if (!request.user) throw new ApiError(ApiErrorCode.Unauthorized, 'sign in first');
    return request.user;
  }
}

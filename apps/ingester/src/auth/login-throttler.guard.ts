import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Rate limit of `POST /api/auth/login` (@nestjs/throttler): at most `AUTH_LOGIN_LIMIT` attempts per client IP and
 * username (this tracker), and `AUTH_LOGIN_IP_LIMIT` per client IP whatever the usernames (the `login-ip`
 * throttler's own tracker, AuthModule), within `AUTH_LOGIN_WINDOW_S`; then 429 until the window has passed.
 * Keyed by IP and username, so that an attacker elsewhere cannot lock a person out.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    // The username tried at login, or the signed-in person's (password change: the global guard ran first).
    const body = request.body as { username?: unknown } | undefined;
    const user = request.user as { username?: string } | undefined;
    const tried = typeof body?.username === 'string' ? body.username : (user?.username ?? '');
    const username = tried.slice(0, 64).toLowerCase();
    return `${String(request.ip)}|${username}`;
  }
}

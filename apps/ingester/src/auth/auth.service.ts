import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { SessionDto } from '@langxanh/contracts';
import { ApiError, ApiErrorCode } from '../common/errors';
import { ANONYMOUS, type Principal } from './access';
import { UsersService } from './users.service';

/** Claims of a session token: the username and the user's session version when it was issued. */
interface SessionClaims {
  readonly sub: string;
  readonly ver: number;
  readonly exp: number;
}

const unauthorized = (message: string) => new ApiError(ApiErrorCode.Unauthorized, message);

/**
 * Sign-in and the check of presented credentials. Session tokens are JWTs (HS256, `AUTH_JWT_SECRET`, lifetime
 * `AUTH_SESSION_TTL_S`) naming the user and its session version; the role and clusters are read from the user
 * store on every request, so a change of role or scope, a new password or a disabled account takes effect at once.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  /** See {@link UsersService.onRevoked}. */
  onRevoked(listener: (revoked: { username?: string; tokenId?: string }) => void): void {
    this.users.onRevoked(listener);
  }

  /** @returns a session for valid credentials. @throws ApiError 401 (same answer for unknown user and bad password). */
  async login(username: string, password: string): Promise<SessionDto> {
    const user = await this.users.verifyPassword(username, password);
    if (!user) throw unauthorized('wrong username or password');
    const token = await this.jwt.signAsync({ sub: user.username, ver: user.sessionVersion });
    const { exp } = this.jwt.decode<SessionClaims>(token);
    return { token, expiresAt: new Date(exp * 1000).toISOString(), user: this.users.dto(user) };
  }

  /**
   * The principal for an `Authorization` header value (`Bearer <session JWT | lxt_… API token>`), anonymous when
   * there is none. @throws ApiError 401 for a malformed, expired, revoked or unknown credential.
   */
  async fromAuthorization(header: string | undefined): Promise<Principal> {
    if (header === undefined || header === '') return ANONYMOUS;
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,2048})$/.exec(header);
    if (!match) throw unauthorized('Authorization must be "Bearer <token>"');
    return this.fromToken(match[1]);
  }

  /** The principal for a bare token (socket.io handshake `auth.token`). @throws ApiError 401. */
  async fromToken(token: string): Promise<Principal> {
    if (UsersService.isApiToken(token)) {
      const stored = this.users.verifyToken(token);
      if (!stored) throw unauthorized('unknown or revoked API token');
      return {
        kind: 'token',
        tokenId: stored.id,
        scopes: stored.scopes,
        user: { username: `token:${stored.name}`, role: stored.role, clusters: stored.clusters },
      };
    }
    let claims: SessionClaims;
    try {
      claims = await this.jwt.verifyAsync<SessionClaims>(token);
    } catch {
      throw unauthorized('session invalid or expired: sign in again');
    }
    const user = this.users.active(claims.sub);
    if (!user || user.sessionVersion !== claims.ver) throw unauthorized('session ended: sign in again');
    return { kind: 'user', user: this.users.dto(user), expiresAt: claims.exp * 1000 };
  }
}

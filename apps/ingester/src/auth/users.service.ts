import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import bcrypt from 'bcryptjs';
import type { AdminUserDto, ApiTokenDto, CreatedApiTokenDto, Role, TokenScope, UserDto } from '@langxanh/contracts';
import { ApiError, ApiErrorCode } from '../common/errors';
import type { Env } from '../config/env';
import { weakPasswordReason } from '../config/secret-strength';
import { RegistryService } from '../registry/registry.service';
import { AuthStore, type AuthFile, type StoredToken, type StoredUser } from './auth-store';

import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from '@langxanh/contracts';

/**
 * Usernames: lowercase ASCII, digits, `.`, `_`, `-`; 2–64 characters. Passwords: 12–72 bytes (bcrypt uses at most
 * 72 bytes of UTF-8; longer ones are refused, not cut). Declared in contracts, shared with the dashboard's forms.
 */
export { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH, USERNAME_PATTERN };

export interface UserInput {
  readonly role: Role;
  readonly clusters: readonly string[];
}

const TOKEN_PATTERN = /^lxt_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const toDto = (u: { username: string; role: Role; clusters: readonly string[] }): UserDto => ({
  username: u.username,
  role: u.role,
  clusters: [...u.clusters],
});

/**
 * Accounts (bcrypt password hashes), their roles and cluster scopes, and revocable API tokens (SHA-256 of a
 * 256-bit random secret), kept in memory and persisted through {@link AuthStore} on every change.
 */
@Injectable()
export class UsersService implements OnModuleInit {
  private readonly logger = new Logger(UsersService.name);
  private data: AuthFile = { version: 1, users: [], tokens: [] };
  private readonly cost: number;
  /** Compared against when the username is unknown, so that a miss costs as long as a wrong password. */
  private dummyHash = '';
  private readonly revokedListeners: ((revoked: { username?: string; tokenId?: string }) => void)[] = [];

  constructor(
    private readonly store: AuthStore,
    private readonly registry: RegistryService,
    private readonly config: ConfigService<Env, true>,
  ) {
    this.cost = config.get('AUTH_BCRYPT_COST', { infer: true });
  }

  /**
   * Calls `listener` when a user's sessions end (any change to the user, or its removal) or a token is revoked, so
   * that long-lived connections (socket.io) can be closed at once.
   */
  onRevoked(listener: (revoked: { username?: string; tokenId?: string }) => void): void {
    this.revokedListeners.push(listener);
  }

  /** Loads the store and creates the first administrator from `ADMIN_USERNAME`/`ADMIN_PASSWORD` when there is no user. */
  async onModuleInit(): Promise<void> {
    this.data = await this.store.load();
    this.store.onChange(() => void this.reload());
    this.dummyHash = await bcrypt.hash(randomBytes(16).toString('hex'), this.cost);
    const username = this.config.get('ADMIN_USERNAME', { infer: true });
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (this.data.users.length > 0) return;
    if (username === undefined || password === undefined) {
      this.logger.warn(
        `no user in ${this.store.file}: set ADMIN_USERNAME and ADMIN_PASSWORD to create the first administrator`,
      );
      return;
    }
    await this.create(username, password, { role: 'admin', clusters: [] });
    this.logger.log(`first administrator "${username}" created in ${this.store.file}`);
  }

  /** The active (not disabled) user, or undefined. */
  active(username: string): StoredUser | undefined {
    return this.data.users.find((u) => u.username === username && !u.disabled);
  }

  /** Every account with its `disabled` flag (for administrators; never a hash). */
  list(): AdminUserDto[] {
    return this.data.users.map((u) => ({ ...toDto(u), disabled: u.disabled }));
  }

  dto(user: StoredUser): UserDto {
    return toDto(user);
  }

  /** The active user with this password, or undefined; takes as long for an unknown user as for a wrong password. */
  async verifyPassword(username: string, password: string): Promise<StoredUser | undefined> {
    const user = this.active(username);
    const ok = await bcrypt.compare(password, user?.passwordHash ?? this.dummyHash);
    return ok && user ? user : undefined;
  }

  /** @throws ApiError 400 (bad name, password or scope), 409 (name taken). */
  async create(username: string, password: string, input: UserInput): Promise<UserDto> {
    if (!USERNAME_PATTERN.test(username))
      throw new ApiError(ApiErrorCode.BadRequest, 'username: 2–64 of a-z 0-9 . _ -');
    if (this.data.users.some((u) => u.username === username)) {
      throw new ApiError(ApiErrorCode.Conflict, `user "${username}" exists`);
    }
    this.checkScope(input);
    const user: StoredUser = {
      username,
      role: input.role,
      clusters: [...input.clusters],
      passwordHash: await this.hash(password),
      // Random, so that a user removed and created again under the same name does not revive old sessions.
      sessionVersion: randomInt(1, 2 ** 47),
      disabled: false,
      createdAt: new Date().toISOString(),
    };
    await this.commit({ ...this.data, users: [...this.data.users, user] });
    return toDto(user);
  }

  /**
   * Changes a user's role, clusters, password or disabled flag; any change ends the user's current sessions.
   * @throws ApiError 404, 400, 409 (the last active administrator cannot be demoted or disabled).
   */
  async update(
    username: string,
    patch: { role?: Role; clusters?: readonly string[]; password?: string; disabled?: boolean },
  ): Promise<UserDto> {
    const user = this.data.users.find((u) => u.username === username);
    if (!user) throw new ApiError(ApiErrorCode.NotFound, `no user "${username}"`);
    const role = patch.role ?? user.role;
    const clusters = patch.clusters ?? (patch.role && patch.role !== 'manager' ? [] : user.clusters);
    this.checkScope({ role, clusters });
    const next: StoredUser = {
      ...user,
      role,
      clusters: [...clusters],
      disabled: patch.disabled ?? user.disabled,
      passwordHash: patch.password !== undefined ? await this.hash(patch.password) : user.passwordHash,
      sessionVersion: user.sessionVersion + 1,
    };
    const users = this.data.users.map((u) => (u === user ? next : u));
    this.assertAnAdminRemains(users);
    await this.commit({ ...this.data, users });
    this.revoked({ username });
    return toDto(next);
  }

  /** @throws ApiError 404; 409 for the last active administrator. */
  async remove(username: string): Promise<void> {
    if (!this.data.users.some((u) => u.username === username)) {
      throw new ApiError(ApiErrorCode.NotFound, `no user "${username}"`);
    }
    const users = this.data.users.filter((u) => u.username !== username);
    this.assertAnAdminRemains(users);
    await this.commit({ ...this.data, users });
    this.revoked({ username });
  }

  /** Creates an API token; `token` is returned only here (only its SHA-256 is stored). */
  async createToken(
    name: string,
    input: UserInput & { scopes: readonly TokenScope[] },
    createdBy: string,
  ): Promise<CreatedApiTokenDto> {
    this.checkScope(input);
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const stored: StoredToken = {
      id,
      name,
      role: input.role,
      clusters: [...input.clusters],
      scopes: [...new Set(input.scopes)],
      secretSha256: sha256(secret),
      createdAt: new Date().toISOString(),
      createdBy,
    };
    await this.commit({ ...this.data, tokens: [...this.data.tokens, stored] });
    return { token: `lxt_${id}_${secret}`, info: this.tokenDto(stored) };
  }

  listTokens(): ApiTokenDto[] {
    return this.data.tokens.map((t) => this.tokenDto(t));
  }

  /** Revokes (deletes) a token: it stops working at once. @throws ApiError 404. */
  async revokeToken(id: string): Promise<void> {
    if (!this.data.tokens.some((t) => t.id === id))
      throw new ApiError(ApiErrorCode.NotFound, `no token "${id}"`);
    await this.commit({ ...this.data, tokens: this.data.tokens.filter((t) => t.id !== id) });
    this.revoked({ tokenId: id });
  }

  /** The stored token for a presented `lxt_…` string, or undefined (constant-time comparison of the hash). */
  verifyToken(presented: string): StoredToken | undefined {
    const match = TOKEN_PATTERN.exec(presented);
    if (!match) return undefined;
    const token = this.data.tokens.find((t) => t.id === match[1]);
    if (!token) return undefined;
    const a = Buffer.from(token.secretSha256, 'hex');
    const b = Buffer.from(sha256(match[2]), 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? token : undefined;
  }

  /** Whether a string looks like an API token (rather than a session JWT). */
  static isApiToken(presented: string): boolean {
    return presented.startsWith('lxt_');
  }

  private tokenDto(t: StoredToken): ApiTokenDto {
    return {
      id: t.id,
      name: t.name,
      role: t.role,
      clusters: t.clusters,
      scopes: t.scopes,
      createdAt: t.createdAt,
      createdBy: t.createdBy,
    };
  }

  private async hash(password: string): Promise<string> {
    if (password.length < PASSWORD_MIN_LENGTH || Buffer.byteLength(password, 'utf8') > PASSWORD_MAX_BYTES) {
      throw new ApiError(
        ApiErrorCode.BadRequest,
        `password: at least ${PASSWORD_MIN_LENGTH} characters and at most ${PASSWORD_MAX_BYTES} bytes`,
      );
    }
    // Production: no common or patterned password for any account (the same rule as ADMIN_PASSWORD, config/env.ts).
    const weak = this.config.get('NODE_ENV', { infer: true }) === 'production' ? weakPasswordReason(password) : undefined;
    if (weak) throw new ApiError(ApiErrorCode.BadRequest, `password: ${weak}`);
    return bcrypt.hash(password, this.cost);
  }

  /** A manager has one or more registered clusters; admin and department have none (they see all). */
  private checkScope(input: UserInput): void {
    if (input.role !== 'manager') {
      if (input.clusters.length > 0) {
        throw new ApiError(
          ApiErrorCode.BadRequest,
          `clusters: only a manager is scoped to clusters (${input.role} sees all)`,
        );
      }
      return;
    }
    if (input.clusters.length === 0)
      throw new ApiError(ApiErrorCode.BadRequest, 'clusters: a manager needs at least one');
    const known = new Set(this.registry.registry.clusters.map((c) => c.id));
    const unknown = input.clusters.filter((c) => !known.has(c));
    if (unknown.length > 0)
      throw new ApiError(ApiErrorCode.BadRequest, `clusters: unknown ${unknown.join(', ')}`);
  }

  private assertAnAdminRemains(users: readonly StoredUser[]): void {
    if (!users.some((u) => u.role === 'admin' && !u.disabled)) {
      throw new ApiError(
        ApiErrorCode.Conflict,
        'the last active administrator cannot be removed, demoted or disabled',
      );
    }
  }

  /**
   * Another node saved the shared store (several nodes): reads it again; the sessions of a changed or removed user
   * and the connections of a revoked token end here too.
   */
  private async reload(): Promise<void> {
    let next: AuthFile;
    try {
      next = await this.store.load();
    } catch (error) {
      this.logger.error(`shared auth store not reloaded: ${(error as Error).message}`);
      return;
    }
    const before = this.data;
    this.data = next;
    for (const user of before.users) {
      const now = next.users.find((u) => u.username === user.username);
      if (!now || now.sessionVersion !== user.sessionVersion || now.disabled !== user.disabled) this.revoked({ username: user.username });
    }
    for (const token of before.tokens) if (!next.tokens.some((t) => t.id === token.id)) this.revoked({ tokenId: token.id });
  }

  private revoked(what: { username?: string; tokenId?: string }): void {
    for (const listener of this.revokedListeners) listener(what);
  }

  private async commit(next: AuthFile): Promise<void> {
    await this.store.save(next);
    this.data = next;
  }
}

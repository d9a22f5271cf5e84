import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  auditQuery,
  createTokenBody,
  createUserBody,
  updateUserBody,
  type AdminUserDto,
  type ApiTokenDto,
  type AuditChange,
  type AuditEntry,
  type CreatedApiTokenDto,
  type UserDto,
} from '@langxanh/contracts';
import { parseBody, parseQuery } from '../common/query';
import { ApiError, ApiErrorCode } from '../common/errors';
import { Access, ADMIN, noteAudit } from './access';
import { AuditService } from './audit.service';
import { UsersService, USERNAME_PATTERN } from './users.service';

const usernameParam = (value: string): string => {
  if (!USERNAME_PATTERN.test(value)) throw new ApiError(ApiErrorCode.NotFound, 'no such user');
  return value;
};

/**
 * The audited fields of an update: role and clusters where they differ before and after, `disabled` as asked, a new
 * password only as `changed`.
 */
function accessChanges(
  before: UserDto | undefined,
  after: UserDto,
  patch: { password?: string; disabled?: boolean },
): Record<string, AuditChange> {
  const changes: Record<string, AuditChange> = {};
  if (before?.role !== after.role) changes['role'] = { before: before?.role, after: after.role };
  if (JSON.stringify(before?.clusters) !== JSON.stringify(after.clusters)) {
    changes['clusters'] = { before: before?.clusters, after: after.clusters };
  }
  if (patch.disabled !== undefined) changes['disabled'] = { after: patch.disabled };
  if (patch.password !== undefined) changes['password'] = { after: 'changed' };
  return changes;
}

/** User, API-token and audit-log management: administrators only; every change is audited. */
@Controller('api')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** `GET /api/users` → every account ({@link AdminUserDto}: with its `disabled` flag, never a hash). */
  @Get('users')
  @Access(ADMIN)
  list(): AdminUserDto[] {
    return this.users.list();
  }

  /** `POST /api/users` {username, password, role, clusters?} → 201 {@link UserDto}; 409 when the name is taken. */
  @Post('users')
  @Access({ ...ADMIN, audit: 'user.create' })
  create(@Req() request: Request, @Body() body: unknown): Promise<UserDto> {
    const b = parseBody(createUserBody, body);
    noteAudit(request, {
      target: { username: b.username },
      changes: { role: { after: b.role }, clusters: { after: b.clusters } },
    });
    return this.users.create(b.username, b.password, { role: b.role, clusters: b.clusters });
  }

  /** `PATCH /api/users/{username}` {role?, clusters?, password?, disabled?}: ends the user's sessions. */
  @Patch('users/:username')
  @Access({ ...ADMIN, audit: 'user.update' })
  async update(@Req() request: Request, @Param('username') username: string, @Body() body: unknown): Promise<UserDto> {
    const patch = parseBody(updateUserBody, body);
    const before = this.users.list().find((u) => u.username === username);
    const after = await this.users.update(usernameParam(username), patch);
    noteAudit(request, { changes: accessChanges(before, after, patch) });
    return after;
  }

  /** `DELETE /api/users/{username}` → 204. */
  @Delete('users/:username')
  @HttpCode(204)
  @Access({ ...ADMIN, audit: 'user.delete' })
  async remove(@Param('username') username: string): Promise<void> {
    await this.users.remove(usernameParam(username));
  }

  /** `GET /api/tokens` → every API token (never its secret). */
  @Get('tokens')
  @Access(ADMIN)
  tokens(): ApiTokenDto[] {
    return this.users.listTokens();
  }

  /**
   * `POST /api/tokens` {name, role: department|manager, clusters?, scopes: (read|metrics)[]} → 201
   * `{token, info}`; `token` (`lxt_…`) is shown only in this answer. Send it as `Authorization: Bearer lxt_…`.
   */
  @Post('tokens')
  @Access({ ...ADMIN, audit: 'token.create' })
  async createToken(@Req() request: Request, @Body() body: unknown): Promise<CreatedApiTokenDto> {
    const b = parseBody(createTokenBody, body);
    noteAudit(request, {
      target: { name: b.name },
      changes: { role: { after: b.role }, clusters: { after: b.clusters }, scopes: { after: b.scopes } },
    });
    const created = await this.users.createToken(
      b.name,
      { role: b.role, clusters: b.clusters, scopes: b.scopes },
      request.user?.username ?? '?',
    );
    noteAudit(request, { target: { id: created.info.id } });
    return created;
  }

  /** `DELETE /api/tokens/{id}` → 204; the token stops working at once. */
  @Delete('tokens/:id')
  @HttpCode(204)
  @Access({ ...ADMIN, audit: 'token.revoke' })
  async revokeToken(@Param('id') id: string): Promise<void> {
    if (!/^[0-9a-f]{16}$/.test(id)) throw new ApiError(ApiErrorCode.NotFound, 'no such token');
    await this.users.revokeToken(id);
  }

  /**
   * `GET /api/audit?limit=100&actor=&action=&target=&from=&to=` → the newest audit entries matching every filter
   * given (contracts `auditQuery`), newest first.
   */
  @Get('audit')
  @Access(ADMIN)
  auditLog(@Query() query: unknown): Promise<AuditEntry[]> {
    const { limit, ...filter } = parseQuery(auditQuery, query);
    return this.audit.recent(limit, filter);
  }
}

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { ApiTokenDto, AuditEntry, CreatedApiTokenDto, TokenScope, UserDto } from '@langxanh/contracts';
import { parseBody, parseQuery } from '../common/query';
import { ApiError, ApiErrorCode } from '../common/errors';
import { Access, ADMIN, TOKEN_SCOPES } from './access';
import { AuditService } from './audit.service';
import { UsersService, USERNAME_PATTERN } from './users.service';

const role = z.enum(['admin', 'department', 'manager']);
const clusters = z.array(z.string().min(1).max(64)).max(100);

const createUserBody = z.strictObject({
  username: z.string().regex(USERNAME_PATTERN, 'username: 2–64 of a-z 0-9 . _ -'),
  password: z.string().max(256),
  role,
  clusters: clusters.default([]),
});
const updateUserBody = z
  .strictObject({
    role: role.optional(),
    clusters: clusters.optional(),
    password: z.string().max(256).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
const createTokenBody = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'name: 2–64 of a-z 0-9 . _ -'),
  role: role.exclude(['admin']),
  clusters: clusters.default([]),
  scopes: z.array(z.enum(TOKEN_SCOPES as [TokenScope, ...TokenScope[]])).min(1),
});
const auditQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

const usernameParam = (value: string): string => {
  if (!USERNAME_PATTERN.test(value)) throw new ApiError(ApiErrorCode.NotFound, 'no such user');
  return value;
};

/** User, API-token and audit-log management: administrators only; every change is audited. */
@Controller('api')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** `GET /api/users` → every account ({@link UserDto}, never a hash). */
  @Get('users')
  @Access(ADMIN)
  list(): UserDto[] {
    return this.users.list();
  }

  /** `POST /api/users` {username, password, role, clusters?} → 201 {@link UserDto}; 409 when the name is taken. */
  @Post('users')
  @Access({ ...ADMIN, audit: 'user.create' })
  create(@Body() body: unknown): Promise<UserDto> {
    const b = parseBody(createUserBody, body);
    return this.users.create(b.username, b.password, { role: b.role, clusters: b.clusters });
  }

  /** `PATCH /api/users/{username}` {role?, clusters?, password?, disabled?}: ends the user's sessions. */
  @Patch('users/:username')
  @Access({ ...ADMIN, audit: 'user.update' })
  update(@Param('username') username: string, @Body() body: unknown): Promise<UserDto> {
    return this.users.update(usernameParam(username), parseBody(updateUserBody, body));
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
  createToken(@Req() request: Request, @Body() body: unknown): Promise<CreatedApiTokenDto> {
    const b = parseBody(createTokenBody, body);
    return this.users.createToken(
      b.name,
      { role: b.role, clusters: b.clusters, scopes: b.scopes },
      request.user?.username ?? '?',
    );
  }

  /** `DELETE /api/tokens/{id}` → 204; the token stops working at once. */
  @Delete('tokens/:id')
  @HttpCode(204)
  @Access({ ...ADMIN, audit: 'token.revoke' })
  async revokeToken(@Param('id') id: string): Promise<void> {
    if (!/^[0-9a-f]{16}$/.test(id)) throw new ApiError(ApiErrorCode.NotFound, 'no such token');
    await this.users.revokeToken(id);
  }

  /** `GET /api/audit?limit=100` → the newest audit entries, newest first. */
  @Get('audit')
  @Access(ADMIN)
  auditLog(@Query() query: unknown): Promise<AuditEntry[]> {
    return this.audit.recent(parseQuery(auditQuery, query).limit);
  }
}

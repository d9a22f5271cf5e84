import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import { ACCESS_KEY, ADMIN, ANONYMOUS, PUBLIC, type AccessRule, type Principal } from './access';
import type { AuditService } from './audit.service';
import { AuthGuard } from './auth.guard';
import type { AuthService } from './auth.service';

/** A socket.io message context whose handler declares `rule` and whose socket carries `principal`. */
function wsContext(rule: AccessRule | undefined, principal: Principal | undefined): ExecutionContext {
  const handler = () => undefined;
  if (rule) Reflect.defineMetadata(ACCESS_KEY, rule, handler);
  return {
    getType: () => 'ws',
    getHandler: () => handler,
    getClass: () => class Gateway {},
    switchToWs: () => ({ getClient: () => ({ data: principal ? { principal } : {} }) }),
  } as unknown as ExecutionContext;
}

describe('AuthGuard on socket.io messages', () => {
  const guard = new AuthGuard(new Reflector(), {} as AuthService, {} as AuditService);
  const admin: Principal = {
    kind: 'user',
    user: { username: 'a', role: 'admin', clusters: [] },
    expiresAt: 0,
  };
  const manager: Principal = {
    kind: 'user',
    user: { username: 'm', role: 'manager', clusters: ['phong-khe'] },
    expiresAt: 0,
  };

  it('refuses a handler without an access rule, whoever calls', async () => {
    await expect(guard.canActivate(wsContext(undefined, admin))).rejects.toThrow(WsException);
  });
  it("checks the rule against the socket's principal (anonymous when the handshake had none)", async () => {
    await expect(guard.canActivate(wsContext(ADMIN, manager))).rejects.toThrow(WsException);
    await expect(guard.canActivate(wsContext(ADMIN, undefined))).rejects.toThrow(WsException);
    await expect(guard.canActivate(wsContext(ADMIN, admin))).resolves.toBe(true);
    await expect(guard.canActivate(wsContext(PUBLIC, ANONYMOUS))).resolves.toBe(true);
  });
});

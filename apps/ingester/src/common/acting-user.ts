import type { Request } from 'express';

/** Username of whoever acts (set by the auth guard), or the literal `anonymous` should a route ever allow it. */
export function actingUser(request: Request): string {
  return request.user?.username ?? 'anonymous';
}

import type { UserDto } from '@langxanh/contracts';

/** A request as the auth guard (issue 3) leaves it: `user` set when signed in. */
export interface MaybeAuthenticatedRequest {
  user?: UserDto;
}

/** Username of whoever acts, or the literal `anonymous` while the API runs without the auth guard. */
export function actingUser(request: MaybeAuthenticatedRequest): string {
  return request.user?.username ?? 'anonymous';
}

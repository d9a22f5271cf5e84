import type { SessionDto } from '@langxanh/contracts';
import { api } from '../../../lib/api/client';
import { sessionStore } from '../../../lib/auth/session';

/** Signs in and keeps the session; the live connection restarts with the token. */
export async function login(username: string, password: string): Promise<SessionDto> {
  const session = await api.login({ username, password });
  sessionStore.set(session);
  return session;
}

export function logout(): void {
  sessionStore.set(null);
}

import type { SessionDto } from '@langxanh/contracts';
import { useSyncExternalStore } from 'react';
import { sessionStore } from './session';

/** The signed-in session, or null when anonymous; re-renders on login and logout. */
export function useSession(): SessionDto | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

/**
 * The signed-in session (issue: access control): the token of `POST /api/auth/login`, kept in `sessionStorage`
 * (gone when the tab closes), sent as `Authorization: Bearer …` on REST calls and as `auth: { token }` in the
 * socket.io handshake. Without a session the dashboard is anonymous: public air quality only.
 */
import type { SessionDto } from '@langxanh/contracts';

export const SESSION_STORAGE_KEY = 'langxanh.session';

function isSession(value: unknown): value is SessionDto {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<SessionDto>;
  return (
    typeof v.token === 'string' &&
    v.token.length > 0 &&
    typeof v.expiresAt === 'string' &&
    typeof v.user === 'object' &&
    v.user !== null &&
    typeof v.user.username === 'string' &&
    typeof v.user.role === 'string'
  );
}

/** A session from storage text: null when absent, unreadable, or expired at `now` (epoch ms). */
export function parseStoredSession(text: string | null, now: number): SessionDto | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // a damaged entry is the same as none
  }
  if (!isSession(value)) return null;
  const expires = Date.parse(value.expiresAt);
  return Number.isNaN(expires) || expires <= now ? null : value;
}

/** Holds the session, persists it, and tells subscribers (React, the socket) when it changes. */
export class SessionStore {
  private session: SessionDto | null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined,
    now: number,
  ) {
    this.session = parseStoredSession(storage?.getItem(SESSION_STORAGE_KEY) ?? null, now);
  }

  readonly get = (): SessionDto | null => this.session;

  /** The token, or undefined when anonymous or expired at `now`. */
  token(now = Date.now()): string | undefined {
    const s = this.session;
    if (!s) return undefined;
    if (Date.parse(s.expiresAt) <= now) {
      this.set(null);
      return undefined;
    }
    return s.token;
  }

  readonly set = (session: SessionDto | null): void => {
    if (session === this.session) return;
    this.session = session;
    if (session) this.storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
    else this.storage?.removeItem(SESSION_STORAGE_KEY);
    for (const listener of this.listeners) listener();
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

function browserStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined; // storage disabled: the session lives in memory only
  }
}

/** The dashboard's one session. */
export const sessionStore = new SessionStore(browserStorage(), Date.now());

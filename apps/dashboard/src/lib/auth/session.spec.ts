import type { SessionDto } from '@langxanh/contracts';
import { describe, expect, it, vi } from 'vitest';
import { parseStoredSession, SESSION_STORAGE_KEY, SessionStore } from './session';

const NOW = Date.parse('2026-11-29T03:00:00Z');
const session = (expiresAt = '2026-11-29T11:00:00Z'): SessionDto => ({
  token: 'abc.def.ghi',
  expiresAt,
  user: { username: 'sotnmt', role: 'department', clusters: [] },
});

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  };
}

describe('parseStoredSession', () => {
  it('reads a stored session that has not expired', () => {
    expect(parseStoredSession(JSON.stringify(session()), NOW)?.user.username).toBe('sotnmt');
  });

  it('drops expired, damaged and foreign entries', () => {
    expect(parseStoredSession(JSON.stringify(session('2026-11-29T02:59:59Z')), NOW)).toBeNull();
    expect(parseStoredSession('{not json', NOW)).toBeNull();
    expect(parseStoredSession(JSON.stringify({ token: 'x' }), NOW)).toBeNull();
    expect(parseStoredSession(null, NOW)).toBeNull();
  });
});

describe('SessionStore', () => {
  it('persists a login, tells subscribers, and forgets on logout', () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage, NOW);
    const listener = vi.fn();
    store.subscribe(listener);
    store.set(session());
    expect(storage.data.get(SESSION_STORAGE_KEY)).toContain('abc.def.ghi');
    expect(store.token(NOW)).toBe('abc.def.ghi');
    expect(new SessionStore(storage, NOW).get()?.token).toBe('abc.def.ghi');
    store.set(null);
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('gives no token once the session has expired', () => {
    const store = new SessionStore(memoryStorage({ [SESSION_STORAGE_KEY]: JSON.stringify(session()) }), NOW);
    expect(store.token(Date.parse('2026-11-29T11:00:00Z'))).toBeUndefined();
    expect(store.get()).toBeNull();
  });
});

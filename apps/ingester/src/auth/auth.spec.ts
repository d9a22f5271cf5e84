import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionDto, UserDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { ADMIN, startAppWithFakes, type FakeApp } from '../../test/support/app-with-fakes';
import { validateEnv } from '../config/env';

/** Sign-in, sessions, tokens, validation, rate limit and hardening against the real application (fake storage). */
describe('access control', () => {
  let fx: FakeApp;
  let admin: SessionDto;

  const post = async (path: string, body: unknown, token = admin.token) =>
    fx.request('POST', path, { token, body });

  beforeAll(async () => {
    fx = await startAppWithFakes({ AUTH_LOGIN_LIMIT: '3', AUTH_LOGIN_WINDOW_S: '60' });
    admin = await fx.login(ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await fx?.close();
  });

  it('creates the first administrator from the environment and stores only a bcrypt hash, in a 0600 file', async () => {
    expect(admin.user).toEqual({ username: ADMIN.username, role: 'admin', clusters: [] });
    expect(Date.parse(admin.expiresAt) - Date.now()).toBeGreaterThan(7 * 3_600_000);
    const file = join(fx.dataDir, 'auth.json');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(ADMIN.password);
    expect(text).toMatch(/"passwordHash": "\$2[aby]\$04\$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('answers 401 alike for an unknown user and a wrong password, and for a forged or garbage token', async () => {
    const unknown = await post('/api/auth/login', { username: 'nobody', password: 'whatever-123' }, '');
    const wrong = await post(
      '/api/auth/login',
      { username: ADMIN.username, password: 'not-the-password' },
      '',
    );
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await wrong.json());
    const [header, payload] = admin.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    for (const token of [forged, 'garbage-token-value', 'lxt_0123456789abcdef_' + 'x'.repeat(43)]) {
      expect((await fx.request('GET', '/api/auth/me', { token })).status).toBe(401);
    }
    expect(
      (await fx.request('GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } })).status,
    ).toBe(401);
  });

  it('throttles repeated failed logins per IP and username with 429, other usernames unaffected', async () => {
    const attempt = (username: string, password = 'wrong-password') =>
      post('/api/auth/login', { username, password }, '').then((r) => r.status);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await attempt('victim'));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(await attempt('someone-else')).toBe(401);
  });

  it('throttles one address trying many usernames (AUTH_LOGIN_IP_LIMIT)', async () => {
    const spray = await startAppWithFakes({ AUTH_LOGIN_LIMIT: '5', AUTH_LOGIN_IP_LIMIT: '4' });
    try {
      const statuses = [];
      for (const name of ['ann', 'bao', 'chi', 'dung', 'em', 'giang']) {
        statuses.push(
          (
            await spray.request('POST', '/api/auth/login', {
              body: { username: name, password: 'guess-123456' },
            })
          ).status,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await spray.close();
    }
  });

  it('rejects unknown or missing fields in bodies and queries with 400', async () => {
    expect((await post('/api/auth/login', { username: 'a', password: 'b', role: 'admin' }, '')).status).toBe(
      400,
    );
    expect((await post('/api/auth/login', 'not json', '')).status).toBe(400);
    expect(
      (await post('/api/users', { username: 'x-user', password: 'long-enough-pass', role: 'root' })).status,
    ).toBe(400);
    expect(
      (
        await post('/api/users', {
          username: 'x-user',
          password: 'long-enough-pass',
          role: 'department',
          isAdmin: true,
        })
      ).status,
    ).toBe(400);
    expect(
      (await post('/api/users', { username: 'Bad Name', password: 'long-enough-pass', role: 'department' }))
        .status,
    ).toBe(400);
    expect(
      (await post('/api/users', { username: 'short-pass', password: 'short', role: 'department' })).status,
    ).toBe(400);
    expect(
      (
        await post('/api/users', {
          username: 'm-none',
          password: 'long-enough-pass',
          role: 'manager',
          clusters: [],
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post('/api/users', {
          username: 'm-bad',
          password: 'long-enough-pass',
          role: 'manager',
          clusters: ['atlantis'],
        })
      ).status,
    ).toBe(400);
    expect((await fx.request('GET', '/api/alerts?state=all&admin=1', { token: admin.token })).status).toBe(
      400,
    );
    const huge = await post('/api/auth/login', { username: 'x', password: 'y'.repeat(20_000) }, '');
    expect(huge.status).toBe(413);
    expect((await fx.request('GET', '/api/audit?limit=1;DROP', { token: admin.token })).status).toBe(400);
  });

  it.each([
    ['a quote', "COD'"],
    ['a double quote', 'COD"'],
    ['a semicolon', 'COD;DROP DATABASE langxanh'],
    ['a regex', '/.*/'],
    ['a newline', 'COD\nwastewater,station=x COD=1'],
    ['an InfluxQL clause', 'COD" FROM "air" WHERE 1=1 --'],
  ])('rejects a parameter carrying %s with 400, before any database query', async (_name, parameter) => {
    const before = fx.calls.filter((c) => c.method === 'buckets').length;
    const path = `/api/stations/pk-air-01/readings?parameter=${encodeURIComponent(parameter)}`;
    expect((await fx.request('GET', path)).status).toBe(400);
    expect(fx.calls.filter((c) => c.method === 'buckets').length).toBe(before);
  });

  it.each([
    ['from', "2026-01-01T00:00:00Z' OR 1=1"],
    ['from', '2026-01-01T00:00:00Z;DROP'],
    ['to', 'now() - 1d'],
    ['every', '60s; SELECT *'],
    ['every', '1e3'],
    ['station', 'x'],
  ])('rejects %s=%j with 400, before any database query', async (key, value) => {
    const before = fx.calls.length;
    const path = `/api/stations/pk-air-01/readings?parameter=PM2.5&${key}=${encodeURIComponent(value)}`;
    expect((await fx.request('GET', path)).status).toBe(400);
    expect(fx.calls.length).toBe(before);
  });

  it('rejects a station id with InfluxQL or regex characters with 404, before any database query', async () => {
    const before = fx.calls.length;
    for (const id of ["pk-air-01'", 'pk-air-01;DROP', '~/.*/', 'pk-air-01%0A']) {
      expect(
        (await fx.request('GET', `/api/stations/${encodeURIComponent(id)}/readings?parameter=PM2.5`)).status,
      ).toBe(404);
    }
    expect(fx.calls.length).toBe(before);
  });

  it('passes only validated values to storage for a valid request', async () => {
    const response = await fx.request(
      'GET',
      '/api/stations/pk-air-01/readings?parameter=PM2.5&from=2026-11-01T00:00:00&every=3600',
      {},
    );
    expect(response.status).toBe(200);
    const call = fx.calls.filter((c) => c.method === 'buckets').at(-1);
    expect(call?.args[0]).toEqual({
      kind: 'air',
      station: 'pk-air-01',
      parameter: 'PM2.5',
      from: Date.parse('2026-10-31T17:00:00Z'),
      to: expect.any(Number),
      everyS: expect.any(Number),
    });
  });

  it('ends sessions when the password changes or the account is disabled, and keeps the last admin', async () => {
    expect(
      (await post('/api/users', { username: 'dept-b', password: 'first-password-1', role: 'department' }))
        .status,
    ).toBe(201);
    const session = await fx.login('dept-b', 'first-password-1');
    expect((await fx.request('GET', '/api/auth/me', { token: session.token })).status).toBe(200);
    const patch = await fx.request('PATCH', '/api/users/dept-b', {
      token: admin.token,
      body: { password: 'second-password-2' },
    });
    expect(patch.status).toBe(200);
    expect((await fx.request('GET', '/api/auth/me', { token: session.token })).status).toBe(401);
    const again = await fx.login('dept-b', 'second-password-2');
    await fx.request('PATCH', '/api/users/dept-b', { token: admin.token, body: { disabled: true } });
    expect((await fx.request('GET', '/api/auth/me', { token: again.token })).status).toBe(401);
    expect(
      (await post('/api/auth/login', { username: 'dept-b', password: 'second-password-2' }, '')).status,
    ).toBe(401);

    // Removed and created again under the same name: the old session stays dead.
    await post('/api/users', { username: 'ghost', password: 'ghost-password-1', role: 'department' });
    const ghost = await fx.login('ghost', 'ghost-password-1');
    expect((await fx.request('DELETE', '/api/users/ghost', { token: admin.token })).status).toBe(204);
    await post('/api/users', { username: 'ghost', password: 'ghost-password-2', role: 'department' });
    expect((await fx.request('GET', '/api/auth/me', { token: ghost.token })).status).toBe(401);

    const demote = await fx.request('PATCH', `/api/users/${ADMIN.username}`, {
      token: admin.token,
      body: { role: 'department' },
    });
    expect(demote.status).toBe(409);
    expect((await fx.request('DELETE', `/api/users/${ADMIN.username}`, { token: admin.token })).status).toBe(
      409,
    );
  });

  it('lets a person change their own password: the current one is checked, other sessions end', async () => {
    await post('/api/users', {
      username: 'changer',
      password: 'changer-password-1',
      role: 'manager',
      clusters: ['phong-khe'],
    });
    const laptop = await fx.login('changer', 'changer-password-1');
    const phone = await fx.login('changer', 'changer-password-1');
    const change = (token: string, currentPassword: string, newPassword: string) =>
      fx.request('POST', '/api/auth/password', { token, body: { currentPassword, newPassword } });
    expect((await change(laptop.token, 'not-my-password', 'changer-password-2')).status).toBe(401);
    expect((await change(laptop.token, 'changer-password-1', 'short')).status).toBe(400);
    const changed = await change(laptop.token, 'changer-password-1', 'changer-password-2');
    expect(changed.status).toBe(200);
    const session = (await changed.json()) as SessionDto;
    expect((await fx.request('GET', '/api/auth/me', { token: phone.token })).status).toBe(401);
    expect((await fx.request('GET', '/api/auth/me', { token: session.token })).status).toBe(200);
    expect((await fx.login('changer', 'changer-password-2')).user.username).toBe('changer');
  });

  it('applies a changed scope at once: a manager moved to another cluster loses the old one', async () => {
    await post('/api/users', {
      username: 'mover',
      password: 'mover-password-1',
      role: 'manager',
      clusters: ['phong-khe'],
    });
    const session = await fx.login('mover', 'mover-password-1');
    const me = () => fx.request('GET', '/api/auth/me', { token: session.token });
    expect(((await (await me()).json()) as UserDto).clusters).toEqual(['phong-khe']);
    expect((await fx.request('GET', '/api/stations/pk-ww-01', { token: session.token })).status).toBe(200);
    await fx.request('PATCH', '/api/users/mover', { token: admin.token, body: { clusters: ['da-hoi'] } });
    const fresh = await fx.login('mover', 'mover-password-1');
    expect((await fx.request('GET', '/api/stations/pk-ww-01', { token: fresh.token })).status).toBe(403);
    expect((await fx.request('GET', '/api/stations/dh-ww-01', { token: fresh.token })).status).toBe(200);
    const list = (await (await fx.request('GET', '/api/stations', { token: fresh.token })).json()) as {
      id: string;
      kind: string;
    }[];
    expect(list.filter((s) => s.kind !== 'air').every((s) => s.id.startsWith('dh-'))).toBe(true);
    const anonymous = (await (await fx.request('GET', '/api/stations')).json()) as { kind: string }[];
    expect(new Set(anonymous.map((s) => s.kind))).toEqual(new Set(['air']));
  });

  it('issues API tokens shown once, stored hashed, scoped, and revocable', async () => {
    const created = await post('/api/tokens', {
      name: 'prometheus',
      role: 'department',
      scopes: ['metrics'],
    });
    expect(created.status).toBe(201);
    const { token, info } = (await created.json()) as { token: string; info: { id: string } };
    expect(token).toMatch(/^lxt_[0-9a-f]{16}_/);
    expect(readFileSync(join(fx.dataDir, 'auth.json'), 'utf8')).not.toContain(
      /^lxt_[0-9a-f]{16}_(.+)$/.exec(token)![1],
    );
    expect((await fx.request('GET', '/api/metrics', { token })).status).toBe(200);
    // metrics scope only: not a read token, and tokens never manage users.
    expect((await fx.request('GET', '/api/alerts', { token })).status).toBe(403);
    expect((await fx.request('GET', '/api/users', { token })).status).toBe(403);
    const list = (await (await fx.request('GET', '/api/tokens', { token: admin.token })).json()) as object[];
    expect(JSON.stringify(list)).not.toContain('secret');
    expect((await fx.request('DELETE', `/api/tokens/${info.id}`, { token: admin.token })).status).toBe(204);
    expect((await fx.request('GET', '/api/metrics', { token })).status).toBe(401);

    const reader = await post('/api/tokens', {
      name: 'reader',
      role: 'manager',
      clusters: ['van-mon'],
      scopes: ['read'],
    });
    const readToken = ((await reader.json()) as { token: string }).token;
    expect((await fx.request('GET', '/api/stations/vm-ww-01', { token: readToken })).status).toBe(200);
    expect((await fx.request('GET', '/api/stations/pk-ww-01', { token: readToken })).status).toBe(403);
    expect((await fx.request('GET', '/api/metrics', { token: readToken })).status).toBe(403);
    expect((await post('/api/tokens', { name: 'root', role: 'admin', scopes: ['read'] })).status).toBe(400);
  });

  it('records who did what, when and from where in the audit log', async () => {
    await post('/api/users', { username: 'audited', password: 'audited-password', role: 'department' });
    await fx.request('DELETE', '/api/users/audited', { token: admin.token });
    const entries = await eventually(async () => {
      const response = await fx.request('GET', '/api/audit?limit=500', { token: admin.token });
      const body = (await response.json()) as {
        action: string;
        actor: string;
        target?: Record<string, string>;
        outcome: string;
        ip?: string;
        at: string;
      }[];
      expect(body.some((e) => e.action === 'user.delete' && e.target?.username === 'audited')).toBe(true);
      return body;
    });
    const removal = entries.find((e) => e.action === 'user.delete' && e.target?.username === 'audited')!;
    expect(removal).toMatchObject({
      actor: ADMIN.username,
      outcome: 'ok',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(Date.now() - Date.parse(removal.at)).toBeLessThan(60_000);
    expect(
      entries.some((e) => e.action === 'auth.login' && e.actor === 'victim' && e.outcome === 'denied'),
    ).toBe(true);
    const audit = readFileSync(join(fx.dataDir, 'audit.jsonl'), 'utf8');
    for (const secret of [
      ADMIN.password,
      'audited-password',
      'sneaky-password-1',
      'changer-password-2',
      admin.token,
    ]) {
      expect(audit).not.toContain(secret);
    }
  });

  it('sends security headers and refuses cross-origin requests from origins not allowed', async () => {
    const response = await fx.request('GET', '/api/health', { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers anonymous health with the status and the state of broker and database only', async () => {
    expect(await (await fx.request('GET', '/api/health')).json()).toEqual({
      status: 'ok',
      broker: { connected: true },
      database: { reachable: true },
    });
    const full = (await (await fx.request('GET', '/api/health', { token: admin.token })).json()) as {
      counters?: object;
    };
    expect(full.counters).toBeDefined();
  });

  it("closes a user's socket.io connection when the user is changed, and refuses the old session", async () => {
    await post('/api/users', { username: 'live-user', password: 'live-user-password', role: 'department' });
    const session = await fx.login('live-user', 'live-user-password');
    const socket = fx.socket(session.token);
    await eventually(() => expect(socket.connected).toBe(true));
    const closed = new Promise<string>((resolve) => socket.on('disconnect', resolve));
    await fx.request('PATCH', '/api/users/live-user', {
      token: admin.token,
      body: { role: 'manager', clusters: ['da-hoi'] },
    });
    expect(await closed).toBe('io server disconnect');
    const again = fx.socket(session.token);
    const error = await new Promise<Error>((resolve) => again.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    again.close();
  });

  it('refuses a socket.io handshake with an invalid token', async () => {
    const socket = fx.socket('not-a-valid-token');
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    socket.close();
  });
});

describe('access control across a restart', () => {
  it('keeps users, tokens and sessions (same key) after the ingester restarts, from the atomically written store', async () => {
    const first = await startAppWithFakes();
    const admin = await first.login(ADMIN.username, ADMIN.password);
    await first.request('POST', '/api/users', {
      token: admin.token,
      body: { username: 'keeper', password: 'keeper-password-1', role: 'manager', clusters: ['van-mon'] },
    });
    await first.close();
    const second = await startAppWithFakes({
      AUTH_DATA_DIR: first.dataDir,
      ADMIN_PASSWORD: 'another-admin-password',
    });
    try {
      expect((await second.request('GET', '/api/auth/me', { token: admin.token })).status).toBe(200);
      const keeper = await second.login('keeper', 'keeper-password-1');
      expect(keeper.user).toEqual({ username: 'keeper', role: 'manager', clusters: ['van-mon'] });
      // ADMIN_* only act when there is no user: the stored administrator keeps its password.
      expect(
        (
          await second.request('POST', '/api/auth/login', {
            body: { username: ADMIN.username, password: 'another-admin-password' },
          })
        ).status,
      ).toBe(401);
      expect(readdirSync(first.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuses to start in production without AUTH_JWT_SECRET, and ADMIN_USERNAME without ADMIN_PASSWORD', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow(
      /AUTH_JWT_SECRET: required when NODE_ENV=production/,
    );
    expect(() => validateEnv({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => validateEnv({ ADMIN_USERNAME: 'admin' })).toThrow(/ADMIN_PASSWORD/);
    // a random key (x×32 is refused: config/env.spec.ts)
    expect(
      validateEnv({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'Zq4Xv9Lm2Tn7Rb1Kc8Hd5Wf3Gp6Ys0Ja' }).AUTH_BCRYPT_COST,
    ).toBe(12);
  });
});

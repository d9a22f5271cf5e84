import type { AuditEntry, CreatedApiTokenDto, SessionDto, SilenceDto } from '@langxanh/contracts';
import { ADMIN, startAppWithFakes, type FakeApp } from '../../test/support/app-with-fakes';

/**
 * Issue 15 items 13 and 14 against the real application over HTTP (fake storage): every creation names what it
 * created, a change of access says what changed, refused (429) logins are audited, and a state-changing request that
 * is not JSON (an HTML form post from another site) is refused with 415 before it can count as a login attempt.
 */
describe('audit details and JSON-only requests', () => {
  let fx: FakeApp;
  let admin: SessionDto;

  beforeAll(async () => {
    fx = await startAppWithFakes({ AUTH_LOGIN_LIMIT: '2', AUTH_LOGIN_WINDOW_S: '60' });
    admin = await fx.login(ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await fx?.close();
  });

  const post = (path: string, body: unknown) => fx.request('POST', path, { token: admin.token, body });
  const auditOf = async (action: string): Promise<AuditEntry> => {
    const entries = (await (
      await fx.request('GET', '/api/audit?limit=1000', { token: admin.token })
    ).json()) as AuditEntry[];
    const entry = entries.find((e) => e.action === action);
    if (!entry) throw new Error(`no ${action} in the audit log`);
    return entry;
  };

  it('names the created user and token, with role, clusters and scopes; never the password or token', async () => {
    expect(
      (
        await post('/api/users', {
          username: 'quanly-dh',
          password: 'quanly-dh-password-1',
          role: 'manager',
          clusters: ['da-hoi'],
        })
      ).status,
    ).toBe(201);
    const user = await auditOf('user.create');
    expect(user).toMatchObject({
      actor: ADMIN.username,
      outcome: 'ok',
      target: { username: 'quanly-dh' },
      changes: { role: { after: 'manager' }, clusters: { after: ['da-hoi'] } },
    });
    expect(JSON.stringify(user)).not.toContain('quanly-dh-password-1');

    const created = (await (
      await post('/api/tokens', { name: 'grafana', role: 'department', scopes: ['read'] })
    ).json()) as CreatedApiTokenDto;
    const token = await auditOf('token.create');
    expect(token).toMatchObject({
      outcome: 'ok',
      target: { id: created.info.id, name: 'grafana' },
      changes: { role: { after: 'department' }, scopes: { after: ['read'] } },
    });
    expect(JSON.stringify(token)).not.toContain(created.token);
  });

  it('says what a role or cluster change changed, before and after', async () => {
    const patch = await fx.request('PATCH', '/api/users/quanly-dh', {
      token: admin.token,
      body: { clusters: ['da-hoi', 'phong-khe'], password: 'a-new-password-for-dh' },
    });
    expect(patch.status).toBe(200);
    expect(await auditOf('user.update')).toMatchObject({
      target: { username: 'quanly-dh' },
      changes: {
        clusters: { before: ['da-hoi'], after: ['da-hoi', 'phong-khe'] },
        password: { after: 'changed' },
      },
    });
    await fx.request('PATCH', '/api/users/quanly-dh', { token: admin.token, body: { role: 'department' } });
    const promoted = await auditOf('user.update');
    expect(promoted.changes).toEqual({
      role: { before: 'manager', after: 'department' },
      clusters: { before: ['da-hoi', 'phong-khe'], after: [] },
    });
    expect(JSON.stringify(promoted)).not.toContain('a-new-password-for-dh');
  });

  it('names the created silence and its station', async () => {
    const response = await post('/api/silences', {
      station: 'pk-ww-01',
      to: new Date(Date.now() + 3_600_000).toISOString(),
      reason: 'bảo trì',
    });
    expect(response.status).toBe(201);
    const silence = (await response.json()) as SilenceDto;
    expect(await auditOf('silence.create')).toMatchObject({
      outcome: 'ok',
      target: { id: silence.id, station: 'pk-ww-01' },
    });
  });

  it('audits refused (429) logins', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await fx.request('POST', '/api/auth/login', {
        body: { username: 'nan-nhan', password: 'wrong-password-1' },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
    expect(await auditOf('auth.login')).toMatchObject({ actor: 'nan-nhan', outcome: 'denied', status: 429 });
  });

  it('refuses state-changing requests that are not JSON with 415, before the login limit counts them', async () => {
    const form = (path: string, type: string, body: string, token?: string) =>
      fetch(`${fx.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      });
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
    ]) {
      for (let i = 0; i < 3; i++) {
        const r = await form('/api/auth/login', type, 'username=thu-ky&password=wrong-password-1');
        expect(r.status).toBe(415);
        expect(await r.json()).toMatchObject({ error: 'unsupported_media_type' });
      }
    }
    // the form posts did not use up thu-ky's attempts
    expect(
      (
        await fx.request('POST', '/api/auth/login', {
          body: { username: 'thu-ky', password: 'wrong-password-1' },
        })
      ).status,
    ).toBe(401);
    // every state-changing route, not only the login
    expect((await form('/api/silences', 'text/plain', '{"station":"pk-ww-01"}', admin.token)).status).toBe(
      415,
    );
    expect(
      (await form('/api/users', 'application/x-www-form-urlencoded', 'username=x', admin.token)).status,
    ).toBe(415);
    // JSON (with a charset) still works
    const json = await fetch(`${fx.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    expect(json.status).toBe(200);
  });

  it('filters the audit log by user, action (exact or a prefix ending in "."), target and time range', async () => {
    const before = new Date(Date.now() - 1_000).toISOString();
    expect(
      (
        await post('/api/users', {
          username: 'loc-nhat-ky',
          password: 'loc-nhat-ky-password-1',
          role: 'department',
        })
      ).status,
    ).toBe(201);
    const get = async (query: string): Promise<AuditEntry[]> => {
      const response = await fx.request('GET', `/api/audit?${query}`, { token: admin.token });
      expect(response.status).toBe(200);
      return (await response.json()) as AuditEntry[];
    };
    const byTarget = await get('target=loc-nhat-ky');
    expect(byTarget.map((e) => e.action)).toEqual(['user.create']);
    expect((await get('action=user.')).every((e) => e.action.startsWith('user.'))).toBe(true);
    expect((await get('action=user.create')).length).toBeGreaterThan(0);
    expect(
      (await get(`actor=${ADMIN.username}&target=loc-nhat-ky&from=${encodeURIComponent(before)}`)).map(
        (e) => e.action,
      ),
    ).toEqual(['user.create']);
    expect(await get(`target=loc-nhat-ky&to=${encodeURIComponent(before)}`)).toEqual([]);
    expect(await get('actor=nobody-at-all')).toEqual([]);
    expect((await fx.request('GET', '/api/audit?from=yesterday', { token: admin.token })).status).toBe(400);
  });
});

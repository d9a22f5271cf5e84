import type { INestApplication } from '@nestjs/common';
import type { ProblemDetailsDto } from '@langxanh/contracts';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';
import { signIn, startInProcessApp } from './support/in-process-app';
import { inProcessEnv } from './support/in-process-env';

/**
 * Issue 17 item 3: every error of the API is an RFC 9457 problem (`application/problem+json`) whose `type` carries
 * the API's code, with the compatibility members `error` and `message` — checked on a real ingester (in-process,
 * with `configureHttp` as `main.ts` does) against a real Mosquitto and InfluxDB, over HTTP.
 */
describe('errors as RFC 9457 problem details (real mosquitto + influxd)', () => {
  const LOGIN_LIMIT = 3;
  let broker: RunningService;
  let influx: RunningService;
  let app: INestApplication;
  let baseUrl: string;
  let admin: string;

  const call = (
    method: string,
    path: string,
    options: { token?: string; body?: string; type?: string } = {},
  ) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': options.type ?? 'application/json' } : {}),
      },
      body: options.body,
    });

  /** The answer is a problem of `code` with `status`, its members all there; returns the body. */
  const expectProblem = async (response: Response, status: number, code: string, instance: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json; charset=utf-8$/);
    const body = (await response.json()) as ProblemDetailsDto;
    expect(body).toMatchObject({ type: `urn:langxanh:problem:${code}`, status, instance, error: code });
    expect(typeof body.title).toBe('string');
    expect(body.title.length).toBeGreaterThan(0);
    expect(body.detail.length).toBeGreaterThan(0);
    expect(body.message).toBe(body.detail);
    return body;
  };

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
    Object.assign(
      process.env,
      inProcessEnv('problems', broker, influx, {
        AUTH_LOGIN_LIMIT: String(LOGIN_LIMIT),
        AUTH_LOGIN_IP_LIMIT: '1000',
      }),
    );
    ({ app, baseUrl } = await startInProcessApp({ http: true }));
    await eventually(async () => expect((await call('GET', '/api/health')).status).toBe(200), {
      timeoutMs: 20_000,
    });
    admin = await signIn(baseUrl, 'admin', 'problems-admin-password');
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await stopAll();
    delete process.env['AUTH_LOGIN_LIMIT'];
    delete process.env['AUTH_LOGIN_IP_LIMIT'];
  }, 60_000);

  it('400 bad_request with field errors for an unknown query key and a bad body', async () => {
    const query = await expectProblem(
      await call('GET', '/api/stations/pk-air-01/readings?parameter=PM2.5&bogus=1&every=x'),
      400,
      'bad_request',
      '/api/stations/pk-air-01/readings',
    );
    expect(query.errors).toEqual(
      expect.arrayContaining([
        { path: ['bogus'], message: 'unknown field' },
        { path: ['every'], message: expect.any(String) },
      ]),
    );
    const body = await expectProblem(
      await call('POST', '/api/users', {
        token: admin,
        body: JSON.stringify({ username: 'X!', password: 'a-long-enough-password', role: 'chief' }),
      }),
      400,
      'bad_request',
      '/api/users',
    );
    expect(body.errors?.map((e) => e.path.join('.')).sort()).toEqual(['role', 'username']);
    // JSON that does not parse (Express's body parser)
    await expectProblem(
      await call('POST', '/api/auth/login', { body: '{"username":' }),
      400,
      'bad_request',
      '/api/auth/login',
    );
  });

  it('401 unauthorized without credentials and with a bad token; 403 forbidden for a role not allowed', async () => {
    await expectProblem(await call('GET', '/api/users'), 401, 'unauthorized', '/api/users');
    await expectProblem(
      await call('GET', '/api/stations', { token: 'lxt_not-a-token' }),
      401,
      'unauthorized',
      '/api/stations',
    );
    const created = await call('POST', '/api/users', {
      token: admin,
      body: JSON.stringify({
        username: 'pk-manager',
        password: 'a-long-enough-password',
        role: 'manager',
        clusters: ['phong-khe'],
      }),
    });
    expect(created.status).toBe(201);
    const manager = { token: await signIn(baseUrl, 'pk-manager', 'a-long-enough-password') };
    await expectProblem(
      await call('GET', '/api/users', { token: manager.token }),
      403,
      'forbidden',
      '/api/users',
    );
    await expectProblem(
      await call('GET', '/api/stations/dh-ww-01', { token: manager.token }),
      403,
      'forbidden',
      '/api/stations/dh-ww-01',
    );
  });

  it('404 not_found for an unknown station and for a route the API does not have', async () => {
    await expectProblem(
      await call('GET', '/api/stations/no-such-station'),
      404,
      'not_found',
      '/api/stations/no-such-station',
    );
    await expectProblem(await call('GET', '/api/nothing-here?x=1'), 404, 'not_found', '/api/nothing-here');
    await expectProblem(await call('DELETE', '/api/clusters'), 404, 'not_found', '/api/clusters');
  });

  it('409 conflict when the username is taken', async () => {
    const body = JSON.stringify({
      username: 'twice',
      password: 'a-long-enough-password',
      role: 'department',
    });
    expect((await call('POST', '/api/users', { token: admin, body })).status).toBe(201);
    const problem = await expectProblem(
      await call('POST', '/api/users', { token: admin, body }),
      409,
      'conflict',
      '/api/users',
    );
    expect(problem.detail).toContain('twice');
  });

  it('413 payload_too_large for a body over 16 KiB, 415 unsupported_media_type for a form post', async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(20_000) });
    await expectProblem(
      await call('POST', '/api/auth/login', { body: big }),
      413,
      'payload_too_large',
      '/api/auth/login',
    );
    await expectProblem(
      await call('POST', '/api/auth/login', {
        body: 'username=admin&password=x',
        type: 'application/x-www-form-urlencoded',
      }),
      415,
      'unsupported_media_type',
      '/api/auth/login',
    );
  });

  it('429 too_many_requests with Retry-After after AUTH_LOGIN_LIMIT failed sign-ins', async () => {
    const attempt = () =>
      call('POST', '/api/auth/login', {
        body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password' }),
      });
    for (let i = 0; i < LOGIN_LIMIT; i += 1)
      await expectProblem(await attempt(), 401, 'unauthorized', '/api/auth/login');
    const refused = await attempt();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectProblem(refused, 429, 'too_many_requests', '/api/auth/login');
  });
});

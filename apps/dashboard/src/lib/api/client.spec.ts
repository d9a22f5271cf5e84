import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getJson } from './client';

describe('ApiError carries the API problem details (RFC 9457)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the field errors of an application/problem+json answer', async () => {
    const problem = {
      type: 'urn:langxanh:problem:bad_request',
      title: 'The request is not valid',
      status: 400,
      detail: 'role: Invalid option',
      instance: '/api/users',
      error: 'bad_request',
      message: 'role: Invalid option',
      errors: [{ path: ['role'], message: 'Invalid option' }],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(problem), {
            status: 400,
            headers: { 'content-type': 'application/problem+json; charset=utf-8' },
          }),
      ),
    );
    const error = await getJson('/api/users').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).problem?.errors).toEqual([{ path: ['role'], message: 'Invalid option' }]);
  });

  it('has no problem for another body', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
    );
    const error = (await getJson('/api/stations').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.problem).toBeUndefined();
  });
});

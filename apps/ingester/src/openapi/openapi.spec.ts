import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { oas31 } from 'zod-openapi';
import { startAppWithFakes, type FakeApp } from '../../test/support/app-with-fakes';
import { PROBLEM_TYPES } from '../common/errors';
import { openApiPath } from './openapi-document';
import { DOCS_CSP } from './openapi.controller';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../..');

/** One Express route layer (Express 5 `router.stack`). */
interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
}

/**
 * Every route the running application serves, `METHOD /openapi/{path}`, read from Express's own router (not from
 * Nest's metadata): what a client can actually call. HEAD (Express answers it for every GET) is left out.
 */
function servedRoutes(app: FakeApp['app']): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    // `/{*path}` layers are middleware bound to every path (nestjs-pino's request logger, `forRoutes('*')`), not
    // endpoints; an unknown path ends in Nest's 404 `not_found` problem.
    for (const path of paths.filter((p) => !p.includes('*'))) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all' && method !== 'head')
          routes.add(`${method.toUpperCase()} ${openApiPath(path)}`);
      }
    }
  }
  return [...routes].sort();
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

function documentedRoutes(document: oas31.OpenAPIObject): string[] {
  return Object.entries(document.paths ?? {})
    .flatMap(([path, item]) => METHODS.filter((m) => item?.[m]).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

describe('OpenAPI document (GET /api/openapi.json) against the running application', () => {
  let fake: FakeApp;
  let document: oas31.OpenAPIObject;

  beforeAll(async () => {
    fake = await startAppWithFakes();
    const response = await fake.request('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    document = (await response.json()) as oas31.OpenAPIObject;
  }, 60_000);
  afterAll(() => fake?.close(), 30_000);

  it('is OpenAPI 3.1 and describes every route the application serves, and no other', () => {
    expect(document.openapi).toBe('3.1.0');
    const served = servedRoutes(fake.app);
    const documented = documentedRoutes(document);
    expect(served.length).toBeGreaterThan(30);
    const undocumented = served.filter((r) => !documented.includes(r));
    const notServed = documented.filter((r) => !served.includes(r));
    const problems = [
      ...undocumented.map(
        (r) =>
          `${r}: served but not described — add it to ROUTE_DOCS in apps/ingester/src/openapi/route-docs.ts`,
      ),
      ...notServed.map(
        (r) => `${r}: described in ROUTE_DOCS (apps/ingester/src/openapi/route-docs.ts) but not served`,
      ),
    ];
    expect(problems).toEqual([]);
  });

  it("gives each route its access rule, its parameters and body from the controllers' zod schemas, and problem answers", () => {
    const users = document.paths?.['/api/users']?.post;
    expect(users?.['x-access']).toEqual({ roles: ['admin'], audit: 'user.create' });
    expect(users?.security).toEqual([{ bearer: [] }]);
    const body = (users?.requestBody as oas31.RequestBodyObject).content['application/json']
      .schema as oas31.SchemaObject;
    expect(body.required).toEqual(expect.arrayContaining(['username', 'password', 'role']));
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(users?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415']),
    );
    const problem = (users?.responses?.['409'] as oas31.ResponseObject).content?.['application/problem+json'];
    expect(problem?.schema).toEqual({ $ref: '#/components/schemas/ProblemDetailsDto' });

    const readings = document.paths?.['/api/stations/{id}/readings']?.get;
    const names = (readings?.parameters as oas31.ParameterObject[]).map((p) => `${p.in}:${p.name}`);
    expect(names).toEqual(
      expect.arrayContaining(['path:id', 'query:parameter', 'query:from', 'query:to', 'query:every']),
    );
    expect(readings?.security).toEqual([{}, { bearer: [] }]);
    expect(readings?.['x-access']).toEqual({
      roles: ['anonymous', 'manager', 'department', 'admin'],
      token: 'read',
    });

    const ack = document.paths?.['/api/alerts/{id}/acknowledge']?.post;
    expect(ack?.responses?.['429']).toMatchObject({ headers: { 'Retry-After': expect.anything() } });
    expect((ack?.requestBody as oas31.RequestBodyObject).required).toBe(false);
  });

  it("is valid OpenAPI 3.1 (the specification's JSON Schema, @seriousme/openapi-schema-validator)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langxanh-openapi-valid-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
      const cli = join(ROOT, 'node_modules/@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
      const result = await run(process.execPath, [cli, join(dir, 'openapi.json')]).catch(
        (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
      );
      expect(JSON.parse(result.stdout)).toEqual({ valid: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('generates a client with openapi-typescript whose types tsc accepts and that match the contracts DTOs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langxanh-openapi-client-'));
    try {
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document));
      await run(process.execPath, [
        join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
        join(dir, 'openapi.json'),
        '--output',
        join(dir, 'api.d.ts'),
        // readonly arrays and properties, as the contracts' DTOs; `{type: object}` (any object) as unknown
        '--immutable',
        '--empty-objects-unknown',
      ]);
      // The contracts' DTOs must be assignable to the generated answer types (the document describes them), and a
      // request built from the generated types must be what the API parses.
      writeFileSync(
        join(dir, 'client.ts'),
        `import type { paths, components } from './api';
import type { AlertDto, ApiTokenDto, AuditEntry, ClusterDto, ComplianceReportDto, HealthDto, ProblemDetailsDto,
  ReadingsDto, SessionDto, StationAqiDto, StationDto, UserDto } from '${join(ROOT, 'libs/contracts/src/index')}';
type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer T } } } } ? T : never;
export const checks = (a: {
  stations: StationDto[]; station: StationDto; clusters: ClusterDto[]; readings: ReadingsDto; alert: AlertDto;
  session: SessionDto; users: UserDto[]; tokens: ApiTokenDto[]; audit: AuditEntry[]; aqi: StationAqiDto;
  compliance: ComplianceReportDto; health: HealthDto; problem: ProblemDetailsDto;
}) => {
  const stations: Json<'/api/stations', 'get', 200> = a.stations;
  const station: Json<'/api/stations/{id}', 'get', 200> = a.station;
  const clusters: Json<'/api/clusters', 'get', 200> = a.clusters;
  const readings: Json<'/api/stations/{id}/readings', 'get', 200> = a.readings;
  const alert: Json<'/api/alerts/{id}/acknowledge', 'post', 200> = a.alert;
  const session: Json<'/api/auth/login', 'post', 200> = a.session;
  const users: Json<'/api/users', 'get', 200> = a.users;
  const tokens: Json<'/api/tokens', 'get', 200> = a.tokens;
  const audit: Json<'/api/audit', 'get', 200> = a.audit;
  const aqi: Json<'/api/stations/{id}/aqi', 'get', 200> = a.aqi;
  const compliance: Json<'/api/stations/{id}/compliance', 'get', 200> = a.compliance;
  const health: Json<'/api/health', 'get', 200> = a.health;
  const problem: components['schemas']['ProblemDetailsDto'] = a.problem;
  const login: paths['/api/auth/login']['post']['requestBody'] = { content: { 'application/json': { username: 'a', password: 'b' } } };
  const query: paths['/api/stations/{id}/readings']['get']['parameters']['query'] = { parameter: 'PM2.5', every: '60' };
  return [stations, station, clusters, readings, alert, session, users, tokens, audit, aqi, compliance, health, problem, login, query];
};
`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            target: 'ES2022',
            module: 'node16',
            moduleResolution: 'node16',
            types: [],
          },
          files: ['client.ts'],
        }),
      );
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).catch(
        (error: { stdout?: string; code?: number }) => ({
          stdout: error.stdout ?? String(error),
          code: error.code,
        }),
      );
      expect(result.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('serves Swagger UI from this server at /api/docs with a CSP for that page only', async () => {
    const page = await fake.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(DOCS_CSP);
    const html = await page.text();
    for (const src of html.match(/(?:src|href)="[^"]+"/g) ?? []) {
      const url = src.split('"')[1];
      if (url.startsWith('data:')) continue; // the empty icon
      expect(url.startsWith('/api/docs/')).toBe(true);
      const file = await fake.request('GET', url);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-security-policy')).toBe(DOCS_CSP);
    }
    const other = await fake.request('GET', '/api/docs/package.json');
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Every other answer keeps the API's own policy.
    expect((await fake.request('GET', '/api/openapi.json')).headers.get('content-security-policy')).toMatch(
      /default-src 'none'/,
    );
  });
});

describe('docs/api.md § Errors', () => {
  it('lists every problem type with its status and title, as PROBLEM_TYPES has them', () => {
    const text = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `([a-z_]+)` \| (\d{3}|\(varies\)) \| ([^|]+) \|/gm)].map(
      ([, code, status, title]) => [
        code,
        { status: status === '(varies)' ? 0 : Number(status), title: title.trim() },
      ],
    );
    expect(Object.fromEntries(rows)).toEqual(PROBLEM_TYPES);
  });
});

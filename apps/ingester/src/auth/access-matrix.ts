/**
 * The access matrix: every REST route and socket.io event, each role, allow or deny. It is data for two readers:
 * `access-matrix.spec.ts` runs every case against the real application (with fake storage and broker) and
 * checks that the routes listed here are exactly the routes the application serves, and the
 * "Who may do what" table of docs/security.md is rendered from it (`renderAccessMatrix`, checked by the same test).
 *
 * Roles: `anonymous` (no credentials), `manager` (a manager of cluster A = `phong-khe` only), `department`,
 * `admin`. Cluster B is `da-hoi`. A new route must be added here with its cases, or the test fails; then
 * `UPDATE_ACCESS_MATRIX=1 npx jest -c apps/ingester/jest.config.js access-matrix` rewrites the README table.
 */

export type MatrixRole = 'anonymous' | 'manager' | 'department' | 'admin';
export const MATRIX_ROLES: readonly MatrixRole[] = ['anonymous', 'manager', 'department', 'admin'];
export type Verdict = 'allow' | 'deny';

/** Allow or deny per role, in the order of {@link MATRIX_ROLES}. */
type Verdicts = readonly [Verdict, Verdict, Verdict, Verdict];

export interface RouteCase {
  /** `METHOD /path/:param` exactly as the application declares it. */
  readonly route: string;
  /** What this case exercises (the README shows it). */
  readonly when: string;
  /** The concrete request path; `{name}` placeholders are filled by the test's fixtures. */
  readonly path: string;
  /** JSON body of the request, if any. */
  readonly body?: unknown;
  readonly expect: Verdicts;
}

export interface EventCase {
  /** socket.io event name. */
  readonly event: 'reading' | 'alert' | 'station-state';
  readonly when: string;
  /** The station the event is about. */
  readonly station: string;
  /** Received (allow) or not (deny), per role. */
  readonly expect: Verdicts;
}

const ALL: Verdicts = ['allow', 'allow', 'allow', 'allow'];
const SIGNED_IN: Verdicts = ['deny', 'allow', 'allow', 'allow'];
const IN_SCOPE_A: Verdicts = ['deny', 'allow', 'allow', 'allow'];
const OUT_OF_SCOPE_B: Verdicts = ['deny', 'deny', 'allow', 'allow'];
const ADMIN_ONLY: Verdicts = ['deny', 'deny', 'deny', 'allow'];
/** The registry (issue 17): department and admin read and change it; managers see none of it. */
const DEPARTMENT_ADMIN: Verdicts = ['deny', 'deny', 'allow', 'allow'];

/** A station as `POST /api/registry/stations` takes it; `{newStation}` differs per role (created once each). */
const NEW_STATION = {
  cluster: 'phong-khe',
  id: '{newStation}',
  kind: 'air',
  name: 'Trạm không khí thử',
  location: { lat: 21.18, lon: 106.03 },
  standard: { qcvn: 'QCVN 05:2023/BTNMT' },
};
/** A cluster as `POST /api/registry/clusters` takes it; `{newCluster}` differs per role. */
const NEW_CLUSTER = {
  id: '{newCluster}',
  name: 'Cụm thử',
  craft: { vi: 'Thử', en: 'Test' },
  commune: 'Phường Thử',
  location: { lat: 21.1, lon: 106.1 },
  manager: { name: 'Nguyễn Văn Thử', phone: '+84 912 345 678', email: 'thu@example.vn' },
};

export const ROUTE_CASES: readonly RouteCase[] = [
  {
    route: 'GET /api/health',
    when: 'liveness (anonymous: up/down only)',
    path: '/api/health',
    expect: ALL,
  },
  {
    route: 'GET /api/health/live',
    when: 'liveness probe (anonymous: up/down only)',
    path: '/api/health/live',
    expect: ALL,
  },
  {
    route: 'GET /api/health/ready',
    when: 'readiness probe (anonymous: up/down only)',
    path: '/api/health/ready',
    expect: ALL,
  },
  {
    route: 'GET /api/metrics',
    when: 'Prometheus (also a `metrics` API token)',
    path: '/api/metrics',
    expect: ADMIN_ONLY,
  },
  { route: 'GET /api/clusters', when: 'public registry', path: '/api/clusters', expect: ALL },
  {
    route: 'GET /api/stations',
    when: 'list filtered: air for all, others in scope',
    path: '/api/stations',
    expect: ALL,
  },
  {
    route: 'GET /api/stations/:id',
    when: 'air station, cluster B',
    path: '/api/stations/dh-air-01',
    expect: ALL,
  },
  {
    route: 'GET /api/stations/:id',
    when: 'wastewater station, cluster A',
    path: '/api/stations/pk-ww-01',
    expect: IN_SCOPE_A,
  },
  {
    route: 'GET /api/stations/:id',
    when: 'waste point, cluster B',
    path: '/api/stations/dh-bin-01',
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'GET /api/stations/:id/readings',
    when: 'air station, cluster B',
    path: '/api/stations/dh-air-01/readings?parameter=PM2.5',
    expect: ALL,
  },
  {
    route: 'GET /api/stations/:id/readings',
    when: 'wastewater station, cluster A',
    path: '/api/stations/pk-ww-01/readings?parameter=COD',
    expect: IN_SCOPE_A,
  },
  {
    route: 'GET /api/stations/:id/readings',
    when: 'wastewater station, cluster B',
    path: '/api/stations/dh-ww-01/readings?parameter=COD',
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'POST /api/stations/:id/readings',
    when: 'history import (audited)',
    path: '/api/stations/pk-air-01/readings',
    body: { readings: [{ ts: '2026-01-01T00:00:00+07:00', values: { 'PM2.5': 12 } }] },
    expect: ADMIN_ONLY,
  },
  {
    route: 'DELETE /api/stations/:id/readings',
    when: 'delete a time range (audited)',
    path: '/api/stations/pk-air-01/readings?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
    expect: ADMIN_ONLY,
  },
  {
    route: 'GET /api/exports/readings',
    when: 'CSV/XLSX download, air station, cluster B',
    path: '/api/exports/readings?stations=dh-air-01',
    expect: ALL,
  },
  {
    route: 'GET /api/exports/readings',
    when: 'CSV/XLSX download, wastewater station, cluster A',
    path: '/api/exports/readings?stations=pk-ww-01&format=xlsx',
    expect: IN_SCOPE_A,
  },
  {
    route: 'GET /api/exports/readings',
    when: 'CSV/XLSX download, wastewater station, cluster B',
    path: '/api/exports/readings?stations=dh-ww-01',
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'GET /api/exports/alerts',
    when: "alert history download (the caller's clusters)",
    path: '/api/exports/alerts',
    expect: SIGNED_IN,
  },
  { route: 'GET /api/aqi', when: 'current VN_AQI of every air station', path: '/api/aqi', expect: ALL },
  {
    route: 'GET /api/stations/:id/aqi',
    when: 'air station, cluster B',
    path: '/api/stations/dh-air-01/aqi',
    expect: ALL,
  },
  {
    route: 'GET /api/stations/:id/compliance',
    when: 'air station, cluster B',
    path: '/api/stations/dh-air-01/compliance?from=2026-10&to=2026-11',
    expect: ALL,
  },
  {
    route: 'GET /api/stations/:id/compliance',
    when: 'wastewater station, cluster A',
    path: '/api/stations/pk-ww-01/compliance?from=2026-10&to=2026-11',
    expect: IN_SCOPE_A,
  },
  {
    route: 'GET /api/stations/:id/compliance',
    when: 'wastewater station, cluster B',
    path: '/api/stations/dh-ww-01/compliance?from=2026-10&to=2026-11',
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'GET /api/alerts',
    when: 'list filtered to scope',
    path: '/api/alerts?state=all',
    expect: SIGNED_IN,
  },
  {
    route: 'GET /api/alerts/:id',
    when: 'alert of cluster A',
    path: '/api/alerts/{alertA}',
    expect: IN_SCOPE_A,
  },
  {
    route: 'GET /api/alerts/:id',
    when: 'alert of cluster B',
    path: '/api/alerts/{alertB}',
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'POST /api/alerts/:id/acknowledge',
    when: 'alert of cluster A (audited; tokens never act)',
    path: '/api/alerts/{ackA}/acknowledge',
    body: { comment: 'đã kiểm tra' },
    expect: IN_SCOPE_A,
  },
  {
    route: 'POST /api/alerts/:id/acknowledge',
    when: 'alert of cluster B',
    path: '/api/alerts/{ackB}/acknowledge',
    body: {},
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'POST /api/alerts/acknowledge',
    when: 'several alerts of cluster A (audited; tokens never act)',
    path: '/api/alerts/acknowledge',
    body: { ids: ['{alertIdA}'], comment: 'đã kiểm tra' },
    expect: IN_SCOPE_A,
  },
  {
    route: 'POST /api/alerts/acknowledge',
    when: 'one of them of cluster B',
    path: '/api/alerts/acknowledge',
    body: { ids: ['{alertIdA}', '{alertIdB}'] },
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'POST /api/alerts/:id/comments',
    when: 'alert of cluster A (audited)',
    path: '/api/alerts/{alertA}/comments',
    body: { text: 'van đã đóng' },
    expect: IN_SCOPE_A,
  },
  {
    route: 'POST /api/alerts/:id/comments',
    when: 'alert of cluster B',
    path: '/api/alerts/{alertB}/comments',
    body: { text: 'x' },
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'GET /api/notifications',
    when: 'delivery outcomes filtered to scope',
    path: '/api/notifications',
    expect: SIGNED_IN,
  },
  {
    route: 'POST /api/notifications/:id/retry',
    when: 'deliver a failed notification again (audited)',
    path: '/api/notifications/{failedA}/retry',
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'GET /api/silences',
    when: 'silences filtered to scope',
    path: '/api/silences',
    expect: SIGNED_IN,
  },
  {
    route: 'POST /api/silences',
    when: 'maintenance window on a station of cluster A (audited)',
    path: '/api/silences',
    body: { station: 'pk-ww-01', kind: 'maintenance', to: '{inAnHour}', reason: 'thay điện cực' },
    expect: IN_SCOPE_A,
  },
  {
    route: 'POST /api/silences',
    when: 'silence on cluster B',
    path: '/api/silences',
    body: { cluster: 'da-hoi', to: '{inAnHour}', reason: 'x' },
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'DELETE /api/silences/:id',
    when: 'a silence of cluster A (audited)',
    path: '/api/silences/{silenceA}',
    expect: IN_SCOPE_A,
  },
  {
    route: 'DELETE /api/silences/:id',
    when: 'a silence of cluster B',
    path: '/api/silences/{silenceB}',
    expect: OUT_OF_SCOPE_B,
  },
  {
    route: 'POST /api/auth/login',
    when: 'rate-limited per IP and username',
    path: '/api/auth/login',
    body: { username: '{loginUser}', password: '{loginPassword}' },
    expect: ALL,
  },
  {
    route: 'POST /api/auth/password',
    when: "change one's own password",
    path: '/api/auth/password',
    body: { currentPassword: '{ownPassword}', newPassword: '{ownPassword}' },
    expect: SIGNED_IN,
  },
  { route: 'GET /api/auth/me', when: 'the signed-in user', path: '/api/auth/me', expect: SIGNED_IN },
  { route: 'GET /api/users', when: 'accounts', path: '/api/users', expect: ADMIN_ONLY },
  {
    route: 'POST /api/users',
    when: 'create an account',
    path: '/api/users',
    body: {
      username: 'new-manager',
      password: 'a-long-enough-password',
      role: 'manager',
      clusters: ['da-hoi'],
    },
    expect: ADMIN_ONLY,
  },
  {
    route: 'PATCH /api/users/:username',
    when: 'role, clusters, password, disabled',
    path: '/api/users/{targetUser}',
    body: { clusters: ['phong-khe', 'da-hoi'] },
    expect: ADMIN_ONLY,
  },
  {
    route: 'DELETE /api/users/:username',
    when: 'remove an account',
    path: '/api/users/{targetUser}',
    expect: ADMIN_ONLY,
  },
  { route: 'GET /api/tokens', when: 'API tokens (no secrets)', path: '/api/tokens', expect: ADMIN_ONLY },
  {
    route: 'POST /api/tokens',
    when: 'issue an API token',
    path: '/api/tokens',
    body: { name: 'scraper', role: 'department', scopes: ['metrics'] },
    expect: ADMIN_ONLY,
  },
  {
    route: 'DELETE /api/tokens/:id',
    when: 'revoke an API token',
    path: '/api/tokens/{tokenId}',
    expect: ADMIN_ONLY,
  },
  { route: 'GET /api/audit', when: 'audit log', path: '/api/audit?limit=10', expect: ADMIN_ONLY },
  {
    route: 'GET /api/openapi.json',
    when: 'the OpenAPI 3.1 document (shapes and rules, no data)',
    path: '/api/openapi.json',
    expect: ALL,
  },
  { route: 'GET /api/docs', when: 'Swagger UI over the document', path: '/api/docs', expect: ALL },
  {
    route: 'GET /api/docs/:file',
    when: "Swagger UI's files",
    path: '/api/docs/start.js',
    expect: ALL,
  },
  {
    route: 'GET /api/registry',
    when: 'the registry in force and its version',
    path: '/api/registry',
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'GET /api/registry/export',
    when: 'the registry as the seed file',
    path: '/api/registry/export',
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'GET /api/registry/versions',
    when: 'versions, newest first',
    path: '/api/registry/versions?limit=5',
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'GET /api/registry/versions/:version',
    when: 'one version with its registry',
    path: '/api/registry/versions/1',
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'POST /api/registry/stations',
    when: 'add a station (audited)',
    path: '/api/registry/stations',
    body: NEW_STATION,
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'PUT /api/registry/stations/:id',
    when: 'change a station (audited)',
    path: '/api/registry/stations/{newStation}',
    body: { ...NEW_STATION, expectedIntervalS: 300 },
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'POST /api/registry/stations/:id/retire',
    when: 'retire a station (audited)',
    path: '/api/registry/stations/{newStation}/retire',
    body: { reason: 'thiết bị đã tháo' },
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'POST /api/registry/clusters',
    when: 'add a cluster (audited)',
    path: '/api/registry/clusters',
    body: NEW_CLUSTER,
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'PUT /api/registry/clusters/:id',
    when: "change a cluster's own fields (audited)",
    path: '/api/registry/clusters/{newCluster}',
    body: { ...NEW_CLUSTER, commune: 'Xã Thử' },
    expect: DEPARTMENT_ADMIN,
  },
  {
    route: 'POST /api/registry/versions/:version/restore',
    when: 'restore version 1 as a new version (audited)',
    path: '/api/registry/versions/1/restore',
    expect: DEPARTMENT_ADMIN,
  },
];

export const EVENT_CASES: readonly EventCase[] = [
  { event: 'reading', when: 'air station, cluster B (public)', station: 'dh-air-01', expect: ALL },
  { event: 'reading', when: 'wastewater station, cluster A', station: 'pk-ww-01', expect: IN_SCOPE_A },
  { event: 'reading', when: 'wastewater station, cluster B', station: 'dh-ww-01', expect: OUT_OF_SCOPE_B },
  { event: 'alert', when: 'alert of an air station, cluster A', station: 'pk-air-01', expect: IN_SCOPE_A },
  {
    event: 'alert',
    when: 'alert of an air station, cluster B',
    station: 'dh-air-01',
    expect: OUT_OF_SCOPE_B,
  },
  { event: 'station-state', when: 'air station, cluster B (public)', station: 'dh-air-01', expect: ALL },
  { event: 'station-state', when: 'waste point, cluster A', station: 'pk-bin-01', expect: IN_SCOPE_A },
  { event: 'station-state', when: 'waste point, cluster B', station: 'dh-bin-01', expect: OUT_OF_SCOPE_B },
];

const mark = (v: Verdict) => (v === 'allow' ? '✅' : '—');

/** The README table (Markdown) of {@link ROUTE_CASES} and {@link EVENT_CASES}. */
export function renderAccessMatrix(): string {
  const header = '| route or event | case | anonymous | manager (cluster A) | department | admin |';
  const rule = '| --- | --- | :-: | :-: | :-: | :-: |';
  const rows = [
    ...ROUTE_CASES.map((c) => `| \`${c.route}\` | ${c.when} | ${c.expect.map(mark).join(' | ')} |`),
    ...EVENT_CASES.map((c) => `| socket.io \`${c.event}\` | ${c.when} | ${c.expect.map(mark).join(' | ')} |`),
  ];
  return [header, rule, ...rows].join('\n');
}

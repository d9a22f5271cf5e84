import { z } from 'zod';
import {
  SLUG_PATTERN,
  USERNAME_PATTERN,
  acknowledgeAlertBody,
  acknowledgeAlertsBody,
  auditQuery,
  createTokenBody,
  createUserBody,
  notificationsQuery,
  silenceBody,
  updateUserBody,
  clusterBodySchema,
  commentAlertBody,
  createStationBodySchema,
  registryVersionsQuerySchema,
  retireStationBodySchema,
  updateStationBodySchema,
} from '@langxanh/contracts';
import { alertsQuery } from '../alerts/alerts.controller';
import { loginBody, passwordBody } from '../auth/auth.controller';
import { alertsExportQuery, readingsExportQuery } from '../exports/exports.controller';
import { deleteQuery, importBody } from '../history/history.controller';
import { aqiQuery, complianceQuery } from '../reports/reports.controller';
import { readingsQuery } from '../stations/stations.controller';
import type { DtoName } from './dto-schemas.generated';

/**
 * What the OpenAPI document says about each REST route, beside what the application already knows (its access rule
 * from `@Access`, read through RouteInventory). The key is the route exactly as the access matrix and RouteInventory
 * write it: `METHOD /express/path/:param`. A served route without an entry here fails `openapi.spec.ts`, which names
 * it; so does an entry whose route is not served.
 *
 * To describe a new route: add an entry with its summary, its path parameters, its query and body — the SAME zod
 * schemas the controller parses (export them from the controller) — its answer ({@link dto} / {@link listOf} of a
 * libs/contracts DTO listed in `dto-schemas.generated.ts`, or a zod schema) and the error statuses only its handler
 * raises (`errors`). 400 (parameters, query or body), 401/403 (from its access rule, or `scoped`), 413/415 (a body),
 * and 500 are added by the document builder.
 */
export interface RouteDoc {
  /** One line: what the route does. */
  readonly summary: string;
  /** More: rules, units, sources (Markdown). */
  readonly description?: string;
  /** Group shown by the docs page (default: the path's second segment, e.g. `stations`). */
  readonly tag?: string;
  /** Path parameters by name (`:id` → `id`), each a zod string schema. */
  readonly params?: Readonly<Record<string, z.ZodType<string>>>;
  /** The query schema the handler parses (`parseQuery`). */
  readonly query?: z.ZodObject;
  /** The JSON body schema the handler parses (`parseBody`). */
  readonly body?: z.ZodType;
  /** The success answer. */
  readonly ok: OkAnswer;
  /** Other statuses the handler itself answers with a problem (404, 409, 429, 503…). */
  readonly errors?: readonly number[];
  /** A public route whose handler still refuses data outside the caller's clusters (401 anonymous, 403 others). */
  readonly scoped?: boolean;
  /** Other (non-error) answers, e.g. health's 503 with the same body. */
  readonly alsoOk?: Readonly<Record<number, OkAnswer>>;
}

/** A success answer: its status, a description, and its body by media type. */
export interface OkAnswer {
  /** HTTP status (default 200). */
  readonly status?: number;
  readonly description: string;
  /** Body by media type (none for 204). */
  readonly content?: Readonly<Record<string, BodySchema>>;
  /** Response headers (name → description). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A body schema: a libs/contracts DTO (generated JSON Schema), a list of one, or a zod schema. */
export type BodySchema =
  | { readonly dto: DtoName; readonly list?: boolean }
  /** A part of a DTO's schema: `<DtoName>/properties/<name>` (a JSON Pointer under `#/components/schemas/`). */
  | { readonly ref: `${DtoName}/${string}` }
  | { readonly anyOf: readonly DtoName[] }
  | { readonly zod: z.ZodType };

/** A JSON answer of one DTO. */
export const dto = (name: DtoName): Readonly<Record<string, BodySchema>> => ({
  'application/json': { dto: name },
});
/** A JSON answer of a list of one DTO. */
export const listOf = (name: DtoName): Readonly<Record<string, BodySchema>> => ({
  'application/json': { dto: name, list: true },
});

const slug = (what: string) =>
  z
    .string()
    .regex(SLUG_PATTERN)
    .meta({ description: `${what} (slug: a-z, 0-9, -)` });
const STATION = { id: slug('station id') };
const ALERT = {
  id: z.string().min(1).max(300).meta({
    description: 'alert id, URL-encoded (it holds `:` and `/`), e.g. `pk-ww-01:qcvn40-2011-B/COD:1764…`',
  }),
};
const VERSION = {
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/)
    .meta({ description: 'registry version number (1, 2, …)' }),
};
const USER = {
  username: z.string().regex(USERNAME_PATTERN).meta({ description: 'username (2–64 of a-z 0-9 . _ -)' }),
};
const LIVENESS = 'anonymous callers get `LivenessDto` (status, broker connected, database reachable) instead';
const health = (name: string): OkAnswer => ({
  description: `${name}; ${LIVENESS}`,
  content: { 'application/json': { anyOf: ['HealthDto', 'LivenessDto'] } },
});

/** Every documented route: `METHOD /path/:param` → its description. */
export const ROUTE_DOCS: Readonly<Record<string, RouteDoc>> = {
  // health/
  'GET /api/health': {
    summary: 'Health: broker, InfluxDB, spool, alerts, forwarding',
    ok: health('healthy (`HealthDto`)'),
    alsoOk: { 503: health('unhealthy: the same body') },
  },
  'GET /api/health/live': { summary: 'Liveness: 200 while the process answers', ok: health('`HealthDto`') },
  'GET /api/health/ready': {
    summary: 'Readiness: broker connected and spool accepting (InfluxDB may be down)',
    ok: health('ready (`HealthDto`)'),
    alsoOk: { 503: health('not ready: the same body') },
  },
  'GET /api/metrics': {
    summary: 'Prometheus metrics (text exposition 0.0.4)',
    ok: { description: 'the metrics', content: { 'text/plain': { zod: z.string() } } },
  },
  // stations/
  'GET /api/clusters': {
    summary: 'Every cluster with its manager and station ids',
    ok: { description: 'clusters', content: listOf('ClusterDto') },
  },
  'GET /api/stations': {
    summary:
      'Stations the caller may read (air: everyone; others: their clusters), latest values, state, limits',
    ok: { description: 'stations', content: listOf('StationDto') },
  },
  'GET /api/stations/:id': {
    summary: 'One station',
    params: STATION,
    scoped: true,
    errors: [404],
    ok: { description: 'the station', content: dto('StationDto') },
  },
  'GET /api/stations/:id/readings': {
    summary: 'Mean, min, max and count per time bucket of one parameter (default: the last 24 h)',
    description:
      "`every` (seconds) is raised to the station's reporting interval and so that at most 1 000 buckets come back; empty buckets have null values.",
    params: STATION,
    query: readingsQuery,
    scoped: true,
    errors: [404, 503],
    ok: { description: 'the buckets', content: dto('ReadingsDto') },
  },
  // exports/
  'GET /api/exports/readings': {
    summary: 'Download readings of chosen stations and parameters (raw or per-bucket means) as CSV or XLSX, streamed',
    description:
      'CSV: UTF-8 with BOM; headers in `lang` (vi/en); times in Vietnam time with their offset (e.g. `2026-12-07T15:00:00+07:00`); buckets start at Vietnam midnight. At most 20 stations and 400 days.',
    query: readingsExportQuery,
    scoped: true,
    errors: [404, 503],
    ok: {
      description: 'the file (Content-Disposition: attachment)',
      content: {
        'text/csv': { zod: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { zod: z.string() },
      },
    },
  },
  'GET /api/exports/alerts': {
    summary: "Download the alert history (the same filters as GET /api/alerts, the caller's clusters) as CSV or XLSX",
    query: alertsExportQuery,
    errors: [503],
    ok: {
      description: 'the file (Content-Disposition: attachment)',
      content: {
        'text/csv': { zod: z.string() },
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { zod: z.string() },
      },
    },
  },
  // history/
  'POST /api/stations/:id/readings': {
    summary: 'History import: 1–500 reading payloads of the station, stored through the spool',
    params: STATION,
    body: importBody,
    errors: [404, 503],
    ok: { description: 'accepted, duplicates and rejections', content: dto('ImportBatchResultDto') },
  },
  'DELETE /api/stations/:id/readings': {
    summary: "Delete the station's readings in [from, to)",
    params: STATION,
    query: deleteQuery,
    errors: [404, 503],
    ok: { description: 'what was deleted', content: dto('DeleteReadingsResultDto') },
  },
  // reports/
  'GET /api/aqi': {
    summary: 'Current hourly VN_AQI of every air station',
    query: aqiQuery,
    errors: [503],
    ok: { description: 'the overview', content: dto('AqiOverviewDto') },
  },
  'GET /api/stations/:id/aqi': {
    summary: 'VN_AQI of an air station: current hour, last 24 hourly and last 7 daily values',
    params: STATION,
    query: aqiQuery,
    errors: [404, 503],
    ok: { description: 'the station AQI', content: dto('StationAqiDto') },
  },
  'GET /api/stations/:id/compliance': {
    summary: 'Compliance of a station with its standard over [from, to) (JSON, or CSV with `format=csv`)',
    params: STATION,
    query: complianceQuery,
    scoped: true,
    errors: [404, 503],
    ok: {
      description: 'the report; `format=csv`: RFC 4180 CSV, UTF-8 with BOM, as an attachment',
      content: { 'application/json': { dto: 'ComplianceReportDto' }, 'text/csv': { zod: z.string() } },
    },
  },
  // alerts/
  'GET /api/alerts': {
    summary: "Alerts in the caller's clusters: open first (newest raised first), then resolved",
    query: alertsQuery,
    scoped: true,
    ok: { description: 'alerts', content: listOf('AlertDto') },
  },
  'GET /api/alerts/:id': {
    summary: 'One alert',
    params: ALERT,
    errors: [404],
    ok: { description: 'the alert', content: dto('AlertDto') },
  },
  'POST /api/alerts/:id/acknowledge': {
    summary: 'Acknowledge an active alert (stops its escalation), with an optional comment',
    params: ALERT,
    body: acknowledgeAlertBody,
    errors: [404, 409, 429],
    ok: { description: 'the acknowledged alert', content: dto('AlertDto') },
  },
  'POST /api/alerts/acknowledge': {
    summary: 'Acknowledge several active alerts at once (1–100 ids), with an optional comment',
    description:
      "All or nothing: an unknown id answers 404 and an alert outside the caller's clusters 403, and nothing is acknowledged; alerts already acknowledged or resolved are listed as `skipped`.",
    body: acknowledgeAlertsBody,
    errors: [404, 429],
    ok: { description: 'the acknowledged alerts and the ids skipped', content: dto('AcknowledgeAlertsResultDto') },
  },
  'POST /api/alerts/:id/comments': {
    summary: 'Comment on an alert',
    params: ALERT,
    body: commentAlertBody,
    errors: [404, 409, 429],
    ok: { status: 201, description: 'the alert with the comment', content: dto('AlertDto') },
  },
  'GET /api/silences': {
    summary: "Silences and maintenance windows not yet ended in the caller's clusters",
    ok: { description: 'silences, soonest ending first', content: listOf('SilenceDto') },
  },
  'POST /api/silences': {
    summary: 'Silence a station or cluster (no notifications; alerts are still recorded), at most 90 days',
    body: silenceBody,
    ok: { status: 201, description: 'the silence', content: dto('SilenceDto') },
  },
  'DELETE /api/silences/:id': {
    summary: 'End a silence now',
    params: { id: z.string().min(1).max(100).meta({ description: 'silence id' }) },
    errors: [404],
    ok: { status: 204, description: 'ended' },
  },
  // notifications/
  'GET /api/notifications': {
    summary: "Recent notification delivery outcomes in the caller's clusters, newest first",
    query: notificationsQuery,
    ok: { description: 'delivery records', content: listOf('DeliveryRecord') },
  },
  'POST /api/notifications/:id/retry': {
    summary: 'Deliver a failed notification again on its channel',
    params: { id: z.string().min(1).max(300).meta({ description: 'delivery record id' }) },
    scoped: true,
    errors: [404, 409],
    ok: {
      status: 202,
      description: 'the new delivery record (it replaces the failed one in the list)',
      content: dto('DeliveryRecord'),
    },
  },
  // auth/
  'POST /api/auth/login': {
    summary: 'Sign in: a session token (JWT) for `Authorization: Bearer`',
    body: loginBody,
    errors: [401, 429],
    ok: { description: 'the session', content: dto('SessionDto') },
  },
  'POST /api/auth/password': {
    summary: "Change one's own password (12 characters to 72 bytes); ends the person's other sessions",
    body: passwordBody,
    errors: [429],
    ok: { description: 'a new session', content: dto('SessionDto') },
  },
  'GET /api/auth/me': {
    summary: 'The signed-in user',
    ok: { description: 'the user', content: dto('UserDto') },
  },
  'GET /api/users': {
    summary: 'Every account (never a hash)',
    ok: { description: 'users', content: listOf('UserDto') },
  },
  'POST /api/users': {
    summary: 'Create an account',
    body: createUserBody,
    errors: [409],
    ok: { status: 201, description: 'the user', content: dto('UserDto') },
  },
  'PATCH /api/users/:username': {
    summary: "Change an account's role, clusters, password or disabled flag; ends the user's sessions",
    params: USER,
    body: updateUserBody,
    errors: [404, 409],
    ok: { description: 'the user', content: dto('UserDto') },
  },
  'DELETE /api/users/:username': {
    summary: 'Remove an account',
    params: USER,
    errors: [404, 409],
    ok: { status: 204, description: 'removed' },
  },
  'GET /api/tokens': {
    summary: 'API tokens (never their secret)',
    ok: { description: 'tokens', content: listOf('ApiTokenDto') },
  },
  'POST /api/tokens': {
    summary: 'Issue an API token; its secret (`lxt_…`) is shown only in this answer',
    body: createTokenBody,
    errors: [409],
    ok: { status: 201, description: 'the token and its secret', content: dto('CreatedApiTokenDto') },
  },
  'DELETE /api/tokens/:id': {
    summary: 'Revoke an API token (it stops working at once)',
    params: {
      id: z
        .string()
        .regex(/^[0-9a-f]{16}$/)
        .meta({ description: 'token id (16 hex digits)' }),
    },
    errors: [404],
    ok: { status: 204, description: 'revoked' },
  },
  'GET /api/audit': {
    summary: 'The newest audit entries, newest first',
    query: auditQuery,
    ok: { description: 'audit entries', content: listOf('AuditEntry') },
  },
  // registry/ (docs/registry.md): department and admin; every change is a new version, in force at once
  'GET /api/registry': {
    summary: 'The registry in force, its version, when and by whom it was changed',
    ok: { description: 'the registry', content: dto('CurrentRegistryDto') },
  },
  'GET /api/registry/export': {
    summary: "The registry in force in the registry file's exact shape (a new install's REGISTRY_FILE)",
    ok: {
      description: 'the registry file',
      content: { 'application/json': { ref: 'CurrentRegistryDto/properties/registry' } },
    },
  },
  'GET /api/registry/versions': {
    summary: 'Registry versions, newest first',
    query: registryVersionsQuerySchema,
    ok: { description: 'versions', content: listOf('RegistryVersionSummaryDto') },
  },
  'GET /api/registry/versions/:version': {
    summary: 'One registry version with its registry',
    params: VERSION,
    errors: [404],
    ok: { description: 'the version', content: dto('RegistryVersionDto') },
  },
  'POST /api/registry/versions/:version/restore': {
    summary: 'Restore a version: a new version equal to it',
    params: VERSION,
    errors: [404, 409],
    ok: { description: 'the new version', content: dto('RegistryChangeDto') },
  },
  'POST /api/registry/stations': {
    summary: 'Add a station: one station entry as in the registry file plus `cluster`',
    body: createStationBodySchema,
    errors: [409],
    ok: {
      status: 201,
      description: 'the new version and the station',
      content: dto('RegistryStationChangeDto'),
    },
  },
  'PUT /api/registry/stations/:id': {
    summary: 'Change a station (the full entry; another `cluster` moves it)',
    params: STATION,
    body: updateStationBodySchema,
    errors: [404, 409],
    ok: { description: 'the new version and the station', content: dto('RegistryStationChangeDto') },
  },
  'POST /api/registry/stations/:id/retire': {
    summary: 'Retire a station: off the overview, readings refused, history still readable',
    params: STATION,
    body: retireStationBodySchema,
    errors: [404, 409],
    ok: { description: 'the new version', content: dto('RegistryChangeDto') },
  },
  'POST /api/registry/clusters': {
    summary: 'Add a cluster (a cluster entry without `stations`)',
    body: clusterBodySchema,
    errors: [409],
    ok: { status: 201, description: 'the new version', content: dto('RegistryChangeDto') },
  },
  'PUT /api/registry/clusters/:id': {
    summary: "Change a cluster's own fields (its stations are kept)",
    params: { id: slug('cluster id') },
    body: clusterBodySchema,
    errors: [404, 409],
    ok: { description: 'the new version', content: dto('RegistryChangeDto') },
  },
  // openapi/
  'GET /api/openapi.json': {
    summary: 'This OpenAPI 3.1 document',
    tag: 'api',
    ok: {
      description: 'the document',
      content: { 'application/json': { zod: z.record(z.string(), z.unknown()) } },
    },
  },
  'GET /api/docs': {
    summary: 'Swagger UI over this document (HTML page, served locally)',
    tag: 'api',
    ok: { description: 'the page', content: { 'text/html': { zod: z.string() } } },
  },
  'GET /api/docs/:file': {
    summary: "Swagger UI's own files (script, style sheet) and the page's start script",
    tag: 'api',
    params: {
      file: z.string().max(64).meta({ description: "one of the page's files, e.g. `swagger-ui-bundle.js`" }),
    },
    errors: [404],
    ok: {
      description: 'the file',
      content: { 'application/javascript': { zod: z.string() }, 'text/css': { zod: z.string() } },
    },
  },
};

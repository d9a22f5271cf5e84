import { z } from 'zod';
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { PROBLEM_MEDIA_TYPE } from '@langxanh/contracts';
import type { AccessRule } from '../auth/access';
import type { RouteInfo } from '../auth/route-inventory';
import { MAX_BODY } from '../common/http';
import { PROBLEM_TYPES, problemBody, type ApiErrorCode } from '../common/errors';
import { DTO_SCHEMAS } from './dto-schemas.generated';
import { ROUTE_DOCS, type BodySchema, type OkAnswer, type RouteDoc } from './route-docs';

/** The OpenAPI document's `info.version`: the version of the API's contract (bumped on a breaking change). */
export const API_VERSION = '1.0.0';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `/api/stations/:id` → `/api/stations/{id}` (OpenAPI path templating). */
export const openApiPath = (expressPath: string): string => expressPath.replace(/:(\w+)/g, '{$1}');

function schemaOf(body: BodySchema): z.ZodType | oas31.SchemaObject | oas31.ReferenceObject {
  if ('zod' in body) return body.zod;
  if ('anyOf' in body) return { anyOf: body.anyOf.map(ref) };
  if ('ref' in body) return ref(body.ref);
  return body.list ? { type: 'array', items: ref(body.dto) } : ref(body.dto);
}

function answer(ok: OkAnswer) {
  return {
    description: ok.description,
    ...(ok.content
      ? {
          content: Object.fromEntries(
            Object.entries(ok.content).map(([type, body]) => [type, { schema: schemaOf(body) }]),
          ),
        }
      : {}),
    ...(ok.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(ok.headers).map(([name, d]) => [
              name,
              { description: d, schema: { type: 'string' as const } },
            ]),
          ),
        }
      : {}),
  };
}

/** What a problem status means here: the codes answered with it (common/errors.ts PROBLEM_TYPES), an example. */
function problem(status: number, path: string) {
  const codes = (Object.keys(PROBLEM_TYPES) as ApiErrorCode[]).filter(
    (code) => PROBLEM_TYPES[code].status === status,
  );
  const first = codes[0] ?? ('http_error' as ApiErrorCode);
  return {
    description: `Problem (RFC 9457): ${codes.map((c) => `\`${c}\` (${PROBLEM_TYPES[c].title})`).join(', ') || '`http_error`'}`,
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: ref('ProblemDetailsDto'),
        example: problemBody(
          first,
          status,
          `${PROBLEM_TYPES[first].title} (what went wrong this time)`,
          path,
        ),
      },
    },
    ...(status === 429
      ? {
          headers: {
            'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' as const } },
          },
        }
      : {}),
  };
}

const isPublic = (rule: AccessRule | undefined) => rule?.roles.includes('anonymous') === true;

/** Who may call the route, as the docs page shows it (from its `@Access` rule). */
function accessText(rule: AccessRule | undefined, scoped: boolean): string {
  if (!rule) return '**Access:** none declared: every call is refused (403).';
  const who = isPublic(rule)
    ? 'everyone, anonymous included'
    : `roles ${rule.roles.map((r) => `\`${r}\``).join(', ')}`;
  const token = rule.token ? `; API tokens with the \`${rule.token}\` scope` : '; no API token';
  const scope =
    scoped || !isPublic(rule) ? "; data limited to the caller's clusters where it belongs to one" : '';
  const audit = rule.audit ? ` Audited as \`${rule.audit}\`.` : '';
  return `**Access:** ${who}${token}${scope}.${audit}`;
}

/** The error statuses of a route: its own, and those every route of its kind can answer. */
function errorStatuses(doc: RouteDoc, rule: AccessRule | undefined): number[] {
  const statuses = new Set<number>(doc.errors ?? []);
  if (doc.params || doc.query || doc.body) statuses.add(400);
  statuses.add(401); // an invalid or expired credential, on any route
  if (!isPublic(rule) || doc.scoped) statuses.add(403);
  if (doc.body) [413, 415].forEach((s) => statuses.add(s));
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function operation(key: string, doc: RouteDoc, rule: AccessRule | undefined): ZodOpenApiOperationObject {
  const [method, path] = key.split(' ');
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [String(doc.ok.status ?? 200)]: answer(doc.ok),
  };
  for (const [status, ok] of Object.entries(doc.alsoOk ?? {})) responses[status] = answer(ok);
  for (const status of errorStatuses(doc, rule)) responses[String(status)] = problem(status, path);
  return {
    operationId: `${method.toLowerCase()}${path
      .split('/')
      .filter((p) => p && p !== 'api')
      .map((p) => p.replace(/^:/, 'by-'))
      .join('-')
      .replace(/[-.](\w)/g, (_, c: string) => c.toUpperCase())
      .replace(/^\w/, (c) => c.toUpperCase())}`,
    summary: doc.summary,
    description: [doc.description, accessText(rule, doc.scoped === true)].filter(Boolean).join('\n\n'),
    tags: [doc.tag ?? path.split('/')[2] ?? 'api'],
    security: isPublic(rule) ? [{}, { bearer: [] }] : [{ bearer: [] }],
    ...(rule
      ? {
          'x-access': {
            roles: [...rule.roles],
            ...(rule.token ? { token: rule.token } : {}),
            ...(rule.audit ? { audit: rule.audit } : {}),
          },
        }
      : {}),
    ...(doc.params || doc.query
      ? {
          requestParams: {
            ...(doc.params ? { path: z.object(doc.params) } : {}),
            ...(doc.query ? { query: doc.query } : {}),
          },
        }
      : {}),
    ...(doc.body
      ? {
          requestBody: {
            required: !doc.body.safeParse({}).success,
            description: `JSON, at most ${MAX_BODY}; unknown fields are refused`,
            content: { 'application/json': { schema: doc.body } },
          },
        }
      : {}),
    responses: responses as ZodOpenApiResponsesObject,
  };
}

/**
 * The OpenAPI 3.1 document of the REST API (zod-openapi over zod 4's JSON Schema): every route of
 * {@link ROUTE_DOCS} with its path parameters, query and body (the controllers' own zod schemas, as accepted on
 * input), its answers (libs/contracts DTOs, `dto-schemas.generated.ts`), its error statuses (RFC 9457 problems,
 * `ProblemDetailsDto`) and who may call it (`x-access` and the description, from the route's `@Access` rule in
 * `routes`, i.e. what the application enforces).
 */
export function buildOpenApiDocument(routes: readonly RouteInfo[]): oas31.OpenAPIObject {
  const rules = new Map(routes.map((r) => [`${r.method} ${r.path}`, r.rule]));
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const [key, doc] of Object.entries(ROUTE_DOCS)) {
    const [method, path] = key.split(' ');
    (paths[openApiPath(path)] ??= {})[method.toLowerCase()] = operation(key, doc, rules.get(key));
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'LàngXanh ingester API',
      version: API_VERSION,
      description:
        'REST API of the LàngXanh ingester (environmental monitoring of craft villages). Errors are RFC 9457 problem ' +
        'details (`application/problem+json`); their `type` is `urn:langxanh:problem:<code>` (docs/api.md § Errors). ' +
        'Times are ISO 8601; without an offset a query time is Vietnam time (UTC+7).',
    },
    servers: [{ url: '/' }],
    security: [],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A session token from `POST /api/auth/login` (JWT) or an API token `lxt_…` (`POST /api/tokens`).',
        },
      },
      schemas: { ...(DTO_SCHEMAS as Record<string, oas31.SchemaObject>) },
    },
  });
}

/**
 * The administration routes of the ingester's API (users, API tokens, audit log, silences, notification outcomes,
 * the station registry), for the admin pages. Same origin as the dashboard (its server proxies `/api`).
 */
import type {
  AdminUserDto,
  ApiTokenDto,
  AuditEntry,
  ClusterDto,
  CreateStationBody,
  CurrentRegistryDto,
  RegistryChangeDto,
  RegistryStationChangeDto,
  RegistryVersionDto,
  RegistryVersionSummaryDto,
  UpdateStationBody,
  CreatedApiTokenDto,
  CreateTokenDto,
  CreateUserDto,
  DeliveryRecord,
  SilenceDto,
  StationDto,
  UpdateUserDto,
  UserDto,
} from '@langxanh/contracts';
import { sessionStore } from '../../../lib/auth/session';

/** One field problem the server named (RFC 9457 `errors[]`, or parsed from a `path: message` list). */
export interface ServerFieldError {
  readonly path: string;
  readonly message: string;
}

/** A refused administration request: HTTP status, the API's error code and message, and field problems if any. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: readonly ServerFieldError[],
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

const pathText = (path: unknown): string =>
  Array.isArray(path)
    ? path.map(String).join('.')
    : typeof path === 'string'
      ? path.replace(/^\//, '').replace(/\//g, '.')
      : '';

/**
 * Field problems of an error body: `errors: [{path, message}]` (problem details) when present, else the
 * `path: message; path: message` list of a `bad_request` message.
 */
export function fieldErrorsOf(body: unknown): ServerFieldError[] {
  if (typeof body !== 'object' || body === null) return [];
  const b = body as { errors?: unknown; message?: unknown; detail?: unknown };
  if (Array.isArray(b.errors)) {
    return b.errors
      .filter((e): e is { path?: unknown; message?: unknown } => typeof e === 'object' && e !== null)
      .map((e) => ({ path: pathText(e.path), message: String(e.message ?? '') }))
      .slice(0, 50);
  }
  const text = typeof b.message === 'string' ? b.message : typeof b.detail === 'string' ? b.detail : '';
  return text
    .split('; ')
    .map((part) => /^([A-Za-z0-9_.]+): (.+)$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[1] ?? '', message: m[2] ?? '' }))
    .slice(0, 50);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One request with the session's bearer token; JSON in and out (204 → undefined). A 401 while signed in drops the
 * session, as the rest of the dashboard does.
 * @throws AdminApiError on a non-2xx answer.
 */
export async function adminRequest<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = sessionStore.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    signal,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && token) sessionStore.set(null);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const b = (parsed ?? {}) as { error?: unknown; type?: unknown; message?: unknown; detail?: unknown };
    const code =
      typeof b.error === 'string' ? b.error : typeof b.type === 'string' ? b.type : `http_${response.status}`;
    const message =
      typeof b.message === 'string'
        ? b.message
        : typeof b.detail === 'string'
          ? b.detail
          : `${method} ${path} → ${response.status}`;
    throw new AdminApiError(response.status, code, message, fieldErrorsOf(parsed));
  }
  return parsed as T;
}

const q = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};
const enc = encodeURIComponent;

/** Body of `POST /api/silences` as the form sends it (times ISO 8601, Vietnam time without an offset). */
export interface SilenceInput {
  readonly station?: string;
  readonly cluster?: string;
  readonly kind: 'silence' | 'maintenance';
  readonly from?: string;
  readonly to: string;
  readonly reason: string;
}

/** Filters of `GET /api/audit` as sent (contracts `auditQuery`; times as typed, Vietnam time). */
export interface AuditFilter {
  readonly limit: number;
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly from?: string;
  readonly to?: string;
}

export const adminApi = {
  users: (signal?: AbortSignal) => adminRequest<AdminUserDto[]>('GET', '/api/users', undefined, signal),
  createUser: (body: CreateUserDto) => adminRequest<UserDto>('POST', '/api/users', body),
  updateUser: (username: string, body: UpdateUserDto) =>
    adminRequest<UserDto>('PATCH', `/api/users/${enc(username)}`, body),
  tokens: (signal?: AbortSignal) => adminRequest<ApiTokenDto[]>('GET', '/api/tokens', undefined, signal),
  createToken: (body: CreateTokenDto) => adminRequest<CreatedApiTokenDto>('POST', '/api/tokens', body),
  revokeToken: (id: string) => adminRequest<void>('DELETE', `/api/tokens/${enc(id)}`),
  audit: (filter: AuditFilter, signal?: AbortSignal) =>
    adminRequest<AuditEntry[]>('GET', `/api/audit${q({ ...filter })}`, undefined, signal),
  silences: (signal?: AbortSignal) => adminRequest<SilenceDto[]>('GET', '/api/silences', undefined, signal),
  createSilence: (body: SilenceInput) => adminRequest<SilenceDto>('POST', '/api/silences', body),
  endSilence: (id: string) => adminRequest<void>('DELETE', `/api/silences/${enc(id)}`),
  notifications: (signal?: AbortSignal) =>
    adminRequest<DeliveryRecord[]>('GET', '/api/notifications', undefined, signal),
  /** `POST /api/notifications/{id}/retry`: delivers a failed notification again (202). */
  retryNotification: (id: string) =>
    adminRequest<DeliveryRecord>('POST', `/api/notifications/${enc(id)}/retry`),
  clusters: (signal?: AbortSignal) => adminRequest<ClusterDto[]>('GET', '/api/clusters', undefined, signal),
  stations: (signal?: AbortSignal) => adminRequest<StationDto[]>('GET', '/api/stations', undefined, signal),
  /** `GET /api/registry`: the registry in force (retired stations included) with its version. */
  registry: (signal?: AbortSignal) =>
    adminRequest<CurrentRegistryDto>('GET', '/api/registry', undefined, signal),
  registryVersions: (signal?: AbortSignal) =>
    adminRequest<RegistryVersionSummaryDto[]>('GET', '/api/registry/versions?limit=200', undefined, signal),
  registryVersion: (version: number, signal?: AbortSignal) =>
    adminRequest<RegistryVersionDto>('GET', `/api/registry/versions/${version}`, undefined, signal),
  restoreVersion: (version: number) =>
    adminRequest<RegistryChangeDto>('POST', `/api/registry/versions/${version}/restore`),
  createStation: (body: CreateStationBody) =>
    adminRequest<RegistryStationChangeDto>('POST', '/api/registry/stations', body),
  updateStation: ({ id, body }: { id: string; body: UpdateStationBody }) =>
    adminRequest<RegistryStationChangeDto>('PUT', `/api/registry/stations/${enc(id)}`, body),
  retireStation: ({ id, reason }: { id: string; reason?: string }) =>
    adminRequest<RegistryChangeDto>(
      'POST',
      `/api/registry/stations/${enc(id)}/retire`,
      reason ? { reason } : {},
    ),
};

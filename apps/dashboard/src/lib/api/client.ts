/**
 * REST client for the ingester's API. The dashboard's server proxies `/api` to the ingester, so every request goes
 * to the page's own origin.
 */
import type {
  AcknowledgeAlertDto,
  AcknowledgeAlertsDto,
  AcknowledgeAlertsResultDto,
  AlertDto,
  AqiOverviewDto,
  ClusterDto,
  ComplianceReportDto,
  CommentAlertDto,
  HealthDto,
  LoginRequestDto,
  ProblemDetailsDto,
  ReadingsDto,
  SessionDto,
  StationAqiDto,
  StationDto,
} from '@langxanh/contracts';
import { sessionStore } from '../auth/session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message = `${path} answered HTTP ${status}`,
    /** The API's RFC 9457 problem (code in `error`, field errors in `errors`), when the answer carried one. */
    readonly problem?: ProblemDetailsDto,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The problem details of an error answer (`application/problem+json`), or undefined (another body, unreadable). */
async function problemOf(response: Response): Promise<ProblemDetailsDto | undefined> {
  if (!/^application\/problem\+json/i.test(response.headers.get('content-type') ?? '')) return undefined;
  try {
    return (await response.json()) as ProblemDetailsDto;
  } catch {
    return undefined; // the status alone still tells what happened
  }
}

interface RequestOptions {
  readonly signal?: AbortSignal;
  /** Non-2xx statuses whose JSON body is still the answer (health answers 503 with a body). */
  readonly acceptStatus?: readonly number[];
  readonly method?: 'GET' | 'POST';
  /** Sent as JSON. */
  readonly body?: unknown;
  /** `accept` header (default JSON). */
  readonly accept?: string;
}

/**
 * One request to the API with the session's `Authorization: Bearer` header. A 401 while signed in means the
 * token is no longer valid: the session is dropped (the dashboard falls back to the anonymous view).
 * @throws ApiError on a non-2xx status (except `acceptStatus`), with the answer's problem details if any.
 */
export async function request(path: string, { signal, acceptStatus = [], method = 'GET', body, accept }: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: accept ?? 'application/json' };
  const token = sessionStore.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { signal, method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && token && !path.startsWith('/api/auth/')) sessionStore.set(null);
  if (!response.ok && !acceptStatus.includes(response.status)) {
    throw new ApiError(response.status, `${method} ${path}`, undefined, await problemOf(response));
  }
  return response;
}

async function json<T>(response: Response, label: string): Promise<T> {
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new ApiError(response.status, label, `${label}: body is not JSON (${(error as Error).message})`);
  }
}

export async function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return json<T>(await request(path, options), `GET ${path}`);
}

export async function postJson<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return json<T>(await request(path, { ...options, method: 'POST', body }), `POST ${path}`);
}

const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

export interface ReadingsQuery {
  readonly station: string;
  readonly parameter: string;
  /** Epoch ms. */
  readonly from: number;
  readonly to: number;
  /** Bucket width in seconds; omitted, the server chooses (≤ ~1000 buckets). */
  readonly everyS?: number;
}

/** The endpoints, as one object so that tests can pass a fake. */
export const api = {
  health: (signal?: AbortSignal) => getJson<HealthDto>('/api/health', { signal, acceptStatus: [503] }),
  clusters: (signal?: AbortSignal) => getJson<ClusterDto[]>('/api/clusters', { signal }),
  stations: (signal?: AbortSignal) => getJson<StationDto[]>('/api/stations', { signal }),
  station: (id: string, signal?: AbortSignal) =>
    getJson<StationDto>(`/api/stations/${encodeURIComponent(id)}`, { signal }),
  readings: (q: ReadingsQuery, signal?: AbortSignal) =>
    getJson<ReadingsDto>(
      `/api/stations/${encodeURIComponent(q.station)}/readings${query({
        parameter: q.parameter,
        from: new Date(q.from).toISOString(),
        to: new Date(q.to).toISOString(),
        every: q.everyS,
      })}`,
      { signal },
    ),
  /** `open` = active and acknowledged (servers before the alerting issue know only `active` and `all`). */
  alerts: (state: 'open' | 'active' | 'all', signal?: AbortSignal) =>
    getJson<AlertDto[]>(`/api/alerts${query({ state })}`, { signal }),
  /** `GET /api/aqi`: current hourly VN_AQI of every air station. */
  aqiOverview: (signal?: AbortSignal) => getJson<AqiOverviewDto>('/api/aqi', { signal }),
  /** `GET /api/stations/{id}/aqi`: current, last 24 hourly and last 7 daily VN_AQI of an air station. */
  stationAqi: (id: string, signal?: AbortSignal) =>
    getJson<StationAqiDto>(`/api/stations/${encodeURIComponent(id)}/aqi`, { signal }),
  /** `GET /api/stations/{id}/compliance?from=&to=` (`from`/`to`: ISO time, `YYYY-MM-DD` or `YYYY-MM`, Vietnam time). */
  compliance: (id: string, from: string, to: string, signal?: AbortSignal) =>
    getJson<ComplianceReportDto>(`/api/stations/${encodeURIComponent(id)}/compliance${query({ from, to })}`, { signal }),
  /** The same report as CSV (RFC 4180, UTF-8 with BOM). */
  /** The compliance CSV with headers in `lang` (vi or en). */
  complianceCsv: async (id: string, from: string, to: string, lang: 'vi' | 'en', signal?: AbortSignal): Promise<Blob> =>
    (
      await request(`/api/stations/${encodeURIComponent(id)}/compliance${query({ from, to, format: 'csv', lang })}`, {
        signal,
        accept: 'text/csv',
      })
    ).blob(),
  /** `POST /api/auth/login` (issue: access control). */
  login: (body: LoginRequestDto, signal?: AbortSignal) => postJson<SessionDto>('/api/auth/login', body, { signal }),
  /** `POST /api/alerts/{id}/acknowledge` (issue: alerting): answers the updated alert. */
  acknowledgeAlert: (id: string, body: AcknowledgeAlertDto, signal?: AbortSignal) =>
    postJson<AlertDto>(`/api/alerts/${encodeURIComponent(id)}/acknowledge`, body, { signal }),
  /** `POST /api/alerts/acknowledge` `{ids (≤ 100), comment?}`: several alerts at once. */
  acknowledgeAlerts: (body: AcknowledgeAlertsDto, signal?: AbortSignal) =>
    postJson<AcknowledgeAlertsResultDto>('/api/alerts/acknowledge', body, { signal }),
  /** `POST /api/alerts/{id}/comments` (issue: alerting): answers the updated alert. */
  commentAlert: (id: string, body: CommentAlertDto, signal?: AbortSignal) =>
    postJson<AlertDto>(`/api/alerts/${encodeURIComponent(id)}/comments`, body, { signal }),
};

export type Api = typeof api;

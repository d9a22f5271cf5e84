/**
 * REST client for the ingester's API. The dashboard's server proxies `/api` to the ingester, so every request goes
 * to the page's own origin.
 */
import type { AlertDto, ClusterDto, HealthDto, ReadingsDto, StationDto } from '@langxanh/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message = `GET ${path} answered HTTP ${status}`,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GetOptions {
  readonly signal?: AbortSignal;
  /** Non-2xx statuses whose JSON body is still the answer (health answers 503 with a body). */
  readonly acceptStatus?: readonly number[];
}

export async function getJson<T>(path: string, { signal, acceptStatus = [] }: GetOptions = {}): Promise<T> {
  const response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  if (!response.ok && !acceptStatus.includes(response.status)) throw new ApiError(response.status, path);
  try {
    return (await response.json()) as T;
  } catch (error) {
    throw new ApiError(response.status, path, `GET ${path}: body is not JSON (${(error as Error).message})`);
  }
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
  alerts: (state: 'active' | 'all', signal?: AbortSignal) =>
    getJson<AlertDto[]>(`/api/alerts${query({ state })}`, { signal }),
};

export type Api = typeof api;

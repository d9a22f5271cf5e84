import {
  MAX_IMPORT_BATCH,
  type DeleteReadingsResultDto,
  type ImportBatchResultDto,
} from '@langxanh/contracts';
import type { ImportPayload } from '@langxanh/history-import';

/**
 * Largest JSON body the client sends: below the API's 16 KiB limit (apps/ingester/src/common/http.ts MAX_BODY),
 * with room for the envelope.
 */
export const MAX_BATCH_BYTES = 15_000;

/** An HTTP answer other than success, with the API's `{error, message}`. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** The ingester's history routes, signed in as an administrator (session token from `POST /api/auth/login`). */
export class HistoryApi {
  private constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  /**
   * Signs in. `api` is the API root, e.g. `http://127.0.0.1:3000/api`.
   * @throws ApiCallError on a refused sign-in; fetch's errors when the API is unreachable.
   */
  static async signIn(api: string, username: string, password: string): Promise<HistoryApi> {
    const base = api.replace(/\/+$/, '');
    const body = await call(`${base}/auth/login`, 'POST', undefined, { username, password });
    return new HistoryApi(base, (body as { token: string }).token);
  }

  /** `POST /api/stations/{id}/readings` with one batch (≤ {@link MAX_IMPORT_BATCH}, ≤ {@link MAX_BATCH_BYTES}). */
  async importBatch(station: string, readings: readonly ImportPayload[]): Promise<ImportBatchResultDto> {
    return (await call(
      `${this.base}/stations/${encodeURIComponent(station)}/readings`,
      'POST',
      this.token,
      { readings },
    )) as ImportBatchResultDto;
  }

  /** `DELETE /api/stations/{id}/readings?from=&to=` (ISO 8601; Vietnam time without an offset). */
  async deleteRange(station: string, from: string, to: string): Promise<DeleteReadingsResultDto> {
    const query = new URLSearchParams({ from, to });
    return (await call(
      `${this.base}/stations/${encodeURIComponent(station)}/readings?${query.toString()}`,
      'DELETE',
      this.token,
    )) as DeleteReadingsResultDto;
  }
}

async function call(url: string, method: string, token: string | undefined, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // not JSON: the text itself is the message
    }
    throw new ApiCallError(response.status, `${method} ${new URL(url).pathname}: HTTP ${response.status}: ${message}`);
  }
  return JSON.parse(text) as unknown;
}

/**
 * Splits one station's payloads into request batches of at most {@link MAX_IMPORT_BATCH} readings and
 * `maxBytes` of JSON, in order.
 */
export function batches(payloads: readonly ImportPayload[], maxBytes = MAX_BATCH_BYTES): ImportPayload[][] {
  const out: ImportPayload[][] = [];
  let current: ImportPayload[] = [];
  let bytes = 20;
  for (const payload of payloads) {
    const size = Buffer.byteLength(JSON.stringify(payload)) + 1;
    if (current.length > 0 && (current.length >= MAX_IMPORT_BATCH || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 20;
    }
    current.push(payload);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Test double: an in-process HTTP server on 127.0.0.1 that pretends to be InfluxDB (1.x or 2.x) and records every
 * request. Test-only; not exported by the library.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query string, as received. */
  readonly url: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  /** Body, gunzipped when it was sent with `content-encoding: gzip`. */
  readonly body: string;
}

export interface FakeInfluxOptions {
  /** `X-Influxdb-Version` of /ping (omitted when undefined). */
  readonly version?: string;
  /** Status of each write request in turn; 204 once the list is used up. */
  readonly writeStatuses?: number[];
  /** JSON answer of /query (default: one empty result per statement). */
  readonly query?: (q: string, request: RecordedRequest) => { status?: number; body: unknown };
}

export interface FakeInflux {
  readonly url: string;
  readonly requests: RecordedRequest[];
  writes(): RecordedRequest[];
  queries(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeInflux(options: FakeInfluxOptions = {}): Promise<FakeInflux> {
  const requests: RecordedRequest[] = [];
  const writeStatuses = [...(options.writeStatuses ?? [])];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: parsed.pathname,
        query: Object.fromEntries(parsed.searchParams),
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      if (options.version !== undefined) res.setHeader('X-Influxdb-Version', options.version);
      if (parsed.pathname === '/ping') {
        res.writeHead(204).end();
      } else if (parsed.pathname === '/write' || parsed.pathname === '/api/v2/write') {
        const status = writeStatuses.shift() ?? 204;
        if (status === 204) res.writeHead(204).end();
        else
          res
            .writeHead(status, { 'content-type': 'application/json' })
            .end(JSON.stringify({ error: `status ${status}` }));
      } else if (parsed.pathname === '/query') {
        const q = new URLSearchParams(body).get('q') ?? parsed.searchParams.get('q') ?? '';
        const answer = options.query?.(q, recorded) ?? {
          body: { results: q.split(';').map((_s, i) => ({ statement_id: i })) },
        };
        res
          .writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.body));
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes: () => requests.filter((r) => r.path === '/write' || r.path === '/api/v2/write'),
    queries: () => requests.filter((r) => r.path === '/query'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `fn` until it stops throwing (at most `timeoutMs`). */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { InfluxDB, setLogger, type Transport } from '@influxdata/influxdb-client';
import { InfluxInputError, InfluxStorageError, toStorageError, toWriteError } from './errors';
import { quoteIdentifier } from './influxql';
import { type InfluxSeries, parseQueryResponse } from './query-result';

/**
 * Which HTTP write API is used: `v1` = `POST /write?db=&rp=&precision=ms` (InfluxDB 1.x); `v2` =
 * `POST /api/v2/write?org=&bucket=&precision=ms` with `Authorization: Token …` (InfluxDB 2.x and 3.x).
 * Queries are InfluxQL on `POST /query` in both cases.
 */
export type InfluxApi = 'v1' | 'v2';

/** Configuration of {@link InfluxConnection} (and so of `InfluxStorage`). Durations are milliseconds. */
export interface InfluxStorageOptions {
  /** Base URL, e.g. `http://127.0.0.1:8086` (a path prefix is kept, e.g. behind a reverse proxy). */
  url: string;
  /**
   * `auto` detects from the `X-Influxdb-Version` header of `GET /ping`: `1.x` → v1; `2.x`/`3.x` → v2. When the
   * header is missing, v2 is assumed if a token is set, else v1 (with a warning).
   */
  api: InfluxApi | 'auto';
  /**
   * InfluxDB 1.x database, or 2.x/3.x bucket. Also the `db` of InfluxQL `/query` (2.x serves it through a DBRP
   * mapping that must exist for the bucket; 3.x natively).
   */
  database: string;
  /** v1 only: retention policy for writes and queries (`rp=`); default: the database's default policy. */
  retentionPolicy?: string;
  /** v2: organisation name or id (InfluxDB 3 ignores it; it is left out of the URL when not set). */
  org?: string;
  /** v2/v3: API token, sent as `Authorization: Token …`. Never logged. */
  token?: string;
  /** v1 authentication (when `[http] auth-enabled`): sent as `Authorization: Basic …`, which 1.x accepts. */
  username?: string;
  password?: string;
  /** v1: `CREATE DATABASE` (idempotent) during `connect()`. Default true. Ignored for v2. */
  createDatabase?: boolean;
  /** HTTP socket time-out of every request. Default 10 000. */
  timeoutMs?: number;
}

/** The logger interface (NestJS's `Logger` fits). Messages never contain the token or password. */
export interface InfluxStorageLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const PING_TIMEOUT_MS = 5_000;

const consoleLogger: InfluxStorageLogger = {
  log: (m) => console.log(`[InfluxStorage] ${m}`),
  warn: (m) => console.warn(`[InfluxStorage] ${m}`),
  error: (m) => console.error(`[InfluxStorage] ${m}`),
};

/**
 * Routes the messages that `@influxdata/influxdb-client` itself logs (to the console by default) into `logger`.
 * The client's logger is process-global: call this once, at start-up. `{ quiet: true }` drops the client's warnings
 * (the callers report failed requests themselves) and keeps only its errors.
 */
export function routeInfluxClientLogs(logger: InfluxStorageLogger, options: { quiet?: boolean } = {}): void {
  const detail = (error: unknown) => (error instanceof Error ? `: ${error.message}` : '');
  setLogger({
    error: (message: string, error?: unknown) => logger.error(`influxdb-client: ${message}${detail(error)}`),
    warn: (message: string, error?: unknown) => {
      if (!options.quiet) logger.warn(`influxdb-client: ${message}${detail(error)}`);
    },
  });
}

/** Major version of an `X-Influxdb-Version` value (`1.6.7~rc0`, `v2.7.11`, `3.0.1`), or undefined. */
export function influxMajorVersion(version: string | undefined): number | undefined {
  const match = version ? /^v?(\d+)\./.exec(version.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * The connection half of `InfluxStorage`: ping and API detection, one unbuffered write request
 * ({@link writeLines}) and InfluxQL ({@link query}), through `@influxdata/influxdb-client`'s HTTP transport (keep-alive
 * agent, the API's authentication), against InfluxDB 1.x (`/write`, `/query`) or 2.x/3.x (`/api/v2/write`, `/query`).
 *
 * Life cycle: `new` → `connect()` → `writeLines`/`query` → `close()`. Nothing is buffered or retried here: the
 * caller (the ingester's spool and its drain) keeps lines until a write resolved and decides when to try again.
 */
export class InfluxConnection {
  protected readonly opts: InfluxStorageOptions & { timeoutMs: number };
  protected readonly logger: InfluxStorageLogger;
  private readonly agent: HttpAgent;
  private transport: Transport;
  private detectedApi: InfluxApi | undefined;
  private detectedVersion: string | undefined;
  /** `connect()` succeeded (the API may be known before: it is detected before the database is created). */
  private ready = false;
  private closing = false;

  /**
   * Validates the options (nothing is contacted).
   * @throws InfluxStorageError `INVALID_INPUT` for a bad URL or API, an empty database or a time-out below 1 ms.
   */
  constructor(options: InfluxStorageOptions, logger?: InfluxStorageLogger) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new InfluxInputError(`invalid InfluxDB url ${JSON.stringify(options.url)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new InfluxInputError(`InfluxDB url must be http(s), got ${url.protocol}`);
    }
    if (!['v1', 'v2', 'auto'].includes(options.api))
      throw new InfluxInputError(`invalid api ${String(options.api)}`);
    if (!options.database) throw new InfluxInputError('database (v1) / bucket (v2) must not be empty');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 1) throw new InfluxInputError('timeoutMs must be ≥ 1');
    this.opts = { ...options, timeoutMs };
    this.logger = logger ?? consoleLogger;
    this.agent =
      url.protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.transport = this.createTransport(undefined);
  }

  /** Write API in use. Before a successful `connect()` with `api: 'auto'` it is `'v1'` (placeholder); see `connected`. */
  get api(): InfluxApi {
    return this.detectedApi ?? (this.opts.api === 'auto' ? 'v1' : this.opts.api);
  }

  /** Server version from `X-Influxdb-Version` (e.g. `1.6.7~rc0`, `v2.7.11`), once connected. */
  get version(): string | undefined {
    return this.detectedVersion;
  }

  /** True after a successful `connect()` and until `close()`. */
  get connected(): boolean {
    return this.ready && !this.closing;
  }

  /**
   * Pings the server, detects the API (when `api: 'auto'`) and creates the database (v1, `createDatabase`).
   * Idempotent once it succeeded.
   * @throws InfluxStorageError `UNREACHABLE` (retriable) when the server does not answer, `HTTP` for an error status
   *   (e.g. 401: bad token/credentials), `QUERY` when `CREATE DATABASE` is refused, `CLOSED` after `close()`.
   */
  async connect(): Promise<{ api: InfluxApi; version?: string }> {
    if (this.closing) throw new InfluxStorageError('CLOSED', 'InfluxStorage is closed');
    if (this.ready) return { api: this.api, version: this.version };

    const { version } = await this.pingOrThrow(this.opts.timeoutMs);
    const api = this.opts.api === 'auto' ? this.detectApi(version) : this.opts.api;
    this.detectedVersion = version;
    this.detectedApi = api;
    this.transport = this.createTransport(api);
    if (api === 'v1' && this.opts.createDatabase !== false) {
      await this.rawQuery(`CREATE DATABASE ${quoteIdentifier(this.opts.database)}`, false);
    }
    this.ready = true;
    this.logger.log(
      `connected to InfluxDB ${version ?? '(version unknown)'} at ${this.opts.url}: ${api} API, ` +
        `writes to ${this.writePath(api)}`,
    );
    return { api, version };
  }

  /** True when `GET /ping` answers 2xx within 5 s. Never throws. */
  async ping(): Promise<boolean> {
    try {
      await this.pingOrThrow(PING_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Writes ready-made line-protocol lines (millisecond timestamps, newline-separated) in one request, with no
   * buffering and no retry: the caller (the ingester's on-disk spool) keeps the lines until this resolves, and
   * decides when to try again. v1: `POST /write?db=&rp=&precision=ms` (Basic credentials when a username is set);
   * v2: `POST /api/v2/write?org=&bucket=&precision=ms` with the token.
   * Writing a line twice is harmless: InfluxDB keeps one point per series and timestamp, the last written.
   * @throws InfluxPartialWriteError (code `HTTP`, 400) when InfluxDB 1.x stored the body's valid lines and refused
   *   the others (a field-type conflict, an unparsable line): how many and of which stations, write-result.ts;
   *   InfluxStorageError `HTTP` (retriable for 429/5xx; another 4xx refuses the whole body), `UNREACHABLE`
   *   (retriable), `NOT_CONNECTED` before `connect()`.
   */
  async writeLines(body: string): Promise<void> {
    const api = this.detectedApi;
    if (!api) throw new InfluxStorageError('NOT_CONNECTED', 'call connect() before writeLines()');
    try {
      await this.transport.request(this.writePath(api), body, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    } catch (error) {
      throw toWriteError(error, body);
    }
  }

  /**
   * Runs InfluxQL on `POST /query` (`db` = database, `epoch=ms`, `rp` for v1 when set) and returns every series of
   * every statement. The statement is sent as is: build it only from values checked by `influxql.ts`.
   * @throws InfluxQueryError when InfluxDB reports an error (HTTP 400 or an `error` in a result; retriable only for
   *   429/5xx); InfluxStorageError `UNREACHABLE` (retriable), `BAD_RESPONSE`, `NOT_CONNECTED`.
   */
  async query<T = Record<string, unknown>>(influxql: string): Promise<InfluxSeries<T>[]> {
    if (!this.detectedApi) throw new InfluxStorageError('NOT_CONNECTED', 'call connect() before query()');
    return this.rawQuery<T>(influxql, true);
  }

  /** Closes the HTTP agent's sockets; `connect()` then throws `CLOSED`. Idempotent; never rejects. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.agent.destroy();
    }
    return Promise.resolve();
  }

  private detectApi(version: string | undefined): InfluxApi {
    const major = influxMajorVersion(version);
    if (major !== undefined) return major >= 2 ? 'v2' : 'v1';
    const guess: InfluxApi = this.opts.token ? 'v2' : 'v1';
    this.logger.warn(`no usable X-Influxdb-Version header (${String(version)}); assuming ${guess}`);
    return guess;
  }

  /**
   * A transport with the authentication of `api`: v2 → `Token`; v1 → `Basic` when a username is set. Before the API
   * is known (ping during `connect()`), the token if any, else Basic.
   */
  private createTransport(api: InfluxApi | undefined): Transport {
    const { token, username, password } = this.opts;
    const useToken = api === 'v2' || (api === undefined && !!token);
    const headers: Record<string, string> = {};
    if (!useToken && username !== undefined) {
      headers['Authorization'] = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
    }
    if (api === 'v1' && token && username === undefined) {
      this.logger.warn(
        'a token is set but the server speaks the v1 API: use username/password; token ignored',
      );
    }
    return new InfluxDB({
      url: this.opts.url,
      token: useToken ? token : undefined,
      timeout: this.opts.timeoutMs,
      headers,
      transportOptions: { agent: this.agent },
    }).transport;
  }

  /** Write path: `/write?db=&rp=&precision=ms` (v1) or `/api/v2/write?org=&bucket=&precision=ms` (org left out when not set). */
  private writePath(api: InfluxApi): string {
    const params = new URLSearchParams();
    if (api === 'v1') {
      params.set('db', this.opts.database);
      if (this.opts.retentionPolicy) params.set('rp', this.opts.retentionPolicy);
      params.set('precision', 'ms');
      return `/write?${params.toString()}`;
    }
    if (this.opts.org) params.set('org', this.opts.org);
    params.set('bucket', this.opts.database);
    params.set('precision', 'ms');
    return `/api/v2/write?${params.toString()}`;
  }

  /** `GET /ping`; resolves with the `X-Influxdb-Version` header, throws a classified error. */
  private async pingOrThrow(timeoutMs: number): Promise<{ version?: string }> {
    let version: string | undefined;
    try {
      await this.transport.request(
        '/ping',
        '',
        { method: 'GET', signal: AbortSignal.timeout(timeoutMs) },
        (headers) => {
          const header = headers['x-influxdb-version'];
          version = Array.isArray(header) ? header[0] : header;
        },
      );
    } catch (error) {
      throw toStorageError(error, `InfluxDB at ${this.opts.url} did not answer /ping`);
    }
    return { version };
  }

  private async rawQuery<T>(statement: string, withDb: boolean): Promise<InfluxSeries<T>[]> {
    const params = new URLSearchParams();
    if (withDb) params.set('db', this.opts.database);
    if (withDb && this.api === 'v1' && this.opts.retentionPolicy) params.set('rp', this.opts.retentionPolicy);
    params.set('epoch', 'ms');
    let body: unknown;
    try {
      body = await this.transport.request(
        `/query?${params.toString()}`,
        new URLSearchParams({ q: statement }).toString(),
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        },
      );
    } catch (error) {
      throw toStorageError(error, 'InfluxQL query failed', statement);
    }
    return parseQueryResponse<T>(body, statement);
  }
}

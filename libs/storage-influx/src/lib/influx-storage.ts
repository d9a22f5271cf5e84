import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  PARAMETER_CATALOGUE,
  type AlertDto,
  type Reading,
  type ReadingBucketDto,
  type StationKind,
} from '@langxanh/contracts';
import {
  HttpError,
  InfluxDB,
  setLogger,
  type CommunicationObserver,
  type Transport,
  type WriteApi,
  type WriteOptions,
} from '@influxdata/influxdb-client';
import { InfluxInputError, InfluxStorageError, toStorageError } from './errors';
import {
  assertParameter,
  assertStationId,
  assertStationKind,
  durationLiteral,
  positiveIntegerLiteral,
  quoteIdentifier,
  quoteString,
  timeLiteral,
} from './influxql';
import { ALERT_MEASUREMENT, alertToLine, readingToLine } from './points';
import { type InfluxSeries, parseQueryResponse } from './query-result';

/**
 * Which HTTP write API is used: `v1` = `POST /write?db=&rp=&precision=ms` (InfluxDB 1.x); `v2` =
 * `POST /api/v2/write?org=&bucket=&precision=ms` with `Authorization: Token …` (InfluxDB 2.x and 3.x).
 * Queries are InfluxQL on `POST /query` in both cases.
 */
export type InfluxApi = 'v1' | 'v2';

/** Configuration of {@link InfluxStorage}. Durations are milliseconds. */
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
  /** Lines per write request. Default 5 000. */
  batchSize?: number;
  /** Longest time a written line waits in the batch before it is sent. Default 1 000 (live data). */
  flushIntervalMs?: number;
  /** Retries of a failed write (network error, 429, 5xx) with exponential back-off. Default 5. 4xx are not retried. */
  maxRetries?: number;
  /** Most lines kept for retry; when full, the OLDEST are dropped (reported through `onWriteFailure`). Default 100 000. */
  maxBufferLines?: number;
  /** v1: `CREATE DATABASE` (idempotent) during `connect()`. Default true. Ignored for v2. */
  createDatabase?: boolean;
  /** Called after each successful write request with its number of lines. */
  onWriteSuccess?: (lines: number) => void;
  /**
   * Called after each failed write request. `attempt` counts from 1; `willRetry` false means these lines are
   * dropped (4xx, retries or retry time exhausted, storage closing). Lines dropped from a full retry buffer or still
   * pending at `close()` are reported with `attempt` 0, `willRetry` false and an error of code `LINES_DROPPED`.
   */
  onWriteFailure?: (error: Error, lines: number, attempt: number, willRetry: boolean) => void;
  /** First retry delay (then × 2 per attempt, randomised). Default 1 000. */
  minRetryDelayMs?: number;
  /** Longest retry delay. Default 30 000. */
  maxRetryDelayMs?: number;
  /** Lines older than this since their first attempt are not retried any more. Default 180 000. */
  maxRetryTimeMs?: number;
  /** HTTP socket time-out of every request. Default 10 000. */
  timeoutMs?: number;
  /** Longest time `close()` spends writing what is pending before it gives up. Default 10 000. */
  closeTimeoutMs?: number;
  /** Write bodies larger than this many bytes are gzipped. Default 1 000. */
  gzipThreshold?: number;
}

/** The logger interface (NestJS's `Logger` fits). Messages never contain the token or password. */
export interface InfluxStorageLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Query of {@link InfluxStorage.readingBuckets}. Times are epoch ms; the range is [from, to). */
export interface ReadingBucketsQuery {
  kind: StationKind;
  /** Station id (a slug). */
  station: string;
  /** Parameter key from the contracts catalogue of `kind`. */
  parameter: string;
  from: number;
  to: number;
  /** Bucket width in seconds. */
  everyS: number;
}

/** Last known values of one station (see {@link InfluxStorage.latestByStation}). */
export interface StationLatest {
  /** Time of the newest value among `values`, epoch ms. */
  time: number;
  /** Parameter → its last value (each parameter's own last point; they may come from different readings). */
  values: Record<string, number>;
}

/** Most buckets {@link InfluxStorage.readingBuckets} returns for one query. */
export const MAX_BUCKETS = 20_000;
/** Most alerts {@link InfluxStorage.alertHistory} returns. */
export const MAX_ALERT_HISTORY = 10_000;

const DEFAULTS = {
  batchSize: 5_000,
  flushIntervalMs: 1_000,
  maxRetries: 5,
  maxBufferLines: 100_000,
  minRetryDelayMs: 1_000,
  maxRetryDelayMs: 30_000,
  maxRetryTimeMs: 180_000,
  timeoutMs: 10_000,
  closeTimeoutMs: 10_000,
  gzipThreshold: 1_000,
} as const;

/** InfluxDB 1.x rejects bodies above `max-body-size` (25 MB by default): batches stay well below. */
const MAX_BATCH_BYTES = 8_000_000;

const consoleLogger: InfluxStorageLogger = {
  log: (m) => console.log(`[InfluxStorage] ${m}`),
  warn: (m) => console.warn(`[InfluxStorage] ${m}`),
  error: (m) => console.error(`[InfluxStorage] ${m}`),
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Resolves `true` when `promise` settles within `ms`, `false` otherwise (the promise is left to settle). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), Math.max(0, ms)))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Routes the messages that `@influxdata/influxdb-client` itself logs (to the console by default, e.g. "Write to
 * InfluxDB failed (attempt: 1)") into `logger`. The client's logger is process-global: call this once, at start-up.
 * InfluxStorage already reports every failed write through its own logger and `onWriteFailure`, so
 * `{ quiet: true }` drops the client's warnings and keeps only its errors.
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
 * The ingester's InfluxDB adapter: batched, retried writes of readings and alerts through
 * `@influxdata/influxdb-client`'s `WriteApi`, and InfluxQL reads, against InfluxDB 1.x (`/write`, `/query`) or
 * 2.x/3.x (`/api/v2/write`, `/query`).
 *
 * Life cycle: `new` → `connect()` → `writeReading`/`writeAlert`/queries → `close()`.
 *
 * How the v1 write path works: the client only builds `/api/v2/write?org=&bucket=&precision=` URLs; for v1 the
 * documented, public `WriteApi.path` is set to `/write?db=…&rp=…&precision=ms` after the `WriteApi` is created, so
 * batching, gzip and retries stay the client's. Queries go through the client's `Transport.request` to `/query`.
 */
export class InfluxStorage {
  private readonly opts: InfluxStorageOptions & { [K in keyof typeof DEFAULTS]: number };
  private readonly logger: InfluxStorageLogger;
  private readonly agent: HttpAgent;
  private transport: Transport;
  private writeApi: WriteApi | undefined;
  private detectedApi: InfluxApi | undefined;
  private detectedVersion: string | undefined;
  private pending = 0;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private closing = false;
  private writeApiClosed = false;
  private lastAlertTime = 0;

  /**
   * Validates the options (nothing is contacted).
   * @throws InfluxStorageError `INVALID_INPUT` for a bad URL, an empty database or a non-positive number.
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
    const merged = { ...options } as InfluxStorage['opts'];
    for (const [key, fallback] of Object.entries(DEFAULTS) as [keyof typeof DEFAULTS, number][]) {
      const value = options[key] ?? fallback;
      const minimum = key === 'maxRetries' || key === 'gzipThreshold' ? 0 : 1;
      if (!Number.isFinite(value) || value < minimum)
        throw new InfluxInputError(`${key} must be ≥ ${minimum}`);
      merged[key] = value;
    }
    this.opts = merged;
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
    return this.writeApi !== undefined && !this.closing;
  }

  /**
   * Pings the server, detects the API (when `api: 'auto'`), creates the database (v1, `createDatabase`) and builds
   * the `WriteApi`. Idempotent once it succeeded.
   * @throws InfluxStorageError `UNREACHABLE` (retriable) when the server does not answer, `HTTP` for an error status
   *   (e.g. 401: bad token/credentials), `QUERY` when `CREATE DATABASE` is refused, `CLOSED` after `close()`.
   */
  async connect(): Promise<{ api: InfluxApi; version?: string }> {
    if (this.closing) throw new InfluxStorageError('CLOSED', 'InfluxStorage is closed');
    if (this.writeApi) return { api: this.api, version: this.version };

    const { version } = await this.pingOrThrow();
    this.detectedVersion = version;
    this.detectedApi = this.opts.api === 'auto' ? this.detectApi(version) : this.opts.api;
    this.transport = this.createTransport(this.detectedApi);

    if (this.detectedApi === 'v1' && this.opts.createDatabase !== false) {
      await this.rawQuery(`CREATE DATABASE ${quoteIdentifier(this.opts.database)}`, false);
    }
    const writeApi = this.createWriteApi(this.detectedApi);
    this.writeApi = writeApi;
    this.logger.log(
      `connected to InfluxDB ${version ?? '(version unknown)'} at ${this.opts.url}: ${this.detectedApi} API, ` +
        `writes to ${writeApi.path.replace(/([?&](?:u|p)=)[^&]*/g, '$1***')}`,
    );
    return { api: this.detectedApi, version };
  }

  /** True when `GET /ping` answers 2xx within 5 s. Never throws. */
  async ping(): Promise<boolean> {
    try {
      await this.pingOrThrow(5_000);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Queues one reading (see `points.ts` for the schema). Returns at once; the line is sent with the next batch.
   * Non-finite values are skipped with a warning (a validated reading has none).
   * @throws InfluxStorageError `NOT_CONNECTED` before `connect()`, `CLOSED` after `close()` began;
   *   InfluxInputError when `reading.kind` is not a station kind.
   */
  writeReading(reading: Reading): void {
    const writeApi = this.writable();
    assertStationKind(reading.kind);
    const { line, skipped } = readingToLine(reading);
    if (skipped.length > 0) {
      this.logger.warn(
        `reading of ${reading.station} at ${reading.time}: non-finite values skipped: ${skipped.join(', ')}`,
      );
    }
    if (!line) return;
    this.pending++;
    writeApi.writeRecord(line);
  }

  /**
   * Queues one alert state (measurement `alert`), stamped with the processing time (`Date.now()`, made strictly
   * increasing within this instance so that two states of one alert never overwrite each other).
   * @throws InfluxStorageError `NOT_CONNECTED` before `connect()`, `CLOSED` after `close()` began.
   */
  writeAlert(alert: AlertDto): void {
    const writeApi = this.writable();
    const now = Math.max(Date.now(), this.lastAlertTime + 1);
    this.lastAlertTime = now;
    this.pending++;
    writeApi.writeRecord(alertToLine(alert, now));
  }

  /**
   * Writes ready-made line-protocol lines (millisecond timestamps, newline-separated) in one request, with no
   * buffering and no retry: the caller (the ingester's on-disk spool) keeps the lines until this resolves, and
   * decides when to try again. Same endpoint and credentials as the `WriteApi` (v1 `/write` or v2 `/api/v2/write`).
   * Writing a line twice is harmless: InfluxDB keeps one point per series and timestamp, the last written.
   * @throws InfluxStorageError `HTTP` (retriable for 429/5xx; a 400 means a malformed line — InfluxDB 1.x has then
   *   written the valid lines of the body), `UNREACHABLE` (retriable), `NOT_CONNECTED` before `connect()`.
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
      throw toStorageError(error, 'write failed');
    }
  }

  /** Lines accepted by `writeReading`/`writeAlert` and not yet confirmed written nor dropped (batch, in flight, retry buffer). */
  pendingLines(): number {
    return this.pending;
  }

  /**
   * Sends the current batch now and waits until no write request is in flight (bounded by the HTTP time-out).
   *
   * Never rejects (choice): a failed send is reported through `onWriteFailure` and the logger, and its lines stay in
   * the client's retry buffer (still counted by `pendingLines()`) to be retried on the back-off schedule. Callers
   * that must know use `pendingLines()` afterwards; `close()` is the call that insists.
   */
  async flush(): Promise<void> {
    const writeApi = this.writeApi;
    if (!writeApi) return;
    try {
      await writeApi.flush(false);
    } catch {
      // Reported by onWriteFailed (writeFailed callback); the lines are in the retry buffer.
    }
    await this.waitIdle(this.opts.timeoutMs + 1_000);
  }

  /**
   * Writes everything pending — retrying, for at most `closeTimeoutMs` — then closes the `WriteApi` and the HTTP
   * agent. Lines still pending after that are dropped and reported (`onWriteFailure` with `LINES_DROPPED`, and an
   * error log). Further writes throw `CLOSED`. Idempotent; never rejects.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const writeApi = this.writeApi;
    if (writeApi) {
      const deadline = Date.now() + this.opts.closeTimeoutMs;
      await settlesWithin(this.flush(), this.opts.closeTimeoutMs);
      while (this.pending > 0 && Date.now() < deadline) {
        // flush(true) also sends the retry buffer at once (it costs one retry per failed attempt).
        await settlesWithin(writeApi.flush(true), deadline - Date.now());
        await this.waitIdle(deadline - Date.now());
        if (this.pending > 0) await sleep(Math.min(1_000, deadline - Date.now()));
      }
      const lost = this.pending;
      this.writeApiClosed = true;
      await settlesWithin(writeApi.close(), 2_000);
      if (lost > 0) {
        const error = new InfluxStorageError(
          'LINES_DROPPED',
          `closed with ${lost} line(s) not written after ${this.opts.closeTimeoutMs} ms`,
        );
        this.logger.error(error.message);
        this.notifyFailure(error, lost, 0, false);
      }
      this.pending = 0;
    }
    this.agent.destroy();
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

  /**
   * Mean, min, max and count of one parameter of one station per `everyS`-second bucket over [from, to).
   * Buckets are aligned on multiples of `everyS` since the Unix epoch (UTC), so the first may start before `from`.
   * Every bucket of the range is returned, in time order; a bucket without data has `mean`/`min`/`max` null and
   * `count` 0 (gaps stay visible, never zero).
   * @throws InfluxInputError for an unknown kind/parameter, a non-slug station, non-integer times, `from ≥ to`, or
   *   more than {@link MAX_BUCKETS} buckets; the errors of {@link InfluxStorage.query}.
   */
  async readingBuckets(q: ReadingBucketsQuery): Promise<ReadingBucketDto[]> {
    const kind = assertStationKind(q.kind);
    const station = assertStationId(q.station);
    const field = quoteIdentifier(assertParameter(kind, q.parameter));
    const every = durationLiteral(q.everyS);
    const from = timeLiteral(q.from);
    const to = timeLiteral(q.to);
    if (q.from >= q.to) throw new InfluxInputError(`from (${q.from}) must be before to (${q.to})`);
    const everyMs = q.everyS * 1_000;
    const first = Math.floor(q.from / everyMs) * everyMs;
    const buckets = Math.ceil((q.to - first) / everyMs);
    if (buckets > MAX_BUCKETS)
      throw new InfluxInputError(`${buckets} buckets requested, at most ${MAX_BUCKETS}`);

    const statement =
      `SELECT mean(${field}) AS "mean", min(${field}) AS "min", max(${field}) AS "max", count(${field}) AS "count" ` +
      `FROM ${quoteIdentifier(kind)} WHERE "station" = ${quoteString(station)} AND time >= ${from} AND time < ${to} ` +
      `GROUP BY time(${every}) fill(null)`;
    type Row = { time: number; mean: unknown; min: unknown; max: unknown; count: unknown };
    const byTime = new Map<number, Row>();
    for (const series of await this.query<Row>(statement)) {
      for (const row of series.rows) byTime.set(Number(row.time), row);
    }
    const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    const out: ReadingBucketDto[] = [];
    for (let t = first; t < q.to; t += everyMs) {
      const row = byTime.get(t);
      out.push({
        time: new Date(t).toISOString(),
        mean: num(row?.mean),
        min: num(row?.min),
        max: num(row?.max),
        count: num(row?.count) ?? 0,
      });
    }
    return out;
  }

  /**
   * The last value of every catalogue parameter of `kind`, per station (used to restore the overview after a
   * restart). One `SELECT last(…)` statement per parameter, sent in one request, so that each value keeps its own
   * time (a multi-field `last(*)` would report time 0).
   * @returns station id → `{ time, values }`; stations without any value are absent.
   * @throws InfluxInputError for an unknown kind; the errors of {@link InfluxStorage.query}.
   */
  async latestByStation(kind: StationKind): Promise<Map<string, StationLatest>> {
    const measurement = quoteIdentifier(assertStationKind(kind));
    const parameters = PARAMETER_CATALOGUE[kind].map((spec) => spec.key);
    const statement = parameters
      .map(
        (p) =>
          `SELECT last(${quoteIdentifier(p)}) AS ${quoteIdentifier(p)} FROM ${measurement} GROUP BY "station"`,
      )
      .join('; ');
    const out = new Map<string, StationLatest>();
    for (const series of await this.query(statement)) {
      const station = series.tags['station'];
      const parameter = parameters[series.statementId];
      if (!station || parameter === undefined) continue;
      for (const row of series.rows) {
        const value = row[parameter];
        const time = Number(row['time']);
        if (typeof value !== 'number' || !Number.isFinite(time)) continue;
        const entry = out.get(station) ?? { time, values: {} };
        entry.values[parameter] = value;
        entry.time = Math.max(entry.time, time);
        out.set(station, entry);
      }
    }
    return out;
  }

  /**
   * The newest `limit` alert states written by `writeAlert`, newest first, parsed from their `json` field (rows
   * whose JSON does not parse are skipped with a warning).
   * @throws InfluxInputError unless 1 ≤ limit ≤ {@link MAX_ALERT_HISTORY}; the errors of {@link InfluxStorage.query}.
   */
  async alertHistory(limit: number): Promise<AlertDto[]> {
    const statement =
      `SELECT "json" FROM ${quoteIdentifier(ALERT_MEASUREMENT)} ORDER BY time DESC ` +
      `LIMIT ${positiveIntegerLiteral(limit, MAX_ALERT_HISTORY)}`;
    return this.queryAlerts(statement);
  }

  /**
   * The newest stored state of every alert series (one per station and rule), whatever its age and however many
   * changes were stored since: what start-up needs to restore the open alerts.
   * @throws InfluxStorageError / InfluxQueryError when the query fails.
   */
  async latestAlertStates(): Promise<AlertDto[]> {
    const statement =
      `SELECT last("json") AS "json" FROM ${quoteIdentifier(ALERT_MEASUREMENT)} ` +
      `GROUP BY ${quoteIdentifier('station')}, ${quoteIdentifier('rule')}`;
    return this.queryAlerts(statement);
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Runs an InfluxQL statement selecting the `json` field of the alert measurement and parses each row. */
  private async queryAlerts(statement: string): Promise<AlertDto[]> {
    const out: AlertDto[] = [];
    for (const series of await this.query<{ time: number; json: unknown }>(statement)) {
      for (const row of series.rows) {
        if (typeof row.json !== 'string') continue;
        try {
          out.push(JSON.parse(row.json) as AlertDto);
        } catch {
          this.logger.warn(`alert row at ${row.time} has invalid JSON; skipped`);
        }
      }
    }
    return out;
  }

  private writable(): WriteApi {
    if (this.closing) throw new InfluxStorageError('CLOSED', 'InfluxStorage is closed: write refused');
    if (!this.writeApi) throw new InfluxStorageError('NOT_CONNECTED', 'call connect() before writing');
    return this.writeApi;
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

  /** Write path: the client's v2 path (org left out when not set), or the v1 `/write` endpoint. */
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

  private createWriteApi(api: InfluxApi): WriteApi {
    const maxRetries = this.opts.maxRetries;
    const writeOptions: Partial<WriteOptions> = {
      batchSize: this.opts.batchSize,
      flushInterval: this.opts.flushIntervalMs,
      maxRetries,
      maxBufferLines: this.opts.maxBufferLines,
      maxRetryTime: this.opts.maxRetryTimeMs,
      minRetryDelay: this.opts.minRetryDelayMs,
      maxRetryDelay: this.opts.maxRetryDelayMs,
      exponentialBase: 2,
      randomRetry: true,
      retryJitter: 200,
      gzipThreshold: this.opts.gzipThreshold,
      maxBatchBytes: MAX_BATCH_BYTES,
      // Arrow functions: the client calls these with `this` = the WriteApi.
      writeSuccess: (lines: string[]) => {
        this.settle(lines.length);
        this.safeCall(() => this.opts.onWriteSuccess?.(lines.length));
      },
      writeFailed: (error: Error, lines: string[], attempt: number, expires: number) => {
        // Mirrors the client's decision (WriteApiImpl.sendBatch): retried while attempts remain, before the expiry,
        // not closing, and the error is not an HTTP status below 429.
        const fatalStatus = error instanceof HttpError && error.statusCode < 429;
        const willRetry =
          !this.writeApiClosed && attempt <= maxRetries && expires > Date.now() && !fatalStatus;
        const storageError = toStorageError(
          error,
          `write of ${lines.length} line(s) failed (attempt ${attempt})`,
        );
        const message = `${storageError.message}; ${willRetry ? 'will retry' : 'lines DROPPED'}`;
        if (willRetry) this.logger.warn(message);
        else {
          this.logger.error(message);
          this.settle(lines.length);
        }
        this.notifyFailure(storageError, lines.length, attempt, willRetry);
        return undefined; // keep the client's retry handling
      },
      writeRetrySkipped: (entry: { lines: string[] }) => {
        this.settle(entry.lines.length);
        const error = new InfluxStorageError(
          'LINES_DROPPED',
          `retry buffer full (maxBufferLines ${this.opts.maxBufferLines}): ${entry.lines.length} oldest line(s) DROPPED`,
        );
        this.logger.error(error.message);
        this.notifyFailure(error, entry.lines.length, 0, false);
      },
    };
    const tracked = this.trackingTransport(this.transport);
    const writeApi = new InfluxDB({ url: this.opts.url, transport: tracked }).getWriteApi(
      this.opts.org ?? '',
      this.opts.database,
      'ms',
      writeOptions,
    );
    // `WriteApi.path` is public and documented as changeable: the v1 endpoint, or v2 without an empty org.
    if (api === 'v1' || !this.opts.org) writeApi.path = this.writePath(api);
    return writeApi;
  }

  /** Wraps a transport to count write requests in flight (so that `flush()` can wait for them). */
  private trackingTransport(base: Transport): Transport {
    return {
      chunkCombiner: base.chunkCombiner,
      request: (...args) => base.request(...args),
      iterate: (...args) => base.iterate(...args),
      send: (path, body, options, callbacks?: Partial<CommunicationObserver<Uint8Array>>) => {
        this.inFlight++;
        let done = false;
        const end = () => {
          if (done) return;
          done = true;
          this.inFlight--;
          if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
        };
        base.send(path, body, options, {
          ...callbacks,
          error: (error: Error) => {
            try {
              callbacks?.error?.(error);
            } finally {
              end();
            }
          },
          complete: () => {
            try {
              callbacks?.complete?.();
            } finally {
              end();
            }
          },
        });
      },
    };
  }

  /** Resolves when no write request is in flight, or after `ms`. */
  private async waitIdle(ms: number): Promise<void> {
    if (this.inFlight === 0 || ms <= 0) return;
    await settlesWithin(new Promise<void>((resolve) => this.idleWaiters.push(resolve)), ms);
  }

  private settle(lines: number): void {
    this.pending = Math.max(0, this.pending - lines);
  }

  private notifyFailure(error: Error, lines: number, attempt: number, willRetry: boolean): void {
    this.safeCall(() => this.opts.onWriteFailure?.(error, lines, attempt, willRetry));
  }

  private safeCall(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.logger.error(
        `InfluxStorage callback threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** `GET /ping`; resolves with the `X-Influxdb-Version` header, throws a classified error. */
  private async pingOrThrow(timeoutMs = this.opts.timeoutMs): Promise<{ version?: string }> {
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

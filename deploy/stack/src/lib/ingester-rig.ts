import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpOk, httpReady, pickPort, startAppProcess, type AppProcess } from './app-process';

/**
 * The one rig that starts the BUILT ingester (`dist/…/main.js`) as its own process for `npm start`, the end-to-end
 * tests, the fault-injection suite and the benchmark: its environment (free port, spool and user store in a state
 * folder, broker and database URLs, administrator), readiness, sign-in, SIGKILL / restart / stop, its log, clean-up.
 */

/** The built ingester, relative to the repository root (`nx run ingester:build` makes it). */
export const BUILT_INGESTER = 'dist/apps/ingester/apps/ingester/src/main.js';

/** The shipped station registry, relative to the repository root. */
export const SHIPPED_REGISTRY = 'deploy/registry/bac-ninh.json';

/** The administrator the ingester creates at its first start (`ADMIN_*`), and the session signing key. */
export interface AdminCredentials {
  readonly username: string;
  readonly password: string;
  /** `AUTH_JWT_SECRET`: at least 32 characters. */
  readonly jwtSecret: string;
}

/**
 * When a started ingester counts as ready (polled every 250 ms, bounded by `readyTimeoutMs`):
 * - `ready`: `GET /api/health/ready` answers 2xx — broker connected and spool accepting (the benchmark);
 * - `live`: `GET /api/health/live` answers 2xx — the HTTP server is up, whatever the broker and database do (the
 *   fault suite, which starts it against services it then breaks);
 * - `serving`: `GET /api/clusters` answers below 500 within 2 s (`npm start`, the end-to-end tests).
 */
export type IngesterReadiness = 'ready' | 'live' | 'serving';

/** What {@link ingesterEnv} turns into the ingester's environment. */
export interface IngesterEnvInput {
  /** `MQTT_URL`, e.g. `mqtt://127.0.0.1:1883`. */
  readonly brokerUrl: string;
  /** `INFLUX_URL`, e.g. `http://127.0.0.1:8086`. */
  readonly influxUrl: string;
  /** `INFLUX_DATABASE`; omitted: the ingester's default. */
  readonly database?: string;
  /** `MQTT_CLIENT_ID`; omitted: the ingester's default. */
  readonly clientId?: string;
  /** `HTTP_PORT` (on `HTTP_HOST` 127.0.0.1). */
  readonly port: number;
  /** `REGISTRY_FILE`, absolute path. */
  readonly registryFile: string;
  /** Folder of the ingester's state: `SPOOL_DIR` is `<stateDir>/spool`, `AUTH_DATA_DIR` is `<stateDir>/auth`. */
  readonly stateDir: string;
  /** `ADMIN_USERNAME`, `ADMIN_PASSWORD`, `AUTH_JWT_SECRET`. */
  readonly credentials: AdminCredentials;
  /** `AUTH_BCRYPT_COST` (rounds, 4 makes sign-in fast in tests); omitted: the ingester's default. */
  readonly bcryptCost?: number;
  /** `LOG_LEVEL`, e.g. `info`; omitted: the ingester's default. */
  readonly logLevel?: string;
  /** Extra variables, applied last (they override the ones above). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The ingester's environment (added to the runner's own): variables left out when their input is omitted. */
export function ingesterEnv(input: IngesterEnvInput): NodeJS.ProcessEnv {
  return {
    MQTT_URL: input.brokerUrl,
    ...(input.clientId === undefined ? {} : { MQTT_CLIENT_ID: input.clientId }),
    INFLUX_URL: input.influxUrl,
    ...(input.database === undefined ? {} : { INFLUX_DATABASE: input.database }),
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(input.port),
    REGISTRY_FILE: input.registryFile,
    SPOOL_DIR: join(input.stateDir, 'spool'),
    AUTH_DATA_DIR: join(input.stateDir, 'auth'),
    AUTH_JWT_SECRET: input.credentials.jwtSecret,
    ...(input.bcryptCost === undefined ? {} : { AUTH_BCRYPT_COST: String(input.bcryptCost) }),
    ADMIN_USERNAME: input.credentials.username,
    ADMIN_PASSWORD: input.credentials.password,
    ...(input.logLevel === undefined ? {} : { LOG_LEVEL: input.logLevel }),
    ...input.env,
  };
}

/** Options of {@link startIngesterRig}. */
export interface IngesterRigOptions extends Omit<IngesterEnvInput, 'port' | 'stateDir' | 'registryFile'> {
  /** Repository root (working directory; the built ingester and the registry are found from here). */
  readonly root: string;
  /** Name of the process in errors and logs. Default `ingester`. */
  readonly name?: string;
  /** The ingester's state folder (kept by {@link IngesterRig.stop}); default a fresh temporary folder, removed by it. */
  readonly stateDir?: string;
  /** Default `<root>/deploy/registry/bac-ninh.json`. */
  readonly registryFile?: string;
  /** Preferred HTTP port, taken when free (else any free port); 0 or omitted: any free loopback port. */
  readonly port?: number;
  readonly readiness: IngesterReadiness;
  /** Default 60 000 ms. */
  readonly readyTimeoutMs?: number;
  /** Folder of the log; default `stateDir`. */
  readonly logDir?: string;
  /** One log per start (`ingester-1.log`, `ingester-2.log`, … after restarts) instead of one `ingester.log` appended to. */
  readonly logPerStart?: boolean;
  /** Node.js options before the script, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** The built ingester to run (absolute path); default `<root>/` {@link BUILT_INGESTER} (to compare two builds). */
  readonly script?: string;
}

/** A running built ingester. One port, state folder and session for its whole life, across restarts. */
export interface IngesterRig {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly stateDir: string;
  readonly credentials: AdminCredentials;
  /** The current process (a new one after {@link restart}). */
  readonly process: AppProcess;
  /** The current process's log file (stdout and stderr). */
  readonly logFile: string;
  /** The current log's text ('' when there is none yet). */
  log(): string;
  /** The administrator's session token (`POST /api/auth/login` once, then cached: it outlives restarts). */
  token(): Promise<string>;
  /** `{ authorization: 'Bearer <token>' }`. */
  authHeaders(): Promise<Record<string, string>>;
  /** `fetch(url + path)` signed in as the administrator; `path` starts with `/`, e.g. `/api/health`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Sends `signal` (default SIGKILL: no shutdown hooks run) and resolves when the process has ended. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the ingester again with the same environment, port, state and session, and waits until it is ready. */
  restart(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 000); then removes the state folder when the rig made it. */
  stop(graceMs?: number): Promise<void>;
}

const READY_PROBE: Record<IngesterReadiness, (url: string) => Promise<boolean>> = {
  ready: (url) => httpOk(`${url}/api/health/ready`),
  live: (url) => httpOk(`${url}/api/health/live`),
  serving: (url) => httpReady(`${url}/api/clusters`),
};

/**
 * Starts the built ingester and waits until it is ready (see {@link IngesterReadiness}).
 * @throws Error with the tail of its log when it exits or is not ready in `readyTimeoutMs`.
 */
export async function startIngesterRig(options: IngesterRigOptions): Promise<IngesterRig> {
  const name = options.name ?? 'ingester';
  const madeStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), `langxanh-${name}-`));
  const logDir = options.logDir ?? stateDir;
  const port = await pickPort(options.port, 0);
  const url = `http://127.0.0.1:${port}`;
  const env = ingesterEnv({
    ...options,
    port,
    stateDir,
    registryFile: options.registryFile ?? join(options.root, SHIPPED_REGISTRY),
  });
  let generation = 0;
  const launch = () =>
    startAppProcess({
      name,
      command: process.execPath,
      args: [...(options.nodeArgs ?? []), options.script ?? join(options.root, BUILT_INGESTER)],
      cwd: options.root,
      env,
      logFile: join(logDir, options.logPerStart ? `${name}-${++generation}.log` : `${name}.log`),
      ready: () => READY_PROBE[options.readiness](url),
      readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    });
  let current: AppProcess;
  try {
    current = await launch();
  } catch (error) {
    if (madeStateDir) rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }

  let token: string | undefined;
  const signIn = async (): Promise<string> => {
    if (token) return token;
    const response = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: options.credentials.username,
        password: options.credentials.password,
      }),
    });
    if (!response.ok) throw new Error(`${name} login → HTTP ${response.status}`);
    token = ((await response.json()) as { token: string }).token;
    return token;
  };
  const authHeaders = async () => ({ authorization: `Bearer ${await signIn()}` });

  return {
    url,
    port,
    stateDir,
    credentials: options.credentials,
    get process() {
      return current;
    },
    get logFile() {
      return current.logFile;
    },
    log: () => (existsSync(current.logFile) ? readFileSync(current.logFile, 'utf8') : ''),
    token: signIn,
    authHeaders,
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      for (const [key, value] of Object.entries(await authHeaders())) headers.set(key, value);
      return fetch(`${url}${path}`, { ...init, headers });
    },
    async kill(signal = 'SIGKILL') {
      const ended = current.exited;
      process.kill(current.pid, signal);
      await ended;
    },
    async restart() {
      current = await launch();
    },
    async stop(graceMs = 10_000) {
      await current.stop(graceMs);
      if (madeStateDir) rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

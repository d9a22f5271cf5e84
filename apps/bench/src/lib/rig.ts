import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startInfluxd, startMosquitto, type RunningService } from '@langxanh/local-services';
import { startAppProcess, startIngesterRig, type AdminCredentials, type AppProcess } from '@langxanh/stack';

/**
 * Broker settings of the shipped production configuration (deploy/mosquitto/mosquitto.prod.conf): a lagging
 * subscriber's queue is bounded by 1 000 000 messages, not Mosquitto's default 1 000 that drops silently at QoS 1.
 */
const SHIPPED_BROKER = { maxQueuedMessages: 1_000_000, maxInflightMessages: 100 } as const;

/** Real mosquitto and influxd on free loopback ports, with their data in the benchmark's folder. */
export interface BenchServices {
  readonly broker: RunningService;
  readonly influx: RunningService;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startServices(dataDir: string): Promise<BenchServices> {
  const [broker, influx] = await Promise.all([
    startMosquitto({ port: 0, dataDir: join(dataDir, 'mosquitto'), ...SHIPPED_BROKER }),
    startInfluxd({ httpPort: 0, dataDir: join(dataDir, 'influxd') }),
  ]);
  return {
    broker,
    influx,
    dataDir,
    async stop() {
      await Promise.all([broker.stop(), influx.stop()]);
    },
  };
}

/** A pipe under test, running as its own process: the ingester, or the floor reference. */
export interface PipeProcess {
  readonly name: string;
  readonly process: AppProcess;
  readonly database: string;
  readonly clientId: string;
  /** V8 heap in use, MB (the ingester's `nodejs_heap_size_used_bytes` metric); undefined where not exposed. */
  heapUsedMb?(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/** The built ingester as its own process, with HTTP for the API and socket.io. */
export interface IngesterProcess extends PipeProcess {
  readonly url: string;
  /** `Authorization` header of the benchmark's administrator. */
  authHeaders(): Promise<Record<string, string>>;
  /** The administrator's session token (socket.io handshake `auth.token`). */
  token(): Promise<string>;
  /** `fetch(url + path)` signed in as the administrator, e.g. `/api/metrics`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * The benchmark's administrator and session key (created by the ingester at its first start). Random per bench
 * process: the ingester runs with NODE_ENV=production, which refuses guessable secrets and passwords.
 */
const ADMIN: AdminCredentials = {
  username: 'bench-admin',
  password: randomBytes(18).toString('base64url'),
  jwtSecret: randomBytes(32).toString('base64url'),
};

export interface IngesterOptions {
  readonly root: string;
  readonly services: BenchServices;
  readonly registryFile: string;
  readonly database: string;
  readonly name: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Extra Node.js options before the script, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** The built ingester to run (default the repository's own, `BUILT.ingester` of `@langxanh/stack`): to compare two builds. */
  readonly script?: string;
}

/**
 * Node.js options of the production start — `deploy/scripts/prod.sh`, `deploy/systemd/langxanh-ingester.service`,
 * `deploy/container/Dockerfile` (the install-artefacts test checks the unit's): the bench starts the ingester as
 * production does. No heap limit: see docs/benchmarks.md § Memory and cost growth.
 */
export const PRODUCTION_NODE_ARGS: readonly string[] = ['--enable-source-maps'];

/**
 * Starts the built ingester (`dist/…/main.js`) with the production delivery guarantee (spool, then PUBACK), its state
 * and log (`<name>.log`) in `<dataDir>/<name>`, ready once `/api/health/ready` answers 2xx (at most 60 s).
 */
export async function startIngester(options: IngesterOptions): Promise<IngesterProcess> {
  const clientId = `ingester-${options.name}`;
  const rig = await startIngesterRig({
    root: options.root,
    name: options.name,
    brokerUrl: options.services.broker.url,
    influxUrl: options.services.influx.url,
    database: options.database,
    clientId,
    registryFile: options.registryFile,
    stateDir: join(options.services.dataDir, options.name),
    logDir: join(options.services.dataDir, options.name),
    credentials: ADMIN,
    bcryptCost: 4,
    logLevel: 'info',
    env: { NODE_ENV: 'production', ...options.env },
    readiness: 'ready',
    readyTimeoutMs: 60_000,
    nodeArgs: [...PRODUCTION_NODE_ARGS, ...(options.nodeArgs ?? [])],
    script: options.script,
  });
  return {
    name: options.name,
    process: rig.process,
    database: options.database,
    clientId,
    url: rig.url,
    token: () => rig.token(),
    authHeaders: () => rig.authHeaders(),
    fetch: (path, init) => rig.fetch(path, init),
    heapUsedMb: async () => {
      try {
        const response = await rig.fetch('/api/metrics');
        const used = /^nodejs_heap_size_used_bytes (\d+(?:\.\d+)?)/m.exec(await response.text())?.[1];
        return used === undefined ? undefined : Math.round(Number(used) / 2 ** 20);
      } catch {
        return undefined;
      }
    },
    stop: () => stopPipe(rig.process, options.services.broker.url, clientId),
  };
}

/**
 * Waits until the ingester's averaging windows have warmed up (`/api/health` → `averages.state` `ready` or `partial`,
 * issue 19: the warm-up runs in the background after readiness), so a ladder measures the steady state rather than
 * the history reads of a restart. @returns seconds from the call until then; null for an ingester that does not
 * report `averages` (an older build, `--ingester`). @throws when not warmed within `timeoutMs`.
 */
export async function averagesWarmed(pipe: IngesterProcess, timeoutMs = 300_000): Promise<number | null> {
  const started = Date.now();
  for (;;) {
    const response = await pipe.fetch('/api/health');
    const health = (await response.json()) as { averages?: { state?: string } };
    const state = health.averages?.state;
    if (state === undefined) return null;
    if (state === 'ready' || state === 'partial') return Math.round((Date.now() - started) / 100) / 10;
    if (Date.now() - started > timeoutMs)
      throw new Error(`averages still ${state} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts the floor reference pipe (apps/bench/src/floor/main.ts, built) as its own process. */
export async function startFloor(options: {
  root: string;
  services: BenchServices;
  database: string;
  nodeArgs?: readonly string[];
}): Promise<PipeProcess> {
  const clientId = 'bench-floor';
  const logFile = join(options.services.dataDir, 'floor', 'floor.log');
  await createDatabase(options.services.influx.url, options.database);
  const process_ = await startAppProcess({
    name: 'floor',
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      join(options.root, BENCH_BUILT.floor),
      '--broker',
      options.services.broker.url,
      '--influx',
      options.services.influx.url,
      '--database',
      options.database,
      '--client-id',
      clientId,
      '--qos',
      '1',
    ],
    cwd: options.root,
    logFile,
    // It says `floor: ready` on stderr once the broker granted its subscription.
    ready: async () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('floor: ready'),
    readyTimeoutMs: 30_000,
  });
  return {
    name: 'floor',
    process: process_,
    database: options.database,
    clientId,
    stop: () => stopPipe(process_, options.services.broker.url, clientId),
  };
}

/** Where the benchmark's own programs are once built (`nx run bench:build`), relative to the repository root. */
export const BENCH_BUILT = {
  main: 'dist/apps/bench/apps/bench/src/main.js',
  floor: 'dist/apps/bench/apps/bench/src/floor/main.js',
} as const;

/**
 * Stops a pipe and removes its persistent session from the broker (a clean-session connect with its client id),
 * so the broker does not go on queueing messages for a subscriber that is gone (which would load the next pipe).
 */
export async function stopPipe(process_: AppProcess, brokerUrl: string, clientId: string): Promise<void> {
  await process_.stop(10_000);
  const client = await mqtt.connectAsync(brokerUrl, { clientId, clean: true, reconnectPeriod: 0 });
  await client.endAsync();
}

/** `CREATE DATABASE` (idempotent) on InfluxDB 1.x. @throws Error on a non-2xx answer. */
export async function createDatabase(influxUrl: string, database: string): Promise<void> {
  await influxQuery(influxUrl, database, `CREATE DATABASE "${database}"`, 'POST');
}

/** One InfluxQL statement; returns the first series' values (epoch ms times). @throws Error on a non-2xx answer. */
export async function influxQuery(
  influxUrl: string,
  database: string,
  q: string,
  method: 'GET' | 'POST' = 'GET',
): Promise<unknown[][]> {
  const query = `db=${encodeURIComponent(database)}&epoch=ms&q=${encodeURIComponent(q)}`;
  const response =
    method === 'GET'
      ? await fetch(`${influxUrl}/query?${query}`)
      : await fetch(`${influxUrl}/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: query,
        });
  if (!response.ok)
    throw new Error(`InfluxDB ${q.slice(0, 80)} → HTTP ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as {
    results: { series?: { values: unknown[][] }[]; error?: string }[];
  };
  const result = body.results[0];
  if (result?.error) throw new Error(`InfluxDB ${q.slice(0, 80)}: ${result.error}`);
  return result?.series?.[0]?.values ?? [];
}

/** Number of points of `measurement` whose PM2.5 field is set, in [fromMs, toMs] (inclusive). */
export async function countPoints(
  influxUrl: string,
  database: string,
  fromMs: number,
  toMs: number,
): Promise<number> {
  const values = await influxQuery(
    influxUrl,
    database,
    `SELECT count("PM2.5") FROM "air" WHERE time >= ${fromMs}ms AND time <= ${toMs}ms`,
  );
  return Number(values[0]?.[1] ?? 0);
}

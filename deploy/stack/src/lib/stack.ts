import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import getPort from 'get-port';
import {
  DEFAULT_INFLUX_HTTP_PORT,
  DEFAULT_MQTT_PORT,
  requireBinaries,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';
import { httpReady, startAppProcess, type AppProcess } from './app-process';

/** Where the built programs are, relative to the repository root (`npm run build` makes them). */
export const BUILT = {
  ingester: 'dist/apps/ingester/apps/ingester/src/main.js',
  simulators: 'dist/simulators/simulators/src/main.js',
  dashboard: 'dist/apps/dashboard/index.html',
  vite: 'node_modules/vite/bin/vite.js',
  dashboardConfig: 'apps/dashboard/vite.config.ts',
} as const;

export interface StackOptions {
  /** Repository root. */
  readonly root: string;
  /** Folder for the broker's and database's data and every log; kept between runs when given. */
  readonly dataDir?: string;
  /** Preferred ports (a busy preferred port is replaced by a free one). 0 = any free port. */
  readonly ports?: { mqtt?: number; influx?: number; ingester?: number; dashboard?: number };
  readonly dashboardHost?: string;
  /** Start the simulators (`simulate`) with these extra arguments; omit to start none. */
  readonly simulatorArgs?: readonly string[];
  /** Extra environment for the ingester. */
  readonly ingesterEnv?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

/** The development run's administrator and session key (`<dataDir>/dev-credentials.json`). */
export interface DevCredentials {
  readonly username: string;
  readonly password: string;
  readonly jwtSecret: string;
}

/**
 * The development credentials kept in `file`, made (random password and key, mode 0600) the first time. For
 * `npm start` and the end-to-end tests only; production sets ADMIN_* and AUTH_JWT_SECRET itself.
 */
export function devCredentials(file: string): DevCredentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DevCredentials;
  const credentials: DevCredentials = {
    username: 'admin',
    password: randomBytes(12).toString('base64url'),
    jwtSecret: randomBytes(32).toString('base64url'),
  };
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

export interface Stack {
  /** The administrator the ingester created at its first start (development credentials). */
  readonly credentials: DevCredentials;
  readonly broker: RunningService;
  readonly influx: RunningService;
  readonly ingester: AppProcess;
  readonly ingesterUrl: string;
  readonly dashboard: AppProcess;
  readonly dashboardUrl: string;
  readonly simulators?: AppProcess;
  readonly logDir: string;
  stop(): Promise<void>;
}

/** The preferred port when free, else any free loopback port (0 = any). */
async function pickPort(preferred: number | undefined, fallback: number): Promise<number> {
  const wanted = preferred ?? fallback;
  return getPort({ host: '127.0.0.1', ...(wanted === 0 ? {} : { port: wanted }) });
}

/**
 * Starts the whole system: Mosquitto and InfluxDB (private instances on loopback), the built ingester, the built
 * dashboard behind `vite preview` (which proxies `/api` and `/socket.io` to the ingester), and optionally the
 * simulators. Stops what it started when any step fails.
 * @throws MissingBinaryError when mosquitto or influxd is not installed; Error with a log tail when a program
 * does not start.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  requireBinaries();
  const log = options.log ?? (() => undefined);
  const root = resolve(options.root);
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const stateDir = dataDir ?? join(root, 'tmp', `stack-${process.pid}`);
  const logDir = join(stateDir, 'logs');
  const credentials = devCredentials(join(stateDir, 'dev-credentials.json'));
  const started: { stop(): Promise<void> }[] = [];
  const stopStarted = async () => {
    for (const part of started.reverse()) await part.stop();
    await stopAll();
  };
  try {
    const [broker, influx] = await Promise.all([
      startMosquitto({
        port: options.ports?.mqtt ?? DEFAULT_MQTT_PORT,
        strictPort: false,
        ...(dataDir ? { dataDir: join(dataDir, 'mosquitto') } : {}),
      }),
      startInfluxd({
        httpPort: options.ports?.influx ?? DEFAULT_INFLUX_HTTP_PORT,
        strictPort: false,
        ...(dataDir ? { dataDir: join(dataDir, 'influxdb') } : {}),
      }),
    ]);
    started.push(broker, influx);
    log(`mosquitto ${broker.url}   influxd ${influx.url}`);

    const ingesterPort = await pickPort(options.ports?.ingester, 3000);
    const ingesterUrl = `http://127.0.0.1:${ingesterPort}`;
    const ingester = await startAppProcess({
      name: 'ingester',
      command: process.execPath,
      args: [join(root, BUILT.ingester)],
      cwd: root,
      env: {
        MQTT_URL: broker.url,
        INFLUX_URL: influx.url,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(ingesterPort),
        REGISTRY_FILE: join(root, 'deploy/registry/bac-ninh.json'),
        SPOOL_DIR: join(stateDir, 'spool'),
        AUTH_DATA_DIR: join(stateDir, 'auth'),
        AUTH_JWT_SECRET: credentials.jwtSecret,
        ADMIN_USERNAME: credentials.username,
        ADMIN_PASSWORD: credentials.password,
        // The dashboard's proxy is on loopback: trust its X-Forwarded-For (when it sends one) for the client address
        // of login limits and the audit log.
        TRUST_PROXY: 'loopback',
        ...options.ingesterEnv,
      },
      logFile: join(logDir, 'ingester.log'),
      ready: () => httpReady(`${ingesterUrl}/api/clusters`),
    });
    started.push(ingester);
    log(`ingester ${ingesterUrl}/api`);

    const dashboardPort = await pickPort(options.ports?.dashboard, 4200);
    const dashboardHost = options.dashboardHost ?? '127.0.0.1';
    const dashboardUrl = `http://${dashboardHost === '0.0.0.0' ? '127.0.0.1' : dashboardHost}:${dashboardPort}`;
    const dashboard = await startAppProcess({
      name: 'dashboard',
      command: process.execPath,
      args: [join(root, BUILT.vite), 'preview', '--config', join(root, BUILT.dashboardConfig)],
      cwd: root,
      env: { INGESTER_URL: ingesterUrl, DASHBOARD_PORT: String(dashboardPort), DASHBOARD_HOST: dashboardHost },
      logFile: join(logDir, 'dashboard.log'),
      ready: () => httpReady(`${dashboardUrl}/`),
    });
    started.push(dashboard);

    let simulators: AppProcess | undefined;
    if (options.simulatorArgs) {
      simulators = await startAppProcess({
        name: 'simulators',
        command: process.execPath,
        args: [join(root, BUILT.simulators), 'simulate', '--broker', broker.url, ...options.simulatorArgs],
        cwd: root,
        logFile: join(logDir, 'simulators.log'),
      });
      started.push(simulators);
    }
    return {
      credentials,
      broker,
      influx,
      ingester,
      ingesterUrl,
      dashboard,
      dashboardUrl,
      simulators,
      logDir,
      stop: stopStarted,
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

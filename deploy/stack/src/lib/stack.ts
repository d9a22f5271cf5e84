import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_INFLUX_HTTP_PORT,
  DEFAULT_MQTT_PORT,
  requireBinaries,
  startInfluxd,
  startMosquitto,
  stopAll,
  type RunningService,
} from '@langxanh/local-services';
import { httpReady, pickPort, startAppProcess, type AppProcess } from './app-process';
import { BUILT_INGESTER, startIngesterRig, type AdminCredentials, type IngesterRig } from './ingester-rig';

/** Where the built programs are, relative to the repository root (`npm run build` makes them). */
export const BUILT = {
  ingester: BUILT_INGESTER,
  simulators: 'dist/simulators/simulators/src/main.js',
  dashboard: 'dist/apps/dashboard/index.html',
  vite: 'node_modules/vite/bin/vite.js',
  dashboardConfig: 'apps/dashboard/vite.config.ts',
} as const;

/**
 * The loopback address the dashboard's proxy connects to the ingester from, and the only one whose
 * `X-Forwarded-For` the ingester believes (`TRUST_PROXY`). Linux routes all of 127.0.0.0/8 to loopback.
 */
export const DASHBOARD_PROXY_SOURCE = '127.0.0.2';

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
export type DevCredentials = AdminCredentials;

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
  readonly ingester: IngesterRig;
  readonly ingesterUrl: string;
  readonly dashboard: AppProcess;
  readonly dashboardUrl: string;
  readonly simulators?: AppProcess;
  readonly logDir: string;
  stop(): Promise<void>;
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

    const ingester = await startIngesterRig({
      root,
      brokerUrl: broker.url,
      influxUrl: influx.url,
      port: options.ports?.ingester ?? 3000,
      stateDir,
      logDir,
      credentials,
      readiness: 'serving',
      // Trust X-Forwarded-For (the client address of login limits and the audit log) only from the dashboard's
      // proxy, which connects from its own loopback address: any other local program (127.0.0.1) cannot forge it.
      // The broker started above queues without limit (libs/local-services: max_queued_messages 0): declared, so the
      // ingester does not warn that the limit is unknown.
      env: { TRUST_PROXY: DASHBOARD_PROXY_SOURCE, MQTT_BROKER_MAX_QUEUED_MESSAGES: '0', ...options.ingesterEnv },
    });
    const ingesterUrl = ingester.url;
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
      env: {
        INGESTER_URL: ingesterUrl,
        DASHBOARD_PORT: String(dashboardPort),
        DASHBOARD_HOST: dashboardHost,
        DASHBOARD_PROXY_SOURCE: DASHBOARD_PROXY_SOURCE,
      },
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

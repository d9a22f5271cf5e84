import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRegistry, type Registry } from '@langxanh/contracts';
import {
  DEFAULT_INFLUX_HTTP_PORT,
  DEFAULT_MQTT_PORT,
  requireBinaries,
  startInfluxd,
  startMosquitto,
  startPureFtpd,
  stopAll,
  type FtpAccount,
  type RunningFtpServer,
  type RunningService,
} from '@langxanh/local-services';
import { httpReady, pickPort, startAppProcess, type AppProcess } from './app-process';
import {
  BUILT_INGESTER,
  SHIPPED_REGISTRY,
  startIngesterRig,
  type AdminCredentials,
  type IngesterRig,
} from './ingester-rig';

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
  /**
   * TT 10 over FTP (docs/tt10.md): a private pure-ftpd with one account per registry station that has a `tt10` name,
   * the ingester's TT 10 intake on its folders, and a simulated datalogger per station in `dataloggers` (those
   * stations are then left out of `simulate`). Omit for none. pure-ftpd needs root: without it, this part is
   * skipped with a log line.
   */
  readonly tt10?: Tt10StackOptions;
  readonly log?: (line: string) => void;
}

export interface Tt10StackOptions {
  /** Stations whose simulated TT 10 datalogger runs (`datalogger --station <id>`); default none. */
  readonly dataloggers?: readonly string[];
  /** Extra arguments of each datalogger, e.g. `['--interval', '25']`. */
  readonly dataloggerArgs?: readonly string[];
}

/** The TT 10 part of a running stack. */
export interface Tt10Stack {
  readonly ftp: RunningFtpServer;
  /** One account per registry station with a `tt10` name (user = station id); passwords kept in `ftp-accounts.json`. */
  readonly accounts: readonly FtpAccount[];
  /** The ingester's TT10_FTP_DIR (`home/`, `processed/`, `rejected/`). */
  readonly dir: string;
  readonly dataloggers: readonly AppProcess[];
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
  /** Present when `tt10` was asked for and could run. */
  readonly tt10?: Tt10Stack;
  readonly logDir: string;
  stop(): Promise<void>;
}

/**
 * The FTP accounts of the registry's TT 10 stations, passwords kept in `file` (made random the first time a station
 * appears, mode 0600). For `npm start` and the end-to-end tests; production provisions its own accounts.
 */
export function devFtpAccounts(file: string, registry: Registry): FtpAccount[] {
  const known: Record<string, string> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : {};
  const stations = registry.clusters.flatMap((c) => c.stations).filter((s) => s.tt10 !== undefined);
  let changed = false;
  for (const station of stations) {
    if (known[station.id] === undefined) {
      known[station.id] = randomBytes(12).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(known, null, 2)}\n`, { mode: 0o600 });
  }
  return stations.map((station) => ({ user: station.id, password: known[station.id] }));
}

/**
 * Starts the whole system: Mosquitto and InfluxDB (private instances on loopback), the built ingester, the built
 * dashboard behind `vite preview` (which proxies `/api` and `/socket.io` to the ingester), and optionally the
 * simulators and the TT 10 path (pure-ftpd, the ingester's intake, simulated dataloggers). Stops what it started when
 * any step fails.
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

    const registry = parseRegistry(
      JSON.parse(readFileSync(resolve(root, options.ingesterEnv?.REGISTRY_FILE ?? SHIPPED_REGISTRY), 'utf8')),
    );
    let tt10: Omit<Tt10Stack, 'dataloggers'> | undefined;
    if (options.tt10 && process.getuid?.() !== 0) {
      log('TT 10 over FTP not started: pure-ftpd needs root (chroot per account); see docs/tt10.md');
    } else if (options.tt10) {
      const dir = join(stateDir, 'tt10');
      const accounts = devFtpAccounts(join(stateDir, 'ftp-accounts.json'), registry);
      const ftp = await startPureFtpd({
        accounts,
        homeRoot: join(dir, 'home'),
        logFile: join(logDir, 'pure-ftpd.log'),
        ...(dataDir ? { dataDir: join(dataDir, 'pure-ftpd') } : {}),
      });
      started.push(ftp);
      tt10 = { ftp, accounts, dir };
      log(`pure-ftpd ${ftp.url} (TT 10 accounts: ${accounts.map((a) => a.user).join(', ')})`);
    }

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
      env: {
        TRUST_PROXY: DASHBOARD_PROXY_SOURCE,
        MQTT_BROKER_MAX_QUEUED_MESSAGES: '0',
        // The forwarding queue (when FORWARD_* is set) stays with the rest of the state, in .data.
        FORWARD_DIR: join(stateDir, 'forward'),
        ...(tt10 ? { TT10_FTP_DIR: tt10.dir } : {}),
        ...options.ingesterEnv,
      },
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

    const dataloggerStations = tt10 ? (options.tt10?.dataloggers ?? []) : [];
    let simulators: AppProcess | undefined;
    if (options.simulatorArgs) {
      // A station fed by its TT 10 datalogger is not simulated over MQTT as well.
      const others = registry.clusters
        .flatMap((c) => c.stations)
        .map((station) => station.id)
        .filter((id) => !dataloggerStations.includes(id));
      simulators = await startAppProcess({
        name: 'simulators',
        command: process.execPath,
        args: [
          join(root, BUILT.simulators),
          'simulate',
          '--broker',
          broker.url,
          ...(dataloggerStations.length > 0 ? ['--stations', others.join(',')] : []),
          ...options.simulatorArgs,
        ],
        cwd: root,
        logFile: join(logDir, 'simulators.log'),
      });
      started.push(simulators);
    }
    const dataloggers: AppProcess[] = [];
    for (const station of dataloggerStations) {
      const account = tt10?.accounts.find((a) => a.user === station);
      if (!tt10 || !account) throw new Error(`datalogger ${station}: no registry station with a "tt10" name`);
      const datalogger = await startAppProcess({
        name: `datalogger-${station}`,
        command: process.execPath,
        args: [
          join(root, BUILT.simulators),
          'datalogger',
          '--station',
          station,
          '--outbox',
          join(stateDir, 'datalogger', station),
          ...(options.tt10?.dataloggerArgs ?? []),
        ],
        cwd: root,
        // The password goes by the environment, not the command line (visible in `ps`).
        env: { TT10_FTP_URL: tt10.ftp.url, TT10_FTP_USER: account.user, TT10_FTP_PASSWORD: account.password },
        logFile: join(logDir, `datalogger-${station}.log`),
      });
      started.push(datalogger);
      dataloggers.push(datalogger);
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
      ...(tt10 ? { tt10: { ...tt10, dataloggers } } : {}),
      logDir,
      stop: stopStarted,
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

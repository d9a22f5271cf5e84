import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tailFile } from './log-tail';
import { choosePort, LOOPBACK } from './net';
import { registerService, type Teardown, unregisterService } from './registry';

/** The services this library can start. */
export type ServiceName = 'mosquitto' | 'influxd' | 'pure-ftpd' | 'redis-server';

/** Options of {@link RunningService.restart}. */
export interface RestartOptions {
  /** Signal that ends the current process: `SIGTERM` (graceful, default) or `SIGKILL` (a crash). */
  readonly signal?: 'SIGTERM' | 'SIGKILL' | 'SIGINT';
  /** Milliseconds to stay down between the end of the old process and the start of the new one. Default 0. */
  readonly downtimeMs?: number;
}

/** A `mosquitto` or `influxd` process started by this library, listening on loopback. */
export interface RunningService {
  readonly name: ServiceName;
  readonly host: typeof LOOPBACK;
  /** Listening port (MQTT, or InfluxDB HTTP). Stays the same across {@link RunningService.restart}. */
  readonly port: number;
  /** `mqtt://127.0.0.1:PORT` or `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Data folder (persistence, config file and, unless `logFile` was given, the log). */
  readonly dataDir: string;
  /** The generated configuration file. */
  readonly configFile: string;
  /** The process's stdout/stderr (appended across restarts). */
  readonly logFile: string;
  /** Pid of the current process (a new one after a restart); `undefined` when it could not be spawned. */
  readonly pid: number | undefined;
  /** True while the current process has not exited. */
  readonly running: boolean;
  /**
   * Stops the process: SIGTERM, then SIGKILL when it has not exited after the stop time-out. Removes the data
   * folder when this library created it (a `dataDir` passed by the caller is kept). Idempotent. The service cannot be
   * started again afterwards.
   */
  stop(): Promise<void>;
  /** Sends `signal` (default SIGKILL) to the current process without waiting; see {@link RunningService.start}. */
  kill(signal?: NodeJS.Signals): void;
  /** Starts the process again (same port, data folder and config) when it is not running; waits until ready. */
  start(): Promise<void>;
  /** Ends the current process (graceful by default) and starts it again on the same port and data folder. */
  restart(options?: RestartOptions): Promise<void>;
  /** Resolves when the current process has exited (immediately when not running). */
  exited(): Promise<void>;
  /** The last lines of the log file. */
  logTail(maxLines?: number): string;
}

/** Thrown when a service does not become ready. `message` ends with the tail of its log. */
export class ServiceStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string,
    /** The process failed because a port was taken (another process bound it first). */
    readonly addressInUse: boolean,
  ) {
    super(logTail ? `${message}\n--- last log lines ---\n${logTail}` : message);
    this.name = 'ServiceStartError';
  }
}

/** What a concrete service supplies to {@link launchService}. */
export interface ServiceSpec {
  readonly args: readonly string[];
  readonly configFile: string;
  readonly url: string;
  /** One readiness probe; called repeatedly until true or time-out. */
  isReady(): Promise<boolean>;
  readonly readyTimeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
}

interface ServiceDefinition extends ServiceSpec {
  readonly name: ServiceName;
  readonly binary: string;
  readonly port: number;
  readonly dataDir: string;
  readonly ownsDataDir: boolean;
  readonly logFile: string;
  readonly stopTimeoutMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let setprivPath: string | null | undefined;
/** util-linux `setpriv`, when installed (Debian: always, it is in an essential package). */
function findSetpriv(): string | undefined {
  if (setprivPath === undefined) {
    setprivPath = ['/usr/bin/setpriv', '/bin/setpriv'].find((file) => existsSync(file)) ?? null;
  }
  return setprivPath ?? undefined;
}

/**
 * The command line that runs `binary args` so that the kernel sends it SIGTERM when this Node process dies, however
 * it dies (even SIGKILL, where no exit handler runs): `setpriv --pdeathsig SIGTERM -- binary args` (util-linux;
 * setpriv execs the binary, so the pid is the same). Without setpriv, the plain command.
 */
export function withDeathSignal(binary: string, args: readonly string[]): [string, string[]] {
  const setpriv = findSetpriv();
  return setpriv ? [setpriv, ['--pdeathsig', 'SIGTERM', '--', binary, ...args]] : [binary, [...args]];
}
const ADDRESS_IN_USE = /address already in use/i;

class ManagedService implements RunningService, Teardown {
  readonly host = LOOPBACK;
  private child: ChildProcess | undefined;
  private exitPromise: Promise<void> = Promise.resolve();
  private exitedFlag = true;
  private stopped = false;

  constructor(private readonly def: ServiceDefinition) {}

  get name(): ServiceName {
    return this.def.name;
  }
  get port(): number {
    return this.def.port;
  }
  get url(): string {
    return this.def.url;
  }
  get dataDir(): string {
    return this.def.dataDir;
  }
  get configFile(): string {
    return this.def.configFile;
  }
  get logFile(): string {
    return this.def.logFile;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  get running(): boolean {
    return !this.exitedFlag;
  }

  logTail(maxLines = 30): string {
    return tailFile(this.def.logFile, maxLines);
  }

  exited(): Promise<void> {
    return this.exitPromise;
  }

  async start(): Promise<void> {
    if (this.stopped)
      throw new Error(`${this.name} on port ${this.port} was stopped; start a new service instead`);
    if (this.running) return;
    this.spawnProcess();
    await this.waitReady();
  }

  private spawnProcess(): void {
    // owner only: a broker's or database's log names clients and topics
    const fd = openSync(this.def.logFile, 'a', 0o600);
    chmodSync(this.def.logFile, 0o600);
    try {
      // Its own process group (detached): a Ctrl-C in the terminal reaches only the Node process, which stops the
      // services in order (clients first, broker and database last). The death signal covers a Node process
      // that dies without stopping them.
      const [command, args] = withDeathSignal(this.def.binary, this.def.args);
      const child = spawn(command, args, {
        cwd: this.def.dataDir,
        env: this.def.env ?? process.env,
        stdio: ['ignore', fd, fd],
        detached: true,
      });
      this.child = child;
      this.exitedFlag = false;
      this.exitPromise = new Promise<void>((done) => {
        const finish = () => {
          this.exitedFlag = true;
          done();
        };
        child.once('exit', finish);
        // Spawn failures (ENOENT, EACCES) emit 'error' and never 'exit'.
        child.once('error', (error) => {
          tryAppend(this.def.logFile, `local-services: cannot spawn ${this.def.binary}: ${error.message}\n`);
          if (child.exitCode === null && child.signalCode === null && child.pid === undefined) finish();
        });
      });
    } finally {
      closeSync(fd);
    }
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + this.def.readyTimeoutMs;
    for (;;) {
      if (!this.running) {
        const tail = this.logTail();
        throw new ServiceStartError(
          `${this.name} exited during start-up (port ${this.port}, config ${this.configFile})`,
          tail,
          ADDRESS_IN_USE.test(tail),
        );
      }
      if (await this.def.isReady()) return;
      if (Date.now() >= deadline) {
        await this.terminate('SIGKILL', 0);
        throw new ServiceStartError(
          `${this.name} not ready on ${this.url} after ${this.def.readyTimeoutMs} ms (config ${this.configFile})`,
          this.logTail(),
          false,
        );
      }
      await sleep(100);
    }
  }

  /** Sends `signal`, waits `timeoutMs` for the exit, then SIGKILL (and waits up to 5 s more). */
  private async terminate(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill(signal);
    if (await exitsWithin(this.exitPromise, timeoutMs)) return;
    child.kill('SIGKILL');
    if (!(await exitsWithin(this.exitPromise, 5_000))) {
      throw new Error(`${this.name} (pid ${child.pid}) did not exit after SIGKILL`);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.running) this.child?.kill(signal);
  }

  async restart(options: RestartOptions = {}): Promise<void> {
    if (this.stopped)
      throw new Error(`${this.name} on port ${this.port} was stopped; it cannot be restarted`);
    await this.terminate(options.signal ?? 'SIGTERM', this.def.stopTimeoutMs);
    if (options.downtimeMs) await sleep(options.downtimeMs);
    // The same port must be used again; if the kernel has not released it yet, try for a few seconds.
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        await this.start();
        return;
      } catch (error) {
        if (!(error instanceof ServiceStartError && error.addressInUse) || Date.now() > deadline) throw error;
        await sleep(200);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    try {
      await this.terminate('SIGTERM', this.def.stopTimeoutMs);
    } finally {
      unregisterService(this);
      if (this.def.ownsDataDir) await rm(this.def.dataDir, { recursive: true, force: true });
    }
  }

  killSync(): void {
    this.stopped = true;
    const pid = this.child?.pid;
    if (this.running && pid !== undefined) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (error) {
        // ESRCH: it exited in the meantime.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    if (this.def.ownsDataDir) rmSync(this.def.dataDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function exitsWithin(exit: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  try {
    return await Promise.race([exit.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function tryAppend(file: string, text: string): void {
  try {
    appendFileSync(file, text);
  } catch {
    // The log folder is gone (service stopped): nothing left to record into.
    return;
  }
}

/** Common options of the start functions. */
export interface LaunchOptions {
  readonly name: ServiceName;
  readonly binary: string;
  /** Preferred port; 0/undefined = any free port. */
  readonly port: number | undefined;
  /** When true and `port` is busy, fail instead of using another port. */
  readonly strictPort: boolean;
  readonly dataDir?: string;
  readonly logFile?: string;
  readonly stopTimeoutMs?: number;
  /** Builds the config (writes the config file) for a chosen port and data folder. */
  build(ctx: { port: number; dataDir: string; logFile: string }): Promise<ServiceSpec>;
}

/**
 * Creates (or adopts) the data folder, chooses the port, writes the config, spawns the process and waits until it
 * is ready; registers it in the teardown registry. When the process loses a race for a port (EADDRINUSE), it is
 * tried again with newly chosen ports (up to 3 attempts; a strict port is never replaced).
 */
export async function launchService(opts: LaunchOptions): Promise<RunningService> {
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir
    ? resolve(opts.dataDir)
    : await mkdtemp(join(tmpdir(), `langxanh-${opts.name}-`));
  await mkdir(dataDir, { recursive: true });
  const logFile = opts.logFile ? resolve(opts.logFile) : join(dataDir, `${opts.name}.log`);
  mkdirSync(join(logFile, '..'), { recursive: true, mode: 0o700 });
  const attempts = 3;
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await choosePort(opts.port, opts.strictPort);
      const spec = await opts.build({ port, dataDir, logFile });
      const service = new ManagedService({
        ...spec,
        name: opts.name,
        binary: opts.binary,
        port,
        dataDir,
        ownsDataDir,
        logFile,
        stopTimeoutMs: opts.stopTimeoutMs ?? 10_000,
      });
      registerService(service);
      try {
        await service.start();
        return service;
      } catch (error) {
        unregisterService(service);
        if (error instanceof ServiceStartError && error.addressInUse && attempt < attempts) continue;
        throw error;
      }
    }
  } catch (error) {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Teardown registry: every started service is registered until it is stopped, so that a test suite (or the dev
 * run command) can stop them all at once, and so that no process or temporary folder outlives an aborted run.
 *
 * While at least one service is registered, handlers are installed for the process `exit` event and for SIGINT,
 * SIGTERM and SIGHUP. They kill the services synchronously (SIGKILL; an `exit` handler cannot wait) and remove the
 * temporary data folders this library created — except when the program has its own handler for that signal, which
 * then stops the services itself (gracefully, with {@link stopAll} or each service's `stop()`). Signal handlers
 * re-raise the signal when no other listener handles it, so the default behaviour (terminate) is kept.
 *
 * Two more safety nets, because handlers cannot always run: every service is spawned under
 * `setpriv --pdeathsig SIGTERM`, so the kernel stops it when the Node process dies in any way (SIGKILL included);
 * and inside Jest, whose test files see a sandboxed `process` whose handlers never receive real signals, suites call
 * {@link stopAll} in `afterAll`. Services run in their own process group, so a terminal's Ctrl-C reaches only the
 * Node process; when it dies, the death signal stops them.
 */

/** What the registry needs of a service. */
export interface Teardown {
  readonly name: string;
  /** Graceful stop (SIGTERM, then SIGKILL after a time-out), removing an owned temporary data folder. */
  stop(): Promise<void>;
  /** Synchronous last-resort clean-up: SIGKILL and removal of an owned temporary data folder. */
  killSync(): void;
}

const services = new Set<Teardown>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function killAllSync(): void {
  for (const service of services) {
    try {
      service.killSync();
    } catch (error) {
      // Best effort during process shutdown; nothing else can be done with the error here.
      process.stderr.write(`local-services: clean-up of ${service.name} failed: ${String(error)}\n`);
    }
  }
  services.clear();
}

function onExit(): void {
  killAllSync();
}

function onSignal(signal: NodeJS.Signals): void {
  // The program has its own handler for this signal (e.g. the `npm start` runner): it stops the services itself,
  // in order and gracefully.
  if (process.listenerCount(signal) > 1) return;
  killAllSync();
  uninstall();
  // Keep the default behaviour (terminate) unless someone else handles the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Registers a started service (done by `startMosquitto`/`startInfluxd`). */
export function registerService(service: Teardown): void {
  services.add(service);
  install();
}

/** Removes a service from the registry (done by its `stop()`). */
export function unregisterService(service: Teardown): void {
  services.delete(service);
  if (services.size === 0) uninstall();
}

/** Number of services currently registered (started and not yet stopped). */
export function registeredServiceCount(): number {
  return services.size;
}

/**
 * Stops every registered service, in parallel. Use it in `afterAll` or a Jest global teardown.
 * @throws AggregateError when one or more stops failed (all are attempted).
 */
export async function stopAll(): Promise<void> {
  const results = await Promise.allSettled([...services].map((service) => service.stop()));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (errors.length > 0)
    throw new AggregateError(errors, `stopAll: ${errors.length} service(s) failed to stop`);
}

import {
  parseReadingTime,
  type RegisteredStation,
  type StationKind,
  isStationKind,
} from '@langxanh/contracts';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { consoleLogger, type Logger } from './lib/logger';
import type { BrokerOptions } from './lib/mqtt/station-connection';
import { defaultRegistryPath, loadRegistry, selectStations, SelectionError } from './lib/registry';
import { beijingMessages, defaultBeijingFile } from './lib/replay/beijing';
import { defaultHanoiFile, hanoiMessages } from './lib/replay/hanoi';
import type { PlanFilter, ReplayPlan } from './lib/replay/messages';
import {
  autoProgress,
  barProgress,
  lineProgress,
  noProgress,
  type ProgressReporter,
} from './lib/replay/progress';
import { DEFAULT_REPLAY_SPEED, runReplay, summaryLines } from './lib/replay/replay';
import { parsePause, type PauseWindow } from './lib/pause';
import { runSimulate } from './lib/simulate';
import {
  defaultT0,
  loadStations,
  plannedCount,
  summaryJson,
  summaryLines as loadSummaryLines,
} from './lib/load/plan';
import { runLoad } from './lib/load/run';
import { stderrLogger } from './lib/load/stderr-logger';

/** Injection points for tests; the defaults are what `main.ts` uses. */
export interface CliContext {
  /** Logger per command (default: lines on stdout/stderr). */
  readonly logger?: (command: string) => Logger;
  /** Progress display of `replay` for `--progress auto` (default: a bar on a TTY, plain lines otherwise). */
  readonly progress?: () => ProgressReporter;
  /** Stops a running command (in addition to SIGINT/SIGTERM when `handleSignals`). */
  readonly signal?: AbortSignal;
  /** Install SIGINT/SIGTERM handlers while a command runs (default true). */
  readonly handleSignals?: boolean;
  /** Where commander writes help and usage errors (default process streams). */
  readonly writeOut?: (text: string) => void;
  readonly writeErr?: (text: string) => void;
  /** Environment for defaults (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where `load` prints its summary (default stdout). */
  readonly output?: (text: string) => void;
}

export const DEFAULT_MQTT_URL = 'mqtt://127.0.0.1:1883';
export const DEFAULT_SEED = 'langxanh';

const positive =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number > 0`);
    return n;
  };
const nonNegative =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
    return n;
  };
const positiveInt =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be an integer ≥ 1`);
    return n;
  };
const nonNegativeInt =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be an integer ≥ 0`);
    return n;
  };
const qos = (value: string): 0 | 1 => {
  if (value !== '0' && value !== '1') throw new InvalidArgumentError('--qos must be 0 or 1');
  return value === '0' ? 0 : 1;
};
const pause = (value: string, previous: PauseWindow[] = []): PauseWindow[] => {
  try {
    return [...previous, parsePause(value)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};
const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
const kinds = (value: string): StationKind[] => {
  const parsed = list(value);
  const bad = parsed.filter((k) => !isStationKind(k));
  if (bad.length)
    throw new InvalidArgumentError(`unknown kind(s) ${bad.join(', ')}; use air, wastewater, waste`);
  return parsed as StationKind[];
};
const instant = (value: string): number => {
  const t = parseReadingTime(value);
  if (t === undefined)
    throw new InvalidArgumentError('expected ISO 8601, e.g. 2026-01-15T06:00:00 (Vietnam time) or …Z');
  return t;
};
const localIso = (value: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$/.test(value)) {
    throw new InvalidArgumentError(
      'expected a local date-time without offset, e.g. 2018-01-15 or 2018-01-15T06:00:00',
    );
  }
  return value;
};

interface BrokerFlags {
  broker: string;
  username?: string;
  password?: string;
  clientPrefix: string;
  connectTimeout: number;
  registry: string;
}

function addBrokerOptions(command: Command, env: NodeJS.ProcessEnv): Command {
  return command
    .addOption(
      new Option('--broker <url>', 'MQTT broker URL')
        .default(env.MQTT_URL ?? DEFAULT_MQTT_URL)
        .env('MQTT_URL'),
    )
    .addOption(new Option('--username <name>', 'MQTT user name').env('MQTT_USERNAME'))
    .addOption(new Option('--password <secret>', 'MQTT password').env('MQTT_PASSWORD'))
    .option('--client-prefix <prefix>', 'client id prefix (ids are {prefix}-{station}-{pid})', 'langxanh-sim')
    .option(
      '--connect-timeout <s>',
      'give up if the broker is not reachable within this many seconds',
      positive('--connect-timeout'),
      30,
    )
    .option('--registry <file>', 'station registry JSON', defaultRegistryPath());
}

function brokerOptions(flags: BrokerFlags): BrokerOptions {
  return {
    url: flags.broker,
    username: flags.username,
    password: flags.password,
    clientIdPrefix: flags.clientPrefix,
    connectTimeoutMs: flags.connectTimeout * 1000,
  };
}

/** Builds the `langxanh-sim` program. `run` receives the exit code of the command that ran. */
export function buildProgram(
  context: CliContext = {},
  run: (code: number) => void = () => undefined,
): Command {
  const env = context.env ?? process.env;
  const logger = context.logger ?? consoleLogger;
  const program = new Command('langxanh-sim')
    .description(
      'LàngXanh station simulators: synthetic readings for every registry station, or replays of real datasets, over MQTT.',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: context.writeOut ?? ((s) => void process.stdout.write(s)),
      writeErr: context.writeErr ?? ((s) => void process.stderr.write(s)),
    });

  addBrokerOptions(
    program
      .command('simulate')
      .description(
        'Publish realistic readings for the registry stations (one MQTT session per station, retained online/offline status), ' +
          'until --count/--duration or SIGINT/SIGTERM.',
      ),
    env,
  )
    .option('--clusters <ids>', 'only these clusters (comma-separated ids)', list)
    .option('--stations <ids>', 'only these stations (comma-separated ids)', list)
    .option('--kinds <kinds>', 'only these kinds: air, wastewater, waste (comma-separated)', kinds)
    .option('--seed <seed>', 'random seed: same seed and start → same values', DEFAULT_SEED)
    .option(
      '--time-scale <k>',
      "publish k× more often than each station's expectedIntervalS (12: air every 5 s, bins every 25 s)",
      positive('--time-scale'),
      1,
    )
    .option(
      '--interval <s>',
      'real seconds between readings of every station (overrides expectedIntervalS / time scale)',
      positive('--interval'),
    )
    .option(
      '--model-speed <m>',
      'values follow a model clock m× faster than real time (days, incidents, bin collections); ts stays the send time',
      positive('--model-speed'),
      1,
    )
    .option('--start <iso>', 'model clock start, ISO 8601 (no offset = Vietnam time); default now', instant)
    .option('--duration <s>', 'stop after this many seconds', positive('--duration'))
    .option('--count <n>', 'stop each station after n readings', positiveInt('--count'))
    .option(
      '--incident-rate <x>',
      'multiply the chance of incidents (0 = none)',
      nonNegative('--incident-rate'),
      1,
    )
    .option(
      '--pause <station@from+duration>',
      'silence a station from `from` s after the start for `duration` s (a gap in its series); repeatable',
      pause,
    )
    .option('--log-every <n>', 'log one progress line per n readings', positiveInt('--log-every'), 100)
    .action(async (flags: BrokerFlags & SimulateFlags) => {
      run(
        await withSignals(context, 'simulate', logger('simulate'), (signal, log) =>
          simulateCommand(flags, signal, log),
        ),
      );
    });

  addBrokerOptions(
    program
      .command('replay')
      .description(
        'Publish a real dataset on one air station at an accelerated clock (default: Hà Nội U.S. Embassy PM2.5, 2018).',
      ),
    env,
  )
    .addOption(new Option('--dataset <name>', 'dataset').choices(['hanoi', 'beijing']).default('hanoi'))
    .option(
      '--file <csv>',
      `CSV file (default: hanoi ${defaultHanoiFile()}; beijing ${defaultBeijingFile()})`,
    )
    .option('--station <id>', 'air station to publish on (default: the first air station of the registry)')
    .option(
      '--speed <factor>',
      'data seconds per real second (3600 = one data hour per second)',
      positive('--speed'),
      DEFAULT_REPLAY_SPEED,
    )
    .option('--max', 'as fast as QoS 1 acknowledgements allow (ignores --speed)', false)
    .option('--inflight <n>', 'most publishes awaiting acknowledgement', positiveInt('--inflight'), 64)
    .option('--from <local>', 'only rows at or after this local time (e.g. 2018-01-15T00:00:00)', localIso)
    .option('--to <local>', 'only rows before this local time', localIso)
    .option('--limit <n>', 'publish at most n messages', positiveInt('--limit'))
    .addOption(
      new Option('--progress <mode>', 'progress display')
        .choices(['auto', 'bar', 'lines', 'none'])
        .default('auto'),
    )
    .action(async (flags: BrokerFlags & ReplayFlags) => {
      run(
        await withSignals(context, 'replay', logger('replay'), (signal, log) =>
          replayCommand(flags, signal, log, context),
        ),
      );
    });

  addBrokerOptions(
    program
      .command('load')
      .description(
        'Benchmark load: publish numbered, valid air readings at a fixed rate for a fixed time, wait for the PUBACKs, ' +
          'print a summary (reading n: station n mod S, ts = t0 + floor(n / S) × interval ms).',
      ),
    env,
  )
    .addOption(new Option('--kind <kind>', 'station kind (only air)').choices(['air']).default('air'))
    .option(
      '--stations <n>',
      'use the first n air stations of the registry (default all)',
      positiveInt('--stations'),
    )
    .requiredOption('--rate <readings/s>', 'readings per second (all stations together)', positive('--rate'))
    .requiredOption(
      '--duration <s>',
      'seconds; round(rate × duration) readings in all',
      positive('--duration'),
    )
    .option('--first <n>', 'first reading number', nonNegativeInt('--first'), 0)
    .option(
      '--t0 <epoch ms>',
      'time of reading 0 (default now − 6 h, or earlier so that the last reading is not in the future)',
      nonNegativeInt('--t0'),
    )
    .option(
      '--interval <ms>',
      "ms between one station's readings (60000: a datalogger's one a minute)",
      positiveInt('--interval'),
      1,
    )
    .option('--qos <0|1>', 'MQTT QoS of the readings', qos, 1)
    .option(
      '--connections <n>',
      'MQTT connections, readings spread round-robin by number',
      positiveInt('--connections'),
      1,
    )
    .option(
      '--settle-timeout <s>',
      'longest wait for outstanding PUBACKs at the end (and for room to publish during the run)',
      positive('--settle-timeout'),
      60,
    )
    .option('--json', 'print only the summary, as one JSON line on stdout (logs go to stderr)', false)
    .action(async (flags: BrokerFlags & LoadFlags) => {
      const log = context.logger?.('load') ?? (flags.json ? stderrLogger('load') : consoleLogger('load'));
      run(await withSignals(context, 'load', log, (signal) => loadCommand(flags, signal, log, context)));
    });

  return program;
}

interface LoadFlags {
  kind: 'air';
  stations?: number;
  rate: number;
  duration: number;
  first: number;
  t0?: number;
  interval: number;
  qos: 0 | 1;
  connections: number;
  settleTimeout: number;
  json: boolean;
}

async function loadCommand(
  flags: BrokerFlags & LoadFlags,
  signal: AbortSignal,
  log: Logger,
  context: CliContext,
): Promise<number> {
  const stations = loadStations(loadRegistry(flags.registry), flags.stations);
  const count = plannedCount(flags.rate, flags.duration);
  const t0 = flags.t0 ?? defaultT0(Date.now(), flags.first + count - 1, stations.length, flags.interval);
  const { summary, error } = await runLoad({
    broker: brokerOptions(flags),
    stations,
    first: flags.first,
    rate: flags.rate,
    durationS: flags.duration,
    t0,
    intervalMs: flags.interval,
    qos: flags.qos,
    connections: flags.connections,
    settleTimeoutMs: flags.settleTimeout * 1000,
    log,
    signal,
  });
  const output = context.output ?? ((text: string) => void process.stdout.write(text));
  output(flags.json ? `${summaryJson(summary)}\n` : `${loadSummaryLines(summary).join('\n')}\n`);
  if (error) {
    log.error(`load failed: ${error}`);
    return 1;
  }
  return 0;
}

interface SimulateFlags {
  clusters?: string[];
  stations?: string[];
  kinds?: StationKind[];
  seed: string;
  timeScale: number;
  modelSpeed: number;
  interval?: number;
  start?: number;
  duration?: number;
  count?: number;
  incidentRate: number;
  pause?: PauseWindow[];
  logEvery: number;
}

interface ReplayFlags {
  dataset: 'hanoi' | 'beijing';
  file?: string;
  station?: string;
  speed: number;
  max: boolean;
  inflight: number;
  from?: string;
  to?: string;
  limit?: number;
  progress: 'auto' | 'bar' | 'lines' | 'none';
}

async function simulateCommand(
  flags: BrokerFlags & SimulateFlags,
  signal: AbortSignal,
  log: Logger,
): Promise<number> {
  const registry = loadRegistry(flags.registry);
  const stations = selectStations(registry, {
    clusters: flags.clusters,
    stations: flags.stations,
    kinds: flags.kinds,
  });
  const selected = new Set(stations.map((s) => s.station.id));
  const unknownPaused = (flags.pause ?? []).filter((p) => !selected.has(p.station)).map((p) => p.station);
  if (unknownPaused.length > 0) {
    throw new SelectionError(`--pause names station(s) not simulated: ${unknownPaused.join(', ')}`);
  }
  await runSimulate({
    broker: brokerOptions(flags),
    stations,
    seed: flags.seed,
    timeScale: flags.timeScale,
    modelSpeed: flags.modelSpeed,
    intervalS: flags.interval,
    modelStart: flags.start,
    durationS: flags.duration,
    count: flags.count,
    incidentRate: flags.incidentRate,
    pauses: flags.pause,
    logEvery: flags.logEvery,
    log,
    signal,
  });
  return 0;
}

async function replayCommand(
  flags: BrokerFlags & ReplayFlags,
  signal: AbortSignal,
  log: Logger,
  context: CliContext,
): Promise<number> {
  const registry = loadRegistry(flags.registry);
  const station: RegisteredStation = flags.station
    ? selectStations(registry, { stations: [flags.station] })[0]
    : selectStations(registry, { kinds: ['air'] })[0];
  if (station.station.kind !== 'air') {
    throw new SelectionError(
      `station ${station.station.id} is a ${station.station.kind} station; the replay datasets are air data`,
    );
  }
  const filter: PlanFilter = { from: flags.from, to: flags.to, limit: flags.limit };
  const plan: ReplayPlan =
    flags.dataset === 'beijing'
      ? await beijingMessages(flags.file ?? defaultBeijingFile(), filter)
      : await hanoiMessages(flags.file ?? defaultHanoiFile(), filter);
  log.info(`read ${plan.rowsRead} rows from ${plan.file}: ${plan.messages.length} message(s) to publish`);
  const progress =
    flags.progress === 'bar'
      ? barProgress()
      : flags.progress === 'lines'
        ? lineProgress((line) => log.info(line))
        : flags.progress === 'none'
          ? noProgress
          : (context.progress ?? autoProgress)();
  const result = await runReplay({
    broker: brokerOptions(flags),
    station,
    plan,
    speed: flags.speed,
    max: flags.max,
    inflight: flags.inflight,
    log,
    progress,
    signal,
  });
  for (const line of summaryLines(plan, result)) log.info(line);
  return result.failed > 0 ? 1 : 0;
}

/** Runs a command with SIGINT/SIGTERM (and the context's signal) wired to one abort signal; errors → exit code 1. */
async function withSignals(
  context: CliContext,
  name: string,
  log: Logger,
  body: (signal: AbortSignal, log: Logger) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  const stop = (reason: string) => (): void => {
    if (!controller.signal.aborted) log.info(`${reason}: stopping (stations go offline)…`);
    controller.abort();
  };
  const onSigint = stop('SIGINT');
  const onSigterm = stop('SIGTERM');
  const onContext = stop('stop requested');
  const handle = context.handleSignals ?? true;
  if (handle) {
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
  }
  context.signal?.addEventListener('abort', onContext, { once: true });
  if (context.signal?.aborted) controller.abort();
  try {
    return await body(controller.signal, log);
  } catch (error) {
    log.error(`${name} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    if (handle) {
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
    }
    context.signal?.removeEventListener('abort', onContext);
  }
}

/**
 * Parses `argv` (without the node and script entries) and runs the command. Resolves with the exit code:
 * 0 success, 1 failure, 2 usage error (0 for `--help`/`--version`).
 */
export async function runCli(argv: readonly string[], context: CliContext = {}): Promise<number> {
  let code = 0;
  const program = buildProgram(context, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
  return code;
}

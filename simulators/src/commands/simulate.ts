import type { StationKind } from '@langxanh/contracts';
import type { Command } from 'commander';
import { consoleLogger, type Logger } from '../lib/logger';
import type { PauseWindow } from '../lib/pause';
import { loadRegistry, selectStations, SelectionError } from '../lib/registry';
import { runSimulate } from '../lib/simulate';
import { DEFAULT_SEED, withSignals, type CliContext, type ExitCode } from './context';
import {
  brokerCommand,
  brokerOptions,
  kinds,
  list,
  nonNegative,
  pause,
  positive,
  positiveInt,
  instant,
  type BrokerFlags,
} from './options';

const DESCRIPTION =
  'Publish realistic readings for the registry stations (one MQTT session per station, retained online/offline status), ' +
  'until --count/--duration or SIGINT/SIGTERM.';

/** `simulate`: synthetic readings for the registry stations until --count/--duration or a signal. */
export function addSimulateCommand(program: Command, context: CliContext, run: ExitCode): Command {
  return brokerCommand(program, context, 'simulate', DESCRIPTION)
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
        await withSignals(context, 'simulate', (context.logger ?? consoleLogger)('simulate'), (signal, log) =>
          simulateCommand(flags, signal, log),
        ),
      );
    });
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

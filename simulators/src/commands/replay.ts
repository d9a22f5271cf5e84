import type { RegisteredStation } from '@langxanh/contracts';
import { Option, type Command } from 'commander';
import { consoleLogger, type Logger } from '../lib/logger';
import { loadRegistry, selectStations, SelectionError } from '../lib/registry';
import { beijingMessages, defaultBeijingFile } from '../lib/replay/beijing';
import { defaultHanoiFile, hanoiMessages } from '../lib/replay/hanoi';
import type { PlanFilter, ReplayPlan } from '../lib/replay/messages';
import { autoProgress, barProgress, lineProgress, noProgress } from '../lib/replay/progress';
import { DEFAULT_REPLAY_SPEED, runReplay, summaryLines } from '../lib/replay/replay';
import { withSignals, type CliContext, type ExitCode } from './context';
import { brokerCommand, brokerOptions, localIso, positive, positiveInt, type BrokerFlags } from './options';

const DESCRIPTION =
  'Publish a real dataset on one air station at an accelerated clock (default: Hà Nội U.S. Embassy PM2.5, 2018).';

/** `replay`: a real dataset published on one air station at an accelerated clock. */
export function addReplayCommand(program: Command, context: CliContext, run: ExitCode): Command {
  return brokerCommand(program, context, 'replay', DESCRIPTION)
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
        await withSignals(context, 'replay', (context.logger ?? consoleLogger)('replay'), (signal, log) =>
          replayCommand(flags, signal, log, context),
        ),
      );
    });
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

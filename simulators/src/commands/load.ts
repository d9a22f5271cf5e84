import { InvalidArgumentError, Option, type Command } from 'commander';
import { consoleLogger, type Logger } from '../lib/logger';
import { defaultT0, loadStations, plannedCount, summaryJson, summaryLines } from '../lib/load/plan';
import { DEFAULT_PACKET_INFLIGHT, runPacketLoad } from '../lib/load/packet-run';
import { DEFAULT_MAX_UNACKED, runLoad } from '../lib/load/run';
import { stderrLogger } from '../lib/load/stderr-logger';
import { loadRegistry } from '../lib/registry';
import { withSignals, type CliContext, type ExitCode } from './context';
import {
  brokerCommand,
  brokerOptions,
  nonNegativeInt,
  positive,
  positiveInt,
  qos,
  type BrokerFlags,
} from './options';

const DESCRIPTION =
  'Benchmark load: publish numbered, valid air readings at a fixed rate for a fixed time, wait for the PUBACKs, ' +
  'print a summary (reading n: station n mod S, ts = t0 + floor(n / S) × interval ms).';

/** Bound of `--max-inflight`: half of the 65 535 MQTT packet ids (MQTT 3.1.1 §2.3.1), so a free id is always near. */
const MAX_INFLIGHT = 32_768;
const maxInflight = (value: string): number => {
  const n = positiveInt('--max-inflight')(value);
  if (n > MAX_INFLIGHT) throw new InvalidArgumentError(`--max-inflight must be ≤ ${MAX_INFLIGHT}`);
  return n;
};

/** `load`: the benchmark's paced, numbered air readings, then a summary. */
export function addLoadCommand(program: Command, context: CliContext, run: ExitCode): Command {
  return brokerCommand(program, context, 'load', DESCRIPTION)
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
    .addOption(
      new Option(
        '--engine <engine>',
        'packets: pre-encoded PUBLISH packets on raw TCP, one write per connection and tick (mqtt:// only); ' +
          'mqttjs: one mqtt.js publish per reading (the former engine, any broker URL)',
      )
        .choices(['packets', 'mqttjs'])
        .default('packets'),
    )
    .option(
      '--max-inflight <n>',
      `QoS 1 publishes awaiting PUBACK per connection (default: packets ${DEFAULT_PACKET_INFLIGHT}, the shipped ` +
        `broker's max_inflight_messages; mqttjs ${DEFAULT_MAX_UNACKED})`,
      maxInflight,
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
  engine: 'packets' | 'mqttjs';
  maxInflight?: number;
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
  const engine = flags.engine === 'mqttjs' ? runLoad : runPacketLoad;
  const { summary, error } = await engine({
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
    maxUnacked: flags.maxInflight,
    log,
    signal,
  });
  const output = context.output ?? ((text: string) => void process.stdout.write(text));
  output(flags.json ? `${summaryJson(summary)}\n` : `${summaryLines(summary).join('\n')}\n`);
  if (error) {
    log.error(`load failed: ${error}`);
    return 1;
  }
  return 0;
}

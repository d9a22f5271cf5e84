/**
 * The floor reference pipe as its own process (issue 7), so the bench measures its CPU and RSS from /proc like the
 * ingester's. See `floor-pipe.ts` for what it does and deliberately skips.
 *
 * Usage: `node main.js --broker mqtt://127.0.0.1:1883 --influx http://127.0.0.1:8086 --database bench
 *   --client-id floor [--qos 0|1] [--gzip-threshold <bytes>]`
 *
 * Runs until SIGTERM or SIGINT, then stops the pipe (writes what is pending), prints its {@link FloorPipeStats} as
 * ONE JSON line on stdout and exits 0 (a second signal during the stop ends it at once). Nothing else goes to
 * stdout; stderr gets `floor: ready (…)` once the subscription is acknowledged, and errors. Exit 1 when it cannot
 * start (broker or InfluxDB unreachable) or for bad arguments (commander's message on stderr).
 */
import { Command, InvalidArgumentError } from 'commander';
import { startFloorPipe, type FloorPipeStats } from './floor-pipe';

function parseQos(value: string): 0 | 1 {
  if (value !== '0' && value !== '1') throw new InvalidArgumentError('QoS must be 0 or 1.');
  return value === '0' ? 0 : 1;
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('a number ≥ 0 is required.');
  return n;
}

interface CliOptions {
  broker: string;
  influx: string;
  database: string;
  clientId: string;
  qos: 0 | 1;
  gzipThreshold?: number;
}

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command('floor')
    .description(
      'Bare reference pipe: mqtt.js → JSON.parse → InfluxDB 1.x /write (no validation, alerting, push).',
    )
    .requiredOption('--broker <url>', 'MQTT broker URL, e.g. mqtt://127.0.0.1:1883')
    .requiredOption('--influx <url>', 'InfluxDB 1.x URL, e.g. http://127.0.0.1:8086')
    .requiredOption('--database <db>', 'InfluxDB database')
    .requiredOption('--client-id <id>', 'fixed MQTT client id (persistent session)')
    .option('--qos <0|1>', 'subscription QoS', parseQos, 1 as 0 | 1)
    .option(
      '--gzip-threshold <bytes>',
      'gzip write bodies above this size (default: never)',
      parseNonNegative,
    )
    .parse([...argv]);
  const opts = program.opts<CliOptions>();

  const pipe = await startFloorPipe({
    brokerUrl: opts.broker,
    influxUrl: opts.influx,
    database: opts.database,
    clientId: opts.clientId,
    qos: opts.qos,
    gzipThreshold: opts.gzipThreshold,
  });

  // One line on stderr once subscribed, for a caller that waits for readiness (stdout holds only the stats).
  process.stderr.write(`floor: ready (${opts.clientId} subscribed at QoS ${opts.qos})\n`);

  const final = await new Promise<FloorPipeStats>((resolve) => {
    const onSignal = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      void pipe.stop().then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  process.stdout.write(`${JSON.stringify(final)}\n`, () => process.exit(0));
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * A partial benchmark of the peers alone: `node dist/apps/bench/apps/bench/src/lib/peers/main.js --rates 2000,5000`
 * (after `nx run bench:build`). Fresh mosquitto and influxd, the Node-RED peers installed on first use, each measured
 * as `npm run bench` measures it (warm-up, then the ladder of `--rates`); prints each rung and writes
 * `<out>/peers.json`. For checking the peers' code and comparing them quickly; the published figures come from
 * `npm run bench`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { firstReadingTime, FULL, measureRunPeers, type BenchProfile } from '../benchmark';
import { writeBenchRegistry } from '../registry';
import { startServices } from '../rig';

const ROOT = resolve(__dirname, '../../../../../../../..');

const rateList = (value: string): number[] => {
  const rates = value.split(',').map(Number);
  if (
    rates.length === 0 ||
    rates.length > 12 ||
    rates.some((r) => !Number.isInteger(r) || r < 1 || r > 100_000)
  )
    throw new InvalidArgumentError('--rates: 1–12 integers 1–100000, comma-separated');
  return rates.sort((a, b) => a - b);
};

const bounded = (name: string, lo: number, hi: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < lo || n > hi)
    throw new InvalidArgumentError(`${name} must be an integer ${lo}–${hi}`);
  return n;
};

async function main(argv: string[]): Promise<number> {
  const flags = new Command('bench-peers')
    .description('the benchmark of the Node-RED peers alone, at a few rates')
    .option('--rates <list>', 'ladder of paced rates, readings/s', rateList, [2_000, 5_000])
    .option('--step <s>', 'seconds each rung is held (1–30)', bounded('--step', 1, 30), 4)
    .option('--stations <n>', 'stations of the load (1–1000)', bounded('--stations', 1, 1_000), FULL.stations)
    .option(
      '--out <dir>',
      'folder for peers.json and the services, relative to the repository root',
      'tmp/bench-peers-run',
    )
    .parse(argv)
    .opts<{ rates: number[]; step: number; stations: number; out: string }>();
  const profile: BenchProfile = {
    ...FULL,
    runs: 1,
    ladder: {
      ...FULL.ladder,
      coarse: flags.rates,
      maxRate: flags.rates.at(-1) ?? FULL.ladder.maxRate,
      mustRun: flags.rates[0],
    },
    stepS: flags.step,
    cpuRate: flags.rates[0],
    stations: flags.stations,
  };
  const out = resolve(ROOT, flags.out);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const services = await startServices(out);
  try {
    const registry = join(out, `registry-${profile.stations}.json`);
    writeBenchRegistry(registry, profile.stations);
    const t0 = firstReadingTime(profile, profile.stations);
    const peers = await measureRunPeers({ root: ROOT, dataDir: out, profile, log }, services, registry, t0);
    writeFileSync(join(out, 'peers.json'), `${JSON.stringify({ profile, peers }, null, 2)}\n`);
    for (const key of ['nodeRedBatched', 'nodeRedPerMessage'] as const) {
      const peer = peers[key];
      log(
        peer.ran
          ? `${key}: sustained ${peer.sustainedRate}/s, ${peer.cpuUsPerReading ?? '—'} µs/reading at ${profile.cpuRate}/s, peak RSS ${peer.peakRssMb} MB`
          : `${key}: not run (${peer.reason})`,
      );
    }
  } finally {
    await services.stop();
    rmSync(join(out, 'influxd'), { recursive: true, force: true });
  }
  return 0;
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench-peers failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

import { resolve } from 'node:path';
import { Command } from 'commander';
import { describeExit } from './lib/app-process';
import { startStack } from './lib/stack';

/** The station whose simulated TT 10 datalogger `npm start` runs (deploy/registry/bac-ninh.json: BN_DAIBAI_NT01). */
const TT10_DATALOGGER = 'db-ww-01';

/**
 * `npm start`: runs the whole LàngXanh system on this machine until Ctrl-C — Mosquitto, InfluxDB, pure-ftpd (TT 10
 * files), the ingester, the dashboard, the MQTT simulators and one simulated TT 10 datalogger — and prints the
 * dashboard's address.
 */
async function main(): Promise<void> {
  const program = new Command('langxanh-stack')
    .description('Run broker, database, ingester, dashboard and simulators together')
    .option('--root <dir>', 'repository root', process.cwd())
    .option('--data-dir <dir>', 'data and logs (kept between runs)', '.data')
    .option(
      '--host <host>',
      'address the dashboard listens on (0.0.0.0 to reach it from another machine)',
      '127.0.0.1',
    )
    .option('--dashboard-port <port>', 'preferred dashboard port', '4200')
    .option('--no-simulators', 'do not start the simulators')
    .option('--seed <seed>', 'simulator seed', 'langxanh')
    .parse();
  const opts = program.opts<{
    root: string;
    dataDir: string;
    host: string;
    dashboardPort: string;
    simulators: boolean;
    seed: string;
  }>();
  const root = resolve(opts.root);
  const stack = await startStack({
    root,
    dataDir: resolve(root, opts.dataDir),
    dashboardHost: opts.host,
    ports: { dashboard: Number(opts.dashboardPort) },
    simulatorArgs: opts.simulators
      ? ['--seed', opts.seed, '--time-scale', '12', '--incident-rate', '6']
      : undefined,
    // The Đại Bái outlet reports by TT 10 files over FTP, at the simulators' pace (its 300 s / 12 = 25 s).
    tt10: opts.simulators
      ? {
          dataloggers: [TT10_DATALOGGER],
          dataloggerArgs: ['--seed', opts.seed, '--interval', '25', '--incident-rate', '6'],
        }
      : {},
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n  LàngXanh is running. Open the dashboard: ${stack.dashboardUrl}\n`);
  console.log(`  API ${stack.ingesterUrl}/api/health · logs in ${stack.logDir} · Ctrl-C stops everything`);
  if (stack.tt10) {
    console.log(
      `  TT 10 over FTP: ${stack.tt10.ftp.url}, one account per station (${opts.dataDir}/ftp-accounts.json);` +
        ` files in ${stack.tt10.dir}/{home,processed,rejected}` +
        (stack.tt10.dataloggers.length > 0 ? `; simulated datalogger: ${TT10_DATALOGGER}` : ''),
    );
  }
  console.log(
    `  Development sign-in: ${stack.credentials.username} / ${stack.credentials.password}` +
      ` (kept in ${opts.dataDir}/dev-credentials.json; the broker is anonymous on 127.0.0.1 only)\n`,
  );

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('  stopping…');
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));
  // Broker and database: the runner does not restart them; it says so and stops, rather than run half a system.
  for (const service of [stack.broker, stack.influx, ...(stack.tt10 ? [stack.tt10.ftp] : [])]) {
    void service.exited().then(() => {
      if (stopping) return;
      console.error(`  ${service.name} stopped unexpectedly; see ${service.logFile}. Stopping everything.`);
      void shutdown(1);
    });
  }
  for (const part of [
    stack.ingester.process,
    stack.dashboard,
    stack.simulators,
    ...(stack.tt10?.dataloggers ?? []),
  ]) {
    void part?.exited.then((ended) => {
      if (stopping) return;
      console.error(
        `  ${part.name} exited (${describeExit(ended)}); see ${part.logFile}. Stopping everything.`,
      );
      void shutdown(1);
    });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

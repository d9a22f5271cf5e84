import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { runDatalogger, type Outage } from '../lib/datalogger';
import { consoleLogger } from '../lib/logger';
import { defaultRegistryPath, loadRegistry, selectStations, SelectionError } from '../lib/registry';
import { DEFAULT_SEED, withSignals, type CliContext, type ExitCode } from './context';
import { nonNegative, positive, positiveInt } from './options';

const DESCRIPTION =
  'A TT 10/2021 datalogger for one registry station with a "tt10" name: writes one file per interval ' +
  '(<TenTinh>_<TenCoSo>_<TenTram>_<YYYYMMDDhhmmss>.txt, local time) and uploads it by FTP; files that cannot be ' +
  'uploaded wait and go up in order later (a backlog), e.g. after --outage.';

/** `--outage from+duration` (seconds after the start), repeatable. */
const outage = (value: string, previous: Outage[] = []): Outage[] => {
  const m = /^(\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?)$/.exec(value);
  if (!m) throw new InvalidArgumentError('expected <from s>+<duration s>, e.g. 60+300');
  return [...previous, { fromS: Number(m[1]), durationS: Number(m[2]) }];
};

/** `ftp://host:port` (no credentials in the URL: they go in --user/--password or the environment). */
const ftpUrl = (value: string): { host: string; port: number } => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected ftp://host:port');
  }
  if (url.protocol !== 'ftp:' || url.username || url.password) {
    throw new InvalidArgumentError('expected ftp://host:port (credentials go in --user/--password)');
  }
  return { host: url.hostname, port: url.port === '' ? 21 : Number(url.port) };
};

interface DataloggerFlags {
  ftp: { host: string; port: number };
  user?: string;
  password: string;
  station: string;
  registry: string;
  interval?: number;
  count?: number;
  duration?: number;
  seed: string;
  incidentRate: number;
  outage?: Outage[];
  outbox?: string;
  timeout: number;
}

/** `datalogger`: TT 10 files for one station, uploaded by FTP at an interval (docs/tt10.md). */
export function addDataloggerCommand(program: Command, context: CliContext, run: ExitCode): Command {
  const env = context.env ?? process.env;
  return program
    .command('datalogger')
    .description(DESCRIPTION)
    .requiredOption('--station <id>', 'registry station id (it must have a "tt10" name)')
    .addOption(
      new Option('--ftp <url>', 'FTP server, ftp://host:port')
        .argParser(ftpUrl)
        .default(ftpUrl(env.TT10_FTP_URL ?? 'ftp://127.0.0.1:21'), env.TT10_FTP_URL ?? 'ftp://127.0.0.1:21')
        .env('TT10_FTP_URL'),
    )
    .addOption(new Option('--user <name>', 'FTP account (default: the station id)').env('TT10_FTP_USER'))
    .addOption(
      new Option('--password <secret>', 'FTP password').env('TT10_FTP_PASSWORD').makeOptionMandatory(),
    )
    .option('--registry <file>', 'station registry JSON', defaultRegistryPath())
    .option(
      '--interval <s>',
      "seconds between files (default: the station's expectedIntervalS)",
      positive('--interval'),
    )
    .option('--count <n>', 'stop after n files', positiveInt('--count'))
    .option('--duration <s>', 'stop after this many seconds', positive('--duration'))
    .option('--seed <seed>', 'random seed of the values', DEFAULT_SEED)
    .option(
      '--incident-rate <x>',
      'multiply the chance of incidents (0 = none)',
      nonNegative('--incident-rate'),
      1,
    )
    .option(
      '--outage <from+duration>',
      'uploads fail from `from` s after the start for `duration` s; repeatable',
      outage,
    )
    .option(
      '--outbox <dir>',
      "the datalogger's own storage (outbox/ and sent/); default a new temporary folder",
    )
    .option('--timeout <s>', 'seconds to wait for the FTP server per upload round', positive('--timeout'), 30)
    .action(async (flags: DataloggerFlags) => {
      run(
        await withSignals(
          context,
          'datalogger',
          (context.logger ?? consoleLogger)('datalogger'),
          async (signal, log) => {
            const [registered] = selectStations(loadRegistry(flags.registry), { stations: [flags.station] });
            if (!registered.station.tt10) {
              throw new SelectionError(`station ${flags.station} has no "tt10" name in ${flags.registry}`);
            }
            const summary = await runDatalogger({
              station: registered,
              target: {
                ...flags.ftp,
                user: flags.user ?? registered.station.id,
                password: flags.password,
                timeoutS: flags.timeout,
              },
              outbox:
                flags.outbox ?? mkdtempSync(join(tmpdir(), `langxanh-datalogger-${registered.station.id}-`)),
              intervalS: flags.interval ?? registered.station.expectedIntervalS,
              seed: flags.seed,
              incidentRate: flags.incidentRate,
              count: flags.count,
              durationS: flags.duration,
              outages: flags.outage,
              log,
              signal,
            });
            return summary.pending === 0 || signal.aborted ? 0 : 1;
          },
        ),
      );
    });
}

/**
 * `npm run import -- …`: the history import (issue 13 item 5). TT 10/2021 files (`.txt`) and CSV files with a
 * column mapping become contract readings, validated as the ingester validates them, then either printed
 * (`--dry-run`, one JSON object per line) or sent to the ingester's admin route `POST /api/stations/{id}/readings`
 * (the one write path: validation, spool, events, alerting). `delete` removes a station's time range
 * (`DELETE /api/stations/{id}/readings`). Both routes are administrator only and audited.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { parse } from 'csv-parse';
import { parseRegistry, StationIndex, toVietnamIso } from '@langxanh/contracts';
import {
  CsvRowReader,
  SummaryBuilder,
  checkItem,
  csvParseOptions,
  dryRunLine,
  isSkip,
  parseCsvMapping,
  readTt10File,
  summaryLines,
  type CsvMappingInput,
  type ImportItem,
} from '@langxanh/history-import';
import { HistoryApi, batches } from './api-client';

/** Injection points for tests; the defaults are the process's. */
export interface ImportContext {
  /** Standard output: the dry-run lines. */
  readonly out?: (text: string) => void;
  /** Messages, progress and the summary. */
  readonly err?: (text: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Clock of the contract's time bound (epoch ms). */
  readonly now?: () => number;
  /** Show a progress bar (default: when stderr is a terminal). */
  readonly progressBar?: boolean;
}

/** The repository root (nearest folder with nx.json above this file), for the default registry. */
function repoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    try {
      readFileSync(join(dir, 'nx.json'));
      return dir;
    } catch {
      const parent = resolve(dir, '..');
      if (parent === dir) return process.cwd();
      dir = parent;
    }
  }
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const pair = (flag: string) => (value: string, previous: Record<string, string> = {}) => {
  const at = value.indexOf('=');
  if (at <= 0) throw new CommanderError(2, 'import.usage', `${flag} expects KEY=VALUE, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

interface ImportFlags {
  dryRun: boolean;
  station?: string;
  mapping?: string;
  timeColumn?: string;
  timeFormat?: string;
  timeZone?: string;
  timeLabel?: 'start' | 'end';
  intervalMinutes?: string;
  column?: Record<string, string>;
  missing?: string[];
  keep?: Record<string, string>;
  stationColumn?: string;
  delimiter?: string;
  registry: string;
  api: string;
  username: string;
  json: boolean;
}

/** Parses `argv` (without node and the script) and runs it; resolves with the exit code (0, 1 failure, 2 usage). */
export async function runCli(argv: readonly string[], context: ImportContext = {}): Promise<number> {
  const out = context.out ?? ((t: string) => void process.stdout.write(t));
  const err = context.err ?? ((t: string) => void process.stderr.write(t));
  const env = context.env ?? process.env;
  let code = 0;
  const program = new Command('langxanh-import')
    .description('Import history (TT 10/2021 .txt files, CSV files with a column mapping) into LàngXanh, or delete a range.')
    .exitOverride()
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ writeOut: out, writeErr: err })
    .argument('[files...]', 'TT 10 files (.txt) and CSV files (.csv)')
    .option('--dry-run', 'print the readings that would be stored, one JSON object per line; store nothing', false)
    .option('--station <id>', 'station of CSV rows and of TT 10 files whose names map to no registry station')
    .option('--mapping <file>', 'CSV mapping (JSON; see docs/history-import.md); flags below override it')
    .option('--time-column <name>', 'CSV column holding the time')
    .option('--time-format <luxon>', 'time format (luxon tokens, e.g. "yyyy-MM-dd HH:mm"); ISO 8601 when absent')
    .option('--time-zone <zone>', 'zone of times without an offset (IANA, e.g. Asia/Ho_Chi_Minh, or UTC+7)')
    .addOption(new Option('--time-label <which>', 'a time labels the start or the end of its interval').choices(['start', 'end']))
    .option('--interval-minutes <n>', 'length of the interval a value covers (default 60: hourly)')
    .option('--column <parameter=column>', 'a parameter and its CSV column (repeatable)', pair('--column'))
    .option('--missing <text>', 'a cell text that means "no value" (repeatable)', collect)
    .option('--keep <column=value>', 'import only rows whose column holds this value (repeatable)', pair('--keep'))
    .option('--station-column <name>', 'CSV column holding the station id (several stations in one file)')
    .option('--delimiter <char>', 'CSV delimiter (default ",")')
    .option('--registry <file>', 'station registry', join(repoRoot(), 'deploy', 'registry', 'bac-ninh.json'))
    .option('--api <url>', 'ingester API root (env LANGXANH_API)', env.LANGXANH_API ?? 'http://127.0.0.1:3000/api')
    .option('--username <name>', 'administrator (env LANGXANH_USERNAME); password from env LANGXANH_PASSWORD', env.LANGXANH_USERNAME ?? 'admin')
    .option('--json', 'print the summary as one JSON object', false)
    .action(async (files: string[], flags: ImportFlags) => {
      code = await importCommand(files, flags, { out, err, env, now: context.now ?? Date.now, progressBar: context.progressBar });
    });
  program
    .command('delete')
    .description("delete a station's readings in [from, to) (administrator; audited)")
    .requiredOption('--station <id>', 'station id')
    .requiredOption('--from <time>', 'ISO 8601 (Vietnam time without an offset), inclusive')
    .requiredOption('--to <time>', 'ISO 8601, exclusive')
    .action(async (flags: { station: string; from: string; to: string }) => {
      const parent = program.opts<ImportFlags>();
      code = await guarded(err, async () => {
        const api = await HistoryApi.signIn(parent.api, parent.username, password(env));
        const result = await api.deleteRange(flags.station, flags.from, flags.to);
        err(`deleted the readings of ${result.station} from ${result.from} to ${result.to} (UTC)\n`);
        return 0;
      });
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return code;
}

function password(env: NodeJS.ProcessEnv): string {
  const value = env.LANGXANH_PASSWORD;
  if (!value) throw new Error('set LANGXANH_PASSWORD to the administrator password (never on the command line)');
  return value;
}

async function guarded(err: (t: string) => void, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    err(`import: ${(error as Error).message}\n`);
    return 1;
  }
}

/** The CSV mapping from `--mapping` and the flags (flags win), validated. */
function csvMapping(flags: ImportFlags) {
  const base = (flags.mapping ? JSON.parse(readFileSync(flags.mapping, 'utf8')) : {}) as Partial<CsvMappingInput>;
  const time = { ...(base.time ?? {}) } as Record<string, unknown>;
  if (flags.timeColumn) time.column = flags.timeColumn;
  if (flags.timeFormat) time.format = flags.timeFormat;
  if (flags.timeZone) time.zone = flags.timeZone;
  if (flags.timeLabel) time.label = flags.timeLabel;
  if (flags.intervalMinutes) time.intervalMinutes = Number(flags.intervalMinutes);
  return parseCsvMapping({
    ...base,
    time,
    ...(flags.column ? { parameters: { ...(base.parameters ?? {}), ...flags.column } } : {}),
    ...(flags.missing ? { missing: [...(base.missing ?? []), ...flags.missing] } : {}),
    ...(flags.keep ? { keep: { ...(base.keep ?? {}), ...Object.fromEntries(Object.entries(flags.keep).map(([k, v]) => [k, [v]])) } } : {}),
    ...(flags.stationColumn ? { station: { column: flags.stationColumn } } : {}),
    ...(flags.delimiter ? { delimiter: flags.delimiter } : {}),
  });
}

async function importCommand(
  files: string[],
  flags: ImportFlags,
  io: Required<Pick<ImportContext, 'out' | 'err' | 'env' | 'now'>> & Pick<ImportContext, 'progressBar'>,
): Promise<number> {
  return guarded(io.err, async () => {
    if (files.length === 0) throw new Error('name at least one file (.txt TT 10, .csv with a mapping)');
    const stations = new StationIndex(parseRegistry(JSON.parse(readFileSync(flags.registry, 'utf8'))));
    if (flags.station && !stations.get(flags.station)) throw new Error(`--station ${flags.station} is not in the registry`);
    const summary = new SummaryBuilder();
    const items: ImportItem[] = [];
    const needsMapping = files.some((f) => extname(f).toLowerCase() === '.csv');
    const mapping = needsMapping ? csvMapping(flags) : undefined;
    for (const file of files) {
      summary.file();
      if (extname(file).toLowerCase() === '.txt') {
        const outcome = readTt10File(basename(file), readFileSync(file), stations, flags.station);
        for (let i = 0; i < outcome.lines; i++) summary.row();
        if (outcome.skipped) {
          summary.skip(outcome.skipped.skip);
          io.err(`skipped ${outcome.skipped.detail}\n`);
        }
        for (const item of outcome.items) {
          summary.missing(item.missing ?? []);
          items.push(item);
        }
      } else if (mapping) {
        const reader = new CsvRowReader(mapping, flags.station);
        let line = 1;
        const rows = createReadStream(file).pipe(parse(csvParseOptions(mapping)));
        for await (const row of rows as AsyncIterable<Record<string, string>>) {
          summary.row();
          const outcome = reader.read(row, `${basename(file)}:${++line}`);
          if (isSkip(outcome)) summary.skip(outcome.skip, outcome.missing);
          else {
            summary.missing(outcome.missing ?? []);
            items.push(outcome);
          }
        }
      }
    }

    if (flags.dryRun) {
      const now = io.now();
      for (const item of items) {
        const checked = checkItem(item, stations, now);
        summary.outcome(
          checked.reading
            ? { station: item.station, time: checked.reading.time, iso: toVietnamIso(checked.reading.time) }
            : undefined,
          checked.rejections,
        );
        if (checked.reading) io.out(`${JSON.stringify(dryRunLine(checked.reading))}\n`);
      }
      report(summary, 'would store', flags.json, io.err);
      return 0;
    }

    const api = await HistoryApi.signIn(flags.api, flags.username, password(io.env));
    const byStation = new Map<string, ImportItem['payload'][]>();
    for (const item of items) {
      const list = byStation.get(item.station) ?? [];
      list.push(item.payload);
      byStation.set(item.station, list);
    }
    const bar = (io.progressBar ?? process.stderr.isTTY)
      ? new SingleBar({ stream: process.stderr, format: 'import |{bar}| {percentage}% | {value}/{total} readings | ETA {eta_formatted}', hideCursor: true }, Presets.shades_classic)
      : undefined;
    bar?.start(items.length, 0);
    let sent = 0;
    try {
      for (const [station, payloads] of byStation) {
        for (const batch of batches(payloads)) {
          summary.batch(await api.importBatch(station, batch));
          sent += batch.length;
          bar?.update(sent);
        }
      }
    } finally {
      bar?.stop();
    }
    report(summary, 'stored', flags.json, io.err);
    return 0;
  });
}

function report(summary: SummaryBuilder, verb: string, json: boolean, err: (t: string) => void): void {
  const built = summary.build();
  err(json ? `${JSON.stringify(built)}\n` : summaryLines(built, verb).map((l) => `${l}\n`).join(''));
}

/**
 * `npm run bench`: the LàngXanh ingest benchmark (issue 7). Starts real mosquitto and influxd on loopback, the built
 * ingester as its own process and the simulators' load mode, and measures, per run: the sustained lossless rate (a
 * ladder of paced rates), CPU per reading and peak RSS, publish → socket.io and publish → alert latency, a 30-day
 * history request, 100 vs 10 000 stations, and a floor reference pipe in the same run. Prints a Markdown table of
 * medians over the runs and writes `<out>/results.json` and `<out>/results.md` (with `--docs`, also
 * docs/benchmarks.json and the table in docs/benchmarks.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { benchmarkRun, FULL, QUICK, type RunResult } from './lib/benchmark';
import { figures, hotSpotsMarkdown, machineFacts, markdownTable } from './lib/report';

const ROOT = resolve(__dirname, '../../../../../..');
const TABLE_BEGIN = '<!-- bench:table:begin -->';
const TABLE_END = '<!-- bench:table:end -->';

interface Flags {
  quick: boolean;
  runs?: number;
  out: string;
  docs: boolean;
  cpuProf: boolean;
  ingester?: string;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('bench')
    .description('LàngXanh ingest benchmark: real mosquitto + influxd, the built ingester, a floor reference')
    .option(
      '--quick',
      'a short smoke run (tiny rates, one run): checks the benchmark works, measures nothing',
      false,
    )
    .addOption(
      new Option('--runs <n>', 'runs (default 3; quick 1)').argParser((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1 || n > 20)
          throw new InvalidArgumentError('--runs must be an integer 1–20');
        return n;
      }),
    )
    .option(
      '--out <dir>',
      'folder for results.json and results.md, relative to the repository root',
      'tmp/bench',
    )
    .option(
      '--docs',
      'also write docs/benchmarks.json and the table in docs/benchmarks.md (a full run of at least 3 runs only)',
      false,
    )
    .option(
      '--ingester <main.js>',
      "another built ingester to measure (e.g. an older commit's dist/…/main.js)",
    )
    .option(
      '--cpu-prof',
      'run the ingester and the floor under node --cpu-prof and list their hot spots',
      false,
    )
    .parse(argv);
  const flags = program.opts<Flags>();
  const base = flags.quick ? QUICK : FULL;
  const profile = { ...base, runs: flags.runs ?? base.runs };
  if (!existsSync(join(ROOT, 'package.json'))) throw new Error(`repository root not found at ${ROOT}`);
  if (flags.docs && (flags.quick || profile.runs < 3)) {
    program.error(
      '--docs records the published figures: only with a full run of at least 3 runs (not --quick)',
    );
  }
  if (flags.ingester && !existsSync(resolve(flags.ingester)))
    program.error(`--ingester ${flags.ingester}: no such file`);
  const out = resolve(ROOT, flags.out);
  mkdirSync(out, { recursive: true });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const command = `npm run bench${argv.length > 2 ? ` -- ${argv.slice(2).join(' ')}` : ''}`;
  const machine = machineFacts(command);
  log(
    `LàngXanh benchmark (${profile.name}, ${profile.runs} run(s)) on ${machine.cpu}, ${machine.cores} cores, node ${machine.node}`,
  );

  const runs: RunResult[] = [];
  for (let i = 1; i <= profile.runs; i++) {
    log(`\n=== run ${i} of ${profile.runs} ===`);
    const dataDir = join(out, `run-${i}`);
    rmSync(dataDir, { recursive: true, force: true });
    runs.push(
      await benchmarkRun({
        root: ROOT,
        dataDir,
        profile,
        log,
        cpuProfile: flags.cpuProf,
        ingesterScript: flags.ingester && resolve(flags.ingester),
      }),
    );
    // The services' data (GBs of points) is not kept; logs are.
    rmSync(join(dataDir, 'influxd'), { recursive: true, force: true });
  }

  const rows = figures(runs, profile);
  const table = markdownTable(rows, runs.length, profile.name === 'quick') + hotSpotsMarkdown(runs);
  const results = { machine, profile, figures: rows, runs };
  writeFileSync(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, 'results.md'), `${table}\n`);
  log(`\n${table}\n\nresults: ${join(out, 'results.json')}`);
  if (flags.docs) {
    writeFileSync(join(ROOT, 'docs/benchmarks.json'), `${JSON.stringify(results, null, 2)}\n`);
    const doc = join(ROOT, 'docs/benchmarks.md');
    const text = readFileSync(doc, 'utf8');
    const from = text.indexOf(TABLE_BEGIN);
    const to = text.indexOf(TABLE_END);
    if (from < 0 || to < from) throw new Error(`${doc} has no ${TABLE_BEGIN} … ${TABLE_END} block`);
    const block =
      `${TABLE_BEGIN}\n\n_${machine.date.slice(0, 10)}, commit ${machine.commit}, \`${command}\`: ${machine.cpu}, ` +
      `${machine.cores} cores, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, ` +
      `${machine.mosquitto}, ${machine.influxd}._\n\n${table}\n`;
    writeFileSync(doc, text.slice(0, from) + block + text.slice(to));
    // The project's formatter lays the tables out as the rest of the docs (the check in lint stays green).
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--write', doc]);
    } catch (error) {
      log(`prettier could not format ${doc}: ${(error as Error).message}`);
    }
    log('docs/benchmarks.md and docs/benchmarks.json updated');
  }
  return 0;
}

main(process.argv).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

/**
 * `npm run backup -- …` and `npm run restore -- …` (issue 16 item 3; docs/backup.md): back up and restore a LàngXanh
 * install — InfluxDB with its own tool, the auth store, the registry, the spool and the forwarding queue.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { Command, CommanderError } from 'commander';
import { NEWER_FORMAT_EXIT_CODE, NewerDataFormatError } from '@langxanh/data-format';
import { runBackup } from './backup';
import { parseOpsEnv } from './config';
import { runRestore } from './restore';

/** Injection points for tests; the defaults are the process's. */
export interface OpsContext {
  readonly env?: NodeJS.ProcessEnv;
  /** Progress and results. */
  readonly err?: (text: string) => void;
  /** Standard output: the backup folder's path (for scripts). */
  readonly out?: (text: string) => void;
}

/**
 * Runs the CLI. `--env-file` is read with Node's own `util.parseEnv` (the `.env` syntax of `node --env-file`), so
 * the same file the ingester's systemd unit uses applies; variables already set in the environment win.
 * @returns the exit code: 0, 1 (failure), 2 (usage), 78 (a backup of a newer release).
 */
export async function runCli(argv: string[], context: OpsContext = {}): Promise<number> {
  const err = context.err ?? ((text: string) => process.stderr.write(text));
  const out = context.out ?? ((text: string) => process.stdout.write(text));
  const environment = (file: string | undefined): NodeJS.ProcessEnv => {
    const base = context.env ?? process.env;
    return file ? { ...parseEnv(readFileSync(file, 'utf8')), ...base } : { ...base };
  };
  const log = (line: string) => err(`${line}\n`);

  const program = new Command('langxanh-ops')
    .description('Back up and restore a LàngXanh install (docs/backup.md)')
    .exitOverride()
    .configureOutput({ writeOut: err, writeErr: err });
  program
    .command('backup')
    .description('back up InfluxDB, the auth store, the registry, the spool and the forwarding queue')
    .requiredOption('--out <folder>', 'folder the backup folder langxanh-backup-<UTC time> is made in')
    .option('--env-file <file>', 'the env file the ingester uses (e.g. /etc/langxanh/langxanh.env)')
    .option('--skip-influx', 'leave InfluxDB out (back it up with its own tool, e.g. influx backup for 2.x)')
    .action(async (options: { out: string; envFile?: string; skipInflux?: boolean }) => {
      const env = parseOpsEnv(environment(options.envFile));
      const folder = await runBackup({ out: options.out, env, skipInflux: options.skipInflux, log });
      out(`${folder}\n`);
    });
  program
    .command('restore')
    .description('restore a backup onto this machine (stop the ingester first)')
    .requiredOption('--from <folder>', 'the backup folder (holding manifest.json)')
    .option('--env-file <file>', 'the env file the ingester uses')
    .option('--force', 'move existing data aside (<folder>.before-restore-<time>) instead of refusing')
    .option('--skip-influx', 'leave InfluxDB out')
    .action(async (options: { from: string; envFile?: string; force?: boolean; skipInflux?: boolean }) => {
      const env = parseOpsEnv(environment(options.envFile));
      await runRestore({ from: options.from, env, force: options.force, skipInflux: options.skipInflux, log });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    err(`${(error as Error).message}\n`);
    return error instanceof NewerDataFormatError ? NEWER_FORMAT_EXIT_CODE : 1;
  }
}

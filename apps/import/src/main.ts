#!/usr/bin/env node
/**
 * The history import CLI, built to dist/apps/import/apps/import/src/main.js; `npm run import -- …` builds and runs it.
 */
import { runCli } from './cli';

// `npm run -s import -- --dry-run … | head`: a reader that stops early ends the import quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

#!/usr/bin/env node
/**
 * The history import CLI, built to dist/apps/import/apps/import/src/main.js; `npm run import -- …` builds and runs it.
 */
import { runCli } from './cli';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

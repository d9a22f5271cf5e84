#!/usr/bin/env node
/** The backup/restore CLI, built to dist/apps/ops/apps/ops/src/main.js; `npm run backup|restore -- …` builds and runs it. */
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

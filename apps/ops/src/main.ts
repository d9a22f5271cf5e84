#!/usr/bin/env node
/** The backup/restore CLI, built to dist/apps/ops/apps/ops/src/main.js; `npm run backup|restore -- …` builds and runs it. */
import { runCli } from './cli';

// A backup holds password hashes and non-public readings: what this process and influxd (its child) write is for
// the running user only, whatever the shell's umask (folders 0700, files 0600).
process.umask(0o077);

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

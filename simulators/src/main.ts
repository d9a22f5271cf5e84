#!/usr/bin/env node
/**
 * LàngXanh simulators CLI. Built to dist/simulators/simulators/src/main.js:
 *   node dist/simulators/simulators/src/main.js simulate --time-scale 20
 *   node dist/simulators/simulators/src/main.js replay --speed 3600
 */
import { runCli } from './cli';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Exit even if a library left a handle open; the timer itself does not keep the process alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);

// Jest reporter: writes this run's pass/fail counts to tmp/test-summary/, which deploy/scripts/test.sh adds up
// into the closing line "N passed, N failed". It reports only; Jest's default reporter still prints everything.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.name = (globalConfig.rootDir || 'jest').split('/').slice(-2).join('-');
  }
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '../../tmp/test-summary');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${this.name}-${process.pid}-${Date.now()}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        numPassedTests: results.numPassedTests,
        numFailedTests: results.numFailedTests,
        numPendingTests: results.numPendingTests,
      }),
    );
  }
}
module.exports = SummaryReporter;

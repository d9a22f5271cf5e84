// Adds up tmp/test-summary/*.json (Jest summary reporter, Vitest json reporter) into one closing line.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const dir = join(__dirname, '../../tmp/test-summary');
let passed = 0, failed = 0, skipped = 0;
for (const file of existsSync(dir) ? readdirSync(dir) : []) {
  const r = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

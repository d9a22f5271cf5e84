import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import corpus from '../fixtures/hostile-payloads.json';
import { INPUT_RULES } from './input-rules';
import { PARAMETER_CATALOGUE } from './parameters';
import { validateReading } from './reading';
import { parseRegistry, StationIndex } from './registry';
import { parseTopic } from './topics';

/** The contract reference (docs/contract.md) must say what the code does; so must the README's example payload. */
const root = join(__dirname, '../../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const contract = readFileSync(join(root, 'docs/contract.md'), 'utf8');

describe('contract reference (docs/contract.md)', () => {
  it.each([
    ['docs/contract.md', contract],
    ['README.md', readme],
  ])('%s gives an example payload that the contract accepts whole', (_file, doc) => {
    const example = /```json\n(.+)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const stations = new StationIndex(
      parseRegistry(JSON.parse(readFileSync(join(root, 'deploy/registry/bac-ninh.json'), 'utf8'))),
    );
    const topic = parseTopic('langxanh/v1/phong-khe/wastewater/pk-ww-01/reading')!;
    const outcome = validateReading(topic, example!, { stations, now: Date.parse('2026-11-29T08:00:00Z') });
    expect(outcome.rejections).toEqual([]);
    expect(outcome.reading?.time).toBe(Date.parse('2026-11-29T07:05:00Z'));
  });

  it('lists the parameter catalogue exactly', () => {
    for (const [kind, specs] of Object.entries(PARAMETER_CATALOGUE)) {
      const row = specs
        .map(
          (s) =>
            `\`${s.key}\` ${s.unit || '(pH units)'} [${s.range[0]}, ${s.range[1]}]` +
            (s.flaggedRange ? ` (flagged up to ${s.flaggedRange[1]})` : ''),
        )
        .join('; ');
      expect(contract).toContain(`| ${kind} | ${row} |`);
    }
  });

  it('lists the input rules exactly, in order: class, rule id, action', () => {
    const start = contract.indexOf('### Input rules');
    expect(start).toBeGreaterThan(-1);
    const section = contract.slice(start, contract.indexOf('\n## ', start));
    const rows = section
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| class ') && !line.startsWith('| ---'))
      .map((line) =>
        line
          .split(' | ')
          .slice(0, 3)
          .map((cell) => cell.replace(/^\| /, '')),
      );
    expect(rows).toEqual(INPUT_RULES.map((r) => [r.class, `\`${r.id}\``, r.action]));
  });

  it('gives the size of the hostile corpus', () => {
    expect(contract).toContain(`hostile-payloads.json\` (${corpus.entries.length}\nmessages`);
  });
});

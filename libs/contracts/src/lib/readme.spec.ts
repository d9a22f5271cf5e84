import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import corpus from '../fixtures/hostile-payloads.json';
import { INPUT_RULES } from './input-rules';
import { PARAMETER_CATALOGUE } from './parameters';
import { validateReading } from './reading';
import { parseRegistry, StationIndex } from './registry';
import { parseTopic } from './topics';

/** The README's contract section must say what the code does. */
const root = join(__dirname, '../../../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('README contract section', () => {
  it('gives an example payload that the contract accepts whole', () => {
    const example = /```json\n(.+)\n```/.exec(readme)?.[1];
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
        .map((s) => `\`${s.key}\` ${s.unit || '(pH units)'} [${s.range[0]}, ${s.range[1]}]`)
        .join('; ');
      expect(readme).toContain(`| ${kind} | ${row} |`);
    }
  });

  it('lists the input rules exactly, in order: class, rule id, action', () => {
    const start = readme.indexOf('#### Input rules');
    expect(start).toBeGreaterThan(-1);
    const section = readme.slice(start, readme.indexOf('\n### ', start));
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
    expect(readme).toContain(`hostile-payloads.json\` (${corpus.entries.length}\nmessages`);
  });
});

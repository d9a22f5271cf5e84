import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stationSchema } from '@langxanh/contracts';
import { rulesForStation } from './rules-for-station';

/**
 * The rule examples of docs/alert-rules.md run: each `<!-- rule-example at=… rule=… -->` is followed by a registry
 * station (JSON) and the rule `rulesForStation` must give for it at that time.
 */
const doc = readFileSync(join(__dirname, '../../../../docs/alert-rules.md'), 'utf8');
const EXAMPLE = /<!-- rule-example at=(\S+) rule=(\S+) -->\s*```json\n([\s\S]*?)```\s*```json\n([\s\S]*?)```/g;
const examples = [...doc.matchAll(EXAMPLE)].map(([, at, rule, station, expected]) => ({ at, rule, station, expected }));

describe('docs/alert-rules.md rule examples', () => {
  it('has one example for each station kind', () => {
    const kinds = examples.map((e) => (JSON.parse(e.station) as { kind: string }).kind).sort();
    expect(kinds).toEqual(['air', 'waste', 'wastewater']);
  });
  it.each(examples)('$rule at $at', ({ at, rule, station, expected }) => {
    const parsed = stationSchema.parse(JSON.parse(station));
    const rules = rulesForStation(parsed, Date.parse(at));
    expect(rules.find((r) => r.id === rule)).toEqual(JSON.parse(expected));
  });
});

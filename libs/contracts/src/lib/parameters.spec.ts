import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARAMETER_CATALOGUE, unknownParameterMessage } from './parameters';
import { validateReadingMessage } from './reading';
import { parseRegistry, StationIndex } from './registry';

const stations = new StationIndex(parseRegistry(JSON.parse(readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8'))));

/** Regression (issue 18): the message read `"XYZ" is not a air parameter` (grammar, and no hint what is valid). */
describe('unknownParameterMessage', () => {
  it('is grammatical and lists the valid parameters of the kind', () => {
    const message = unknownParameterMessage('air', 'XYZ');
    expect(message).toBe(`"XYZ" is not a parameter of an air station; valid parameters: ${PARAMETER_CATALOGUE.air.map((p) => p.key).join(', ')}`);
    expect(message).not.toMatch(/\ba air\b/);
    expect(unknownParameterMessage('wastewater', 'PM2.5')).toMatch(/^"PM2\.5" is not a parameter of a wastewater station; valid parameters: .*\bCOD\b/);
    expect(unknownParameterMessage('waste', 'x'.repeat(100))).toMatch(/^"x{40}…" is not a parameter of a waste collection point/);
  });

  it('is what the ingest rejection says', () => {
    const outcome = validateReadingMessage(
      'langxanh/v1/phong-khe/air/pk-air-01/reading',
      JSON.stringify({ ts: '2026-12-07T10:00:00+07:00', values: { XYZ: 1, 'PM2.5': 20 } }),
      { stations, now: Date.parse('2026-12-07T03:00:30Z') },
    );
    expect(JSON.stringify(outcome)).toContain('is not a parameter of an air station');
  });
});

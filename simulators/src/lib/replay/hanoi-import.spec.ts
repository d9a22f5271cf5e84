import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readingTopic, parseTopic, validateReading, type Reading, type StationTopic } from '@langxanh/contracts';
import {
  CsvRowReader,
  checkItem,
  csvParseOptions,
  isSkip,
  parseCsvMapping,
} from '@langxanh/history-import';
import { parse } from 'csv-parse';
import { loadRegistry, repoRoot, selectStations } from '../registry';
import { StationIndex } from '@langxanh/contracts';
import { defaultHanoiFile, hanoiMessages } from './hanoi';

/**
 * Issue 13 item 5: the Hà Nội 2018 PM2.5 file imported through the history import's CSV path (the shipped mapping
 * apps/import/mappings/airnow-hanoi.json) gives the same points as `replay` publishes today. Both sides go through
 * the contract's validation (the ingester's, for MQTT and for the import route alike); a point is (time UTC,
 * values, status).
 */
describe('Hà Nội 2018: history import (CSV path) = replay', () => {
  const registry = loadRegistry();
  const stations = new StationIndex(registry);
  const station = selectStations(registry, { kinds: ['air'] })[0];
  const topic = parseTopic(readingTopic(station.cluster.id, 'air', station.station.id)) as StationTopic;
  const now = Date.UTC(2026, 11, 7);
  const point = (r: Reading) => ({ time: r.time, values: r.values, status: r.status });

  it('stores the same points, in the same order', async () => {
    const plan = await hanoiMessages(defaultHanoiFile());
    const replayed = plan.messages.flatMap((m) => {
      const reading = validateReading(topic, JSON.stringify(m), { stations, now }).reading;
      return reading ? [point(reading)] : [];
    });

    const mapping = parseCsvMapping(
      JSON.parse(readFileSync(join(repoRoot(), 'apps/import/mappings/airnow-hanoi.json'), 'utf8')),
    );
    const reader = new CsvRowReader(mapping, station.station.id);
    const imported: ReturnType<typeof point>[] = [];
    let line = 1;
    const rows = createReadStream(defaultHanoiFile()).pipe(parse(csvParseOptions(mapping)));
    for await (const row of rows as AsyncIterable<Record<string, string>>) {
      const outcome = reader.read(row, `hanoi:${++line}`);
      if (isSkip(outcome)) continue;
      const reading = checkItem(outcome, stations, now).reading;
      if (reading) imported.push(point(reading));
    }

    // The file's facts (simulators/README.md): 7 998 Valid rows; the −2.0 at 2018-09-03 05:00 is refused as
    // out_of_range on both paths.
    expect(plan.messages).toHaveLength(7998);
    expect(replayed).toHaveLength(7997);
    expect(imported).toEqual(replayed);
    expect(imported[0]).toEqual({ time: Date.UTC(2017, 11, 31, 18), values: { 'PM2.5': 69.2 }, status: { 'PM2.5': '00' } });
  }, 60_000);
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStationBodySchema, updateStationBodySchema } from './api/registry';
import { validateReadingMessage } from './reading';
import { parseRegistry, REGISTRY_LIMITS, registrySchema, StationIndex, type Registry } from './registry';

const shipped = (): Registry =>
  parseRegistry(
    JSON.parse(readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8')),
  );

describe('registry schema (run-time changes, issue 17)', () => {
  it('reads back its own output unchanged: an export is a valid seed file', () => {
    const registry = shipped();
    expect(parseRegistry(JSON.parse(JSON.stringify(registry)))).toEqual(registry);
  });

  it('bounds every text and list', () => {
    const registry = shipped();
    const long = 'x'.repeat(REGISTRY_LIMITS.nameChars + 1);
    const cluster = registry.clusters[0]!;
    const station = cluster.stations[0]!;
    const paths = (doc: unknown) =>
      registrySchema.safeParse(doc).error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths({ ...registry, province: long })).toEqual(['province']);
    expect(
      paths({ ...registry, clusters: [{ ...cluster, stations: [{ ...station, name: long }] }] }),
    ).toEqual(['clusters.0.stations.0.name']);
    const contacts = Array.from({ length: REGISTRY_LIMITS.contacts + 1 }, () => cluster.manager);
    expect(paths({ ...registry, clusters: [{ ...cluster, contacts }] })).toEqual(['clusters.0.contacts']);
  });

  it('refuses the readings of a retired station as unknown_station, and keeps it out of the active stations', () => {
    const registry = shipped();
    const cluster = registry.clusters.find((c) => c.id === 'phong-khe')!;
    const index = cluster.stations.findIndex((s) => s.id === 'pk-air-01');
    const payload = JSON.stringify({ ts: '2026-12-07T10:00:00Z', values: { 'PM2.5': 20 } });
    const topic = 'langxanh/v1/phong-khe/air/pk-air-01/reading';
    const now = Date.parse('2026-12-07T10:01:00Z');
    expect(
      validateReadingMessage(topic, payload, { stations: new StationIndex(registry), now }).reading,
    ).toBeDefined();

    cluster.stations[index] = { ...cluster.stations[index]!, retired: { at: '2026-12-07T09:00:00.000Z' } };
    const stations = new StationIndex(parseRegistry(registry));
    const outcome = validateReadingMessage(topic, payload, { stations, now });
    expect(outcome.reading).toBeUndefined();
    expect(outcome.rejections).toEqual([
      { reason: 'unknown_station', detail: 'station "pk-air-01" was retired at 2026-12-07T09:00:00.000Z' },
    ]);
    expect(stations.get('pk-air-01')?.station.retired).toBeDefined();
    expect(stations.active().map((s) => s.station.id)).not.toContain('pk-air-01');
    expect(stations.active()).toHaveLength(stations.all().length - 1);
  });

  it('takes a station body with its cluster (required to create, optional to update) and never `retired`', () => {
    const body = {
      id: 'pk-air-09',
      kind: 'air',
      name: 'Trạm thử',
      location: { lat: 21.18, lon: 106.03 },
      standard: { qcvn: 'QCVN 05:2023/BTNMT' },
    };
    expect(createStationBodySchema.safeParse(body).error?.issues.map((i) => i.path)).toEqual([['cluster']]);
    expect(createStationBodySchema.parse({ ...body, cluster: 'phong-khe' })).toMatchObject({
      expectedIntervalS: 60,
    });
    expect(updateStationBodySchema.safeParse(body).success).toBe(true);
    expect(
      updateStationBodySchema.safeParse({ ...body, retired: { at: '2026-12-07T09:00:00Z' } }).error?.issues[0]
        ?.code,
    ).toBe('unrecognized_keys');
  });
});

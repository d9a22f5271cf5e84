import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStationBodySchema, parseRegistry, type Registry, type Station } from '@langxanh/contracts';
import { ApiError } from '../common/errors';
import {
  addCluster,
  addStation,
  MAX_AUDIT_CHANGES,
  registryChanges,
  retireStation,
  updateCluster,
  updateStation,
  type StationInput,
} from './registry-edits';

const shipped = (): Registry =>
  parseRegistry(
    JSON.parse(readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8')),
  );

const air = (id: string, extra: Partial<Station> = {}): StationInput =>
  createStationBodySchema.parse({
    cluster: 'phong-khe',
    id,
    kind: 'air',
    name: 'Trạm thử',
    location: { lat: 21.18, lon: 106.03 },
    standard: { qcvn: 'QCVN 05:2023/BTNMT' },
    ...extra,
  });

/** The ApiError `fn` throws (fails when it throws nothing or something else). */
function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

const find = (registry: Registry, id: string) =>
  registry.clusters
    .flatMap((c) => c.stations.map((s) => ({ cluster: c.id, station: s })))
    .find((s) => s.station.id === id);

describe('registry edits', () => {
  it('adds a station to its cluster, filled with the schema defaults, without touching the input registry', () => {
    const before = shipped();
    const copy = structuredClone(before);
    const edit = addStation(before, air('pk-air-09'));
    expect(find(edit.registry, 'pk-air-09')).toEqual({
      cluster: 'phong-khe',
      station: expect.objectContaining({ id: 'pk-air-09', expectedIntervalS: 60 }),
    });
    expect(edit.summary).toBe('station pk-air-09 added to phong-khe');
    expect(before).toEqual(copy);
  });

  it.each([
    ['an unknown cluster', air('pk-air-09', {}), { cluster: 'no-such' }, ['cluster']],
    ['a station id in use', air('dh-air-01'), {}, ['id']],
    [
      'a TT 10 name in use (cross-check of the file schema, mapped to the body)',
      air('pk-air-09'),
      { tt10: 'BN_DAIBAI_NT01' },
      ['tt10'],
    ],
  ])('refuses %s with a field error at its body path', (_name, input, extra, path) => {
    const before = shipped();
    const error = refusal(() => addStation(before, { ...input, ...extra } as StationInput));
    expect(error.code).toBe('bad_request');
    expect(error.errors?.map((e) => e.path)).toContainEqual(path);
  });

  it('replaces a station, keeps its retirement, and moves it to another cluster when asked', () => {
    const retired = retireStation(shipped(), 'pk-air-01', '2026-12-07T10:00:00.000Z').registry;
    const current = find(retired, 'pk-air-01')!.station;
    const edit = updateStation(retired, 'pk-air-01', {
      ...current,
      name: 'Đổi tên',
      cluster: 'da-hoi',
    } as StationInput);
    expect(find(edit.registry, 'pk-air-01')).toEqual({
      cluster: 'da-hoi',
      station: expect.objectContaining({ name: 'Đổi tên', retired: { at: '2026-12-07T10:00:00.000Z' } }),
    });
    expect(edit.summary).toBe('station pk-air-01 changed: name, cluster (moved phong-khe → da-hoi)');
  });

  it('refuses an update whose body names another station, and a Kq out of QCVN 40 cl. 2.3 at its body path', () => {
    const registry = shipped();
    const ww = find(registry, 'pk-ww-01')!.station;
    expect(refusal(() => updateStation(registry, 'pk-ww-01', { ...ww, id: 'pk-ww-02' })).errors).toEqual([
      { path: ['id'], message: 'must be "pk-ww-01" (the station being changed)' },
    ]);
    const badKq = { ...ww, standard: { ...ww.standard, kq: 5 } } as Station;
    const error = refusal(() => updateStation(registry, 'pk-ww-01', badKq));
    expect(error.errors?.map((e) => e.path)).toEqual([['standard', 'kq']]);
    expect(refusal(() => updateStation(registry, 'nope', ww)).code).toBe('not_found');
  });

  it('retires once: a second retirement is a conflict, an unknown station not found', () => {
    const edit = retireStation(shipped(), 'pk-bin-01', '2026-12-07T10:00:00.000Z', 'tháo dỡ');
    expect(find(edit.registry, 'pk-bin-01')?.station.retired).toEqual({
      at: '2026-12-07T10:00:00.000Z',
      reason: 'tháo dỡ',
    });
    expect(refusal(() => retireStation(edit.registry, 'pk-bin-01', '2026-12-08T00:00:00.000Z')).code).toBe(
      'conflict',
    );
    expect(refusal(() => retireStation(edit.registry, 'nope', '2026-12-08T00:00:00.000Z')).code).toBe(
      'not_found',
    );
  });

  it('adds a cluster without stations and changes its own fields, keeping its stations', () => {
    const registry = shipped();
    const { stations: _s, ...info } = registry.clusters[0]!;
    expect(refusal(() => addCluster(registry, info)).errors?.map((e) => e.path)).toEqual([['id']]);
    const added = addCluster(registry, { ...info, id: 'new-cluster' }).registry;
    expect(added.clusters.at(-1)).toEqual({ ...info, id: 'new-cluster', stations: [] });
    const changed = updateCluster(registry, info.id, { ...info, commune: 'Xã Mới' });
    expect(changed.registry.clusters[0]).toEqual({ ...registry.clusters[0], commune: 'Xã Mới' });
    expect(changed.summary).toBe(`cluster ${info.id} changed: commune`);
    expect(refusal(() => updateCluster(registry, 'nope', info)).code).toBe('not_found');
  });

  it('lists what changed, with values before and after, bounded', () => {
    const before = shipped();
    const ww = find(before, 'pk-ww-01')!.station;
    const permit = {
      number: '12/GP-UBND',
      effectiveFrom: '2026-12-08',
      limits: [{ parameter: 'COD', max: 50 }],
    };
    const after = addStation(
      updateStation(before, 'pk-ww-01', { ...ww, permit } as Station).registry,
      air('pk-air-09'),
    ).registry;
    const changes = registryChanges(before, after);
    expect(changes['station:pk-ww-01.permit']).toEqual({
      before: undefined,
      after: { ...permit, limits: [{ parameter: 'COD', max: 50, averagingPeriod: 'instant' }] },
    });
    expect(changes['station:pk-air-09']).toEqual({
      before: undefined,
      after: expect.objectContaining({ id: 'pk-air-09' }),
    });
    expect(Object.keys(changes)).toHaveLength(2);

    // Every station renamed and moved: two changes each, more than the bound.
    const renamed = {
      ...before,
      clusters: before.clusters.map((c) => ({
        ...c,
        stations: c.stations.map((s) => ({ ...s, name: `${s.name} (mới)`, location: { lat: 21, lon: 106 } })),
      })),
    };
    const many = registryChanges(before, renamed);
    const total = 2 * before.clusters.flatMap((c) => c.stations).length;
    expect(total).toBeGreaterThan(MAX_AUDIT_CHANGES);
    expect(Object.keys(many)).toHaveLength(MAX_AUDIT_CHANGES + 1);
    expect(many['more']?.after).toBe(total - MAX_AUDIT_CHANGES);
  });
});

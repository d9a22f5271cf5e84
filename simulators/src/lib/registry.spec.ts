import { defaultRegistryPath, loadRegistry, repoRoot, SelectionError, selectStations } from './registry';

describe('registry selection', () => {
  const registry = loadRegistry();

  it('finds the repository root and the Bắc Ninh registry', () => {
    expect(defaultRegistryPath()).toBe(`${repoRoot()}/deploy/registry/bac-ninh.json`);
    expect(registry.clusters.map((c) => c.id)).toEqual([
      'phong-khe',
      'da-hoi',
      'van-mon',
      'dong-ky',
      'dai-bai',
      'phu-lang',
    ]);
  });

  it('selects every station by default, in registry order', () => {
    const all = selectStations(registry);
    expect(all).toHaveLength(registry.clusters.reduce((n, c) => n + c.stations.length, 0));
    expect(all[0].station.id).toBe('pk-ww-01');
  });

  it('filters by clusters, stations and kinds', () => {
    expect(selectStations(registry, { clusters: ['dong-ky'] }).map((r) => r.station.id)).toEqual([
      'dk-ww-01',
      'dk-air-01',
      'dk-bin-01',
      'dk-bin-02',
      'dk-bin-03',
    ]);
    expect(
      selectStations(registry, { stations: ['pl-air-01', 'pk-ww-01'] }).map((r) => r.station.id),
    ).toEqual(['pk-ww-01', 'pl-air-01']);
    expect(selectStations(registry, { kinds: ['air'] })[0].station.id).toBe('pk-air-01');
    expect(
      selectStations(registry, { clusters: ['da-hoi'], kinds: ['wastewater'] }).map((r) => r.station.id),
    ).toEqual(['dh-ww-01']);
  });

  it('refuses unknown ids and empty selections', () => {
    expect(() => selectStations(registry, { clusters: ['ha-noi'] })).toThrow(SelectionError);
    expect(() => selectStations(registry, { stations: ['nope'] })).toThrow(/unknown station/);
    expect(() => selectStations(registry, { clusters: ['dong-ky'], stations: ['pk-ww-01'] })).toThrow(
      /matches no station/,
    );
  });
});

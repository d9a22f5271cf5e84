import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegistry, RegistryError, StationIndex } from './registry';

const shipped = JSON.parse(
  readFileSync(join(__dirname, '../../../../deploy/registry/bac-ninh.json'), 'utf8'),
) as { clusters: { stations: { id: string; tt10?: string }[] }[] };

describe('registry: TT 10 file names of stations', () => {
  it('finds the shipped stations by their TT 10 name, in NFC', () => {
    const index = new StationIndex(parseRegistry(shipped));
    expect(index.getByTt10('BN_DAIBAI_NT01')?.station.id).toBe('db-ww-01');
    expect(index.getByTt10('BN_DAHOI_KK02')?.station.id).toBe('dh-air-02');
    expect(index.getByTt10('BN_DAIBAI_NT02')).toBeUndefined();
  });

  it.each(['BN_DAIBAI', 'BN_DAI_BAI_NT01', 'BN_DAI BAI_NT01', 'BN__NT01', 'BN_../x_NT01'])(
    'refuses %j',
    (name) => {
      const doc = structuredClone(shipped);
      doc.clusters[0].stations[0].tt10 = name;
      expect(() => parseRegistry(doc)).toThrow(RegistryError);
    },
  );

  it('refuses one TT 10 name for two stations', () => {
    const doc = structuredClone(shipped);
    doc.clusters[0].stations[0].tt10 = 'BN_ĐẠIBÁI_NT01';
    doc.clusters[0].stations[1].tt10 = 'BN_ĐẠIBÁI_NT01'.normalize('NFD');
    expect(() => parseRegistry(doc)).toThrow(/duplicate TT 10 name/);
  });
});

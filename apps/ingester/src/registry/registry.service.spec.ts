import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { vietnamDate, type Station } from '@langxanh/contracts';
import { ApiError } from '../common/errors';
import { DomainEventBus, type RegistryChangedEvent } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { FileRegistryStore } from './file-registry-store';
import { addStation, retireStation, updateStation } from './registry-edits';
import { RegistryVersionTaken } from './registry-store';
import { RegistryService, SEED_AUTHOR } from './registry.service';

const REGISTRY_FILE = join(__dirname, '../../../../deploy/registry/bac-ninh.json');

function service(
  dir: string,
  bus = new DomainEventBus(),
): { registry: RegistryService; store: FileRegistryStore; bus: DomainEventBus } {
  const config = new ConfigService<Env, true>(validateEnv({ REGISTRY_FILE, AUTH_DATA_DIR: dir }));
  const store = new FileRegistryStore(join(dir, 'registry'));
  return { registry: new RegistryService(config, store, bus), store, bus };
}

const air = (id: string) => ({
  cluster: 'phong-khe',
  id,
  kind: 'air' as const,
  name: 'Trạm thử',
  location: { lat: 21.18, lon: 106.03 },
  expectedIntervalS: 60,
  standard: { qcvn: 'QCVN 05:2023/BTNMT' as const },
});

describe('FileRegistryStore', () => {
  it('appends versions as files, lists them newest first, refuses a taken number and reads them back after a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langxanh-registry-store-'));
    const { registry } = service(dir);
    const store = new FileRegistryStore(join(dir, 'versions'));
    await store.open();
    expect(await store.latest()).toBeUndefined();
    const entry = (version: number) => ({
      version,
      changedAt: new Date(Date.UTC(2026, 11, 7, 10, version)).toISOString(),
      changedBy: 'admin',
      summary: `change ${version}`,
      registry: registry.registry,
    });
    const seen: number[] = [];
    store.onAppended((s) => seen.push(s.version));
    await store.append(entry(1));
    await store.append(entry(2));
    await expect(store.append(entry(2))).rejects.toBeInstanceOf(RegistryVersionTaken);
    expect(seen).toEqual([1, 2]);
    expect(readdirSync(join(dir, 'versions')).sort()).toEqual(['v000001.json', 'v000002.json']);

    const reopened = new FileRegistryStore(join(dir, 'versions'));
    await reopened.open();
    expect((await reopened.list(10)).map((v) => v.version)).toEqual([2, 1]);
    expect((await reopened.list(1)).map((v) => v.summary)).toEqual(['change 2']);
    expect((await reopened.latest())?.registry).toEqual(registry.registry);
    expect(await reopened.get(7)).toBeUndefined();
  });

  it('refuses to open a version file that is not a valid registry version, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langxanh-registry-bad-'));
    writeFileSync(
      join(dir, 'v000001.json'),
      JSON.stringify({ version: 1, changedAt: 'x', changedBy: 'a', summary: '', registry: {} }),
    );
    await expect(new FileRegistryStore(dir).open()).rejects.toThrow(
      /v000001\.json is not a valid registry version/,
    );
  });
});

describe('RegistryService', () => {
  it('stores the file as version 1 of an empty store, then keeps the newest version across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langxanh-registry-svc-'));
    const first = service(dir);
    await first.registry.onModuleInit();
    expect(first.registry.version).toMatchObject({ version: 1, changedBy: SEED_AUTHOR });
    await first.registry.change('admin', (r) => addStation(r, air('pk-air-09')));

    const second = service(dir);
    const events: RegistryChangedEvent[] = [];
    second.bus.on('registry.changed', (e) => events.push(e));
    expect(second.registry.get('pk-air-09')).toBeUndefined(); // the file, until the store is opened
    await second.registry.onModuleInit();
    expect(second.registry.version).toMatchObject({
      version: 2,
      changedBy: 'admin',
      summary: 'station pk-air-09 added to phong-khe',
    });
    expect(second.registry.get('pk-air-09')?.cluster.id).toBe('phong-khe');
    expect(events.map((e) => e.version.version)).toEqual([2]);
  });

  it('puts a change in force at once: the station index, the rules (permit from its effective date) and an event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langxanh-registry-rules-'));
    const { registry, bus } = service(dir);
    await registry.onModuleInit();
    const events: RegistryChangedEvent[] = [];
    bus.on('registry.changed', (e) => events.push(e));
    const now = Date.now();
    const cod = () => registry.rulesFor('pk-ww-01', now).find((r) => r.parameter === 'COD');
    const standardMax = cod()?.max;
    expect(standardMax).toBeDefined();

    const ww = registry.get('pk-ww-01')!.station;
    const withPermit = (effectiveFrom: string): Station =>
      ({
        ...ww,
        permit: { number: '12/GP-UBND', effectiveFrom, limits: [{ parameter: 'COD', max: 40 }] },
      }) as Station;
    await registry.change('dept', (r) =>
      updateStation(r, 'pk-ww-01', withPermit(vietnamDate(now + 86_400_000))),
    );
    expect(cod()?.max).toBe(standardMax); // not yet in force
    expect(registry.rulesFor('pk-ww-01', now + 86_400_000).find((r) => r.parameter === 'COD')?.max).toBe(40);
    await registry.change('dept', (r) => updateStation(r, 'pk-ww-01', withPermit(vietnamDate(now))));
    expect(cod()).toMatchObject({
      max: 40,
      source: expect.objectContaining({ document: 'Giấy phép môi trường 12/GP-UBND' }),
    });

    await registry.change('dept', (r) => retireStation(r, 'pk-ww-01', new Date(now).toISOString()));
    expect(registry.rulesFor('pk-ww-01', now)).toEqual([]);
    expect(registry.stations.active().some((s) => s.station.id === 'pk-ww-01')).toBe(false);
    expect(registry.get('pk-ww-01')?.station.retired?.at).toBe(new Date(now).toISOString());
    expect(events.map((e) => [e.version.version, e.version.changedBy])).toEqual([
      [2, 'dept'],
      [3, 'dept'],
      [4, 'dept'],
    ]);
    expect((await registry.versions(2)).map((v) => v.version)).toEqual([4, 3]);
  });

  it('leaves everything as it was when a change is refused, and runs changes one after another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langxanh-registry-refused-'));
    const { registry } = service(dir);
    await registry.onModuleInit();
    const before = registry.registry;
    await expect(
      registry.change('admin', (r) => addStation(r, { ...air('pk-air-09'), cluster: 'nope' })),
    ).rejects.toBeInstanceOf(ApiError);
    expect(registry.version.version).toBe(1);
    expect(registry.registry).toBe(before);

    const [a, b] = await Promise.all([
      registry.change('admin', (r) => addStation(r, air('pk-air-09'))),
      registry.change('admin', (r) => addStation(r, air('pk-air-10'))),
    ]);
    expect([a.version.version, b.version.version]).toEqual([2, 3]);
    // A TT 10 name given at run time maps the next file (the intake asks the index in force).
    expect(registry.stations.getByTt10('BN_PHONGKHE_KK09')).toBeUndefined();
    await registry.change('admin', (r) => {
      const station = registry.get('pk-air-09')!.station;
      return updateStation(r, 'pk-air-09', { ...station, tt10: 'BN_PHONGKHE_KK09' });
    });
    expect(registry.stations.getByTt10('BN_PHONGKHE_KK09')?.station.id).toBe('pk-air-09');
    expect(['pk-air-09', 'pk-air-10'].map((id) => registry.get(id)?.cluster.id)).toEqual([
      'phong-khe',
      'phong-khe',
    ]);
  });
});

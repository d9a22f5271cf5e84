import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import { eventually, startRedis, type RunningService } from '@langxanh/local-services';
import { ApiError } from '../common/errors';
import { DomainEventBus, type RegistryChangedEvent } from '../common/domain-events';
import { validateEnv, type Env } from '../config/env';
import { FileRegistryStore } from './file-registry-store';
import { RedisRegistryStore } from './redis-registry-store';
import { addStation } from './registry-edits';
import { RegistryService } from './registry.service';

const REGISTRY_FILE = join(__dirname, '../../../../deploy/registry/bac-ninh.json');
const air = (id: string) => ({
  cluster: 'phong-khe',
  id,
  kind: 'air' as const,
  name: 'Trạm thử',
  location: { lat: 21.18, lon: 106.03 },
  expectedIntervalS: 60,
  standard: { qcvn: 'QCVN 05:2023/BTNMT' as const },
});

/** Two (then three) nodes' RegistryServices sharing their versions through a real Redis (Debian's redis-server). */
describe('RedisRegistryStore on a real Redis', () => {
  let redis: RunningService;
  let root: string;
  const services: RegistryService[] = [];

  const node = async (name: string) => {
    const dir = join(root, name);
    const config = new ConfigService<Env, true>(validateEnv({ REGISTRY_FILE, AUTH_DATA_DIR: dir, REDIS_URL: redis.url }));
    const connect = () => new Redis(redis.url, { maxRetriesPerRequest: 1 });
    const store = new RedisRegistryStore(connect(), connect(), new FileRegistryStore(join(dir, 'registry')));
    const bus = new DomainEventBus();
    const changes: RegistryChangedEvent[] = [];
    bus.on('registry.changed', (event) => changes.push(event));
    const registry = new RegistryService(config, store, bus);
    await registry.onModuleInit();
    services.push(registry);
    return { registry, changes, dir };
  };

  beforeAll(async () => {
    redis = await startRedis({ port: 0 });
    root = mkdtempSync(join(tmpdir(), 'lx-registry-redis-'));
  });
  afterAll(async () => {
    for (const service of services) await service.onModuleDestroy();
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a change on one node takes effect on the other; a simultaneous change is refused with 409; a later node starts on the shared version', async () => {
    const a = await node('a');
    const b = await node('b');
    expect(a.registry.version.version).toBe(1);
    expect(b.registry.version.version).toBe(1); // b found a's seed in Redis, not its own file

    await a.registry.change('admin', (r) => addStation(r, air('pk-air-09')));
    await eventually(() => {
      expect(b.registry.version.version).toBe(2);
      expect(b.registry.get('pk-air-09')?.cluster.id).toBe('phong-khe');
    }, { timeoutMs: 5_000 });
    expect(b.changes.map((c) => c.version.version)).toContain(2);
    // b keeps its own copy of every version (what npm run backup takes).
    expect(existsSync(join(b.dir, 'registry', 'v000002.json'))).toBe(true);

    // Both nodes store version 3 at once: one wins, the other answers conflict and follows the winner.
    const results = await Promise.allSettled([
      a.registry.change('admin', (r) => addStation(r, air('pk-air-10'))),
      b.registry.change('admin', (r) => addStation(r, air('pk-air-11'))),
    ]);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(((refused[0] as PromiseRejectedResult).reason as ApiError).code).toBe('conflict');
    await eventually(() => {
      expect(a.registry.version.version).toBe(3);
      expect(b.registry.version.version).toBe(3);
      expect(a.registry.stations.all().map((s) => s.station.id).sort()).toEqual(b.registry.stations.all().map((s) => s.station.id).sort());
    }, { timeoutMs: 5_000 });

    const c = await node('c');
    expect(c.registry.version.version).toBe(3);
    expect(c.registry.get('pk-air-09')).toBeDefined();
    expect((await c.registry.versions(10)).map((v) => v.version)).toEqual([3, 2, 1]);
  });
});

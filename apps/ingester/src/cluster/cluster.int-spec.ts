import { ConfigService } from '@nestjs/config';
import { ownerOf } from '@langxanh/contracts';
import { eventually, startRedis, type RunningService } from '@langxanh/local-services';
import { validateEnv, type Env } from '../config/env';
import { MetricsService } from '../metrics/metrics.service';
import { RegistryService } from '../registry/registry.service';
import { ClusterService } from './cluster.service';

const TTL_MS = 1_500;

/** Two ClusterServices (nodes a and b) on a real Redis (Debian's redis-server on a free loopback port). */
describe('ClusterService on a real Redis', () => {
  let redis: RunningService;
  const nodes: ClusterService[] = [];
  const make = async (node: string) => {
    const config = new ConfigService<Env, true>(
      validateEnv({
        NODE_ID: node,
        REDIS_URL: redis.url,
        CLUSTER_NODE_TTL_MS: String(TTL_MS),
        REGISTRY_FILE: `${__dirname}/../../../../deploy/registry/bac-ninh.json`,
      }),
    );
    const cluster = new ClusterService(config, new RegistryService(config), new MetricsService());
    await cluster.onModuleInit();
    nodes.push(cluster);
    return cluster;
  };

  beforeAll(async () => {
    redis = await startRedis({ port: 0 });
  });
  afterAll(async () => {
    for (const node of nodes) await node.onApplicationShutdown();
    await redis?.stop();
  });

  it('sees its peers, splits the stations, announces each key once, and takes over a dead owner’s after the TTL', async () => {
    const a = await make('a');
    const b = await make('b');
    await eventually(() => {
      expect(a.peers()).toEqual(['a', 'b']);
      expect(b.peers()).toEqual(['a', 'b']);
    }, { timeoutMs: 5_000 });
    const health = [a.health(), b.health()];
    expect((health[0]?.ownedStations ?? 0) + (health[1]?.ownedStations ?? 0)).toBe(health[0]?.stations);

    // The same change computed on both nodes: announced once, by the owner, at once.
    const station = 'vm-air-01';
    const owner = ownerOf(station, ['a', 'b']) === 'a' ? a : b;
    const other = owner === a ? b : a;
    const announced: string[] = [];
    const started = Date.now();
    for (const node of [other, owner]) node.announce('test:k1', station, () => announced.push(`${node.nodeId}@${Date.now() - started}`));
    await eventually(() => expect(announced).toHaveLength(1), { timeoutMs: 2_000 });
    expect(announced[0]).toMatch(new RegExp(`^${owner.nodeId}@`));
    await new Promise((r) => setTimeout(r, TTL_MS + 500));
    expect(announced).toHaveLength(1);

    // The owner is gone (its key deleted at a clean stop): the other announces what it had not, after the TTL.
    await owner.onApplicationShutdown();
    await eventually(() => expect(other.peers()).toEqual([other.nodeId]), { timeoutMs: 5_000 });
    expect(other.owns(station)).toBe(true);
    other.announce('test:k2', station, () => announced.push(`${other.nodeId}:k2`));
    await eventually(() => expect(announced).toContain(`${other.nodeId}:k2`), { timeoutMs: 2_000 });

    // A node restarted with the same id resumes its own claims, not another's.
    expect(await other.claimOrResume('test:n1', station)).toBe(true);
    expect(await other.claimOrResume('test:n1', station)).toBe(true);
    const c = await make(owner.nodeId);
    expect(await c.claimOrResume('test:n1', station)).toBe(false);
    expect(other.claims().won).toBeGreaterThanOrEqual(2);
  });

  it('broadcasts to the other nodes only, and shares values', async () => {
    const x = await make('x');
    const y = await make('y');
    const heard: { node: string; body: unknown }[] = [];
    x.onBroadcast('t', (body) => heard.push({ node: 'x', body }));
    y.onBroadcast('t', (body) => heard.push({ node: 'y', body }));
    await new Promise((r) => setTimeout(r, 300));
    x.broadcast('t', { n: 1 });
    await eventually(() => expect(heard).toEqual([{ node: 'y', body: { n: 1 } }]), { timeoutMs: 3_000 });
    expect(await x.sharedSet('seed', 'first', { ifAbsent: true })).toBe(true);
    expect(await y.sharedSet('seed', 'second', { ifAbsent: true })).toBe(false);
    expect(await y.sharedGet('seed')).toBe('first');
  });
});

import { clusterHash, ownerOf } from './cluster';

describe('ownerOf (rendezvous hashing of stations over nodes)', () => {
  const stations = Array.from({ length: 1000 }, (_, i) => `st-${i}`);

  it('is the same whatever the order of the nodes, and undefined without nodes', () => {
    for (const s of stations.slice(0, 50)) expect(ownerOf(s, ['a', 'b', 'c'])).toBe(ownerOf(s, ['c', 'a', 'b']));
    expect(ownerOf('st-1', [])).toBeUndefined();
  });

  it('spreads stations over the nodes (each of 3 owns 25–42 % of 1000)', () => {
    const counts = new Map<string, number>();
    for (const s of stations) {
      const owner = ownerOf(s, ['a', 'b', 'c']) as string;
      counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    for (const node of ['a', 'b', 'c']) {
      expect(counts.get(node)).toBeGreaterThan(250);
      expect(counts.get(node)).toBeLessThan(420);
    }
  });

  it('moves only the stations of a node that leaves, and moves them back when it returns', () => {
    for (const s of stations) {
      const before = ownerOf(s, ['a', 'b', 'c']);
      const without = ownerOf(s, ['a', 'c']);
      if (before !== 'b') expect(without).toBe(before);
      else expect(['a', 'c']).toContain(without);
    }
  });

  it('hashes to unsigned 32-bit integers that differ for near-identical names', () => {
    expect(clusterHash('a\u0000st-1')).not.toBe(clusterHash('b\u0000st-1'));
    expect(clusterHash('')).toBeGreaterThanOrEqual(0);
    expect(clusterHash('x'.repeat(100))).toBeLessThan(2 ** 32);
  });
});

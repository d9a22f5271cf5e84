/**
 * Ownership of stations among the ingester nodes of one deployment (docs/high-availability.md): every node computes
 * the same owner from the same list of live nodes, with no message exchanged — rendezvous (highest random weight)
 * hashing (Thaler & Ravishankar, "Using name-based mappings to increase hit rates", IEEE/ACM ToN 6(1), 1998). When a
 * node leaves, only its stations move (each to the node with the next-highest weight); when it returns, they move back.
 */

/**
 * 32-bit FNV-1a of a string's UTF-16 code units (Fowler–Noll–Vo, offset basis 2166136261, prime 16777619), then
 * finalised with the murmur3 fmix32 avalanche so that node names differing in one character spread evenly.
 */
export function clusterHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The node that owns `key` (a station id) among `nodes` (node ids, any order): the one with the highest
 * `clusterHash(node + '\u0000' + key)`, ties broken by the smaller node id. `undefined` when `nodes` is empty.
 */
export function ownerOf(key: string, nodes: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const node of nodes) {
    const weight = clusterHash(`${node}\u0000${key}`);
    if (weight > bestWeight || (weight === bestWeight && best !== undefined && node < best)) {
      best = node;
      bestWeight = weight;
    }
  }
  return best;
}

/** `GET /api/health` → `cluster`: which node this is and what it owns (absent on a single node, REDIS_URL unset). */
export interface ClusterHealthDto {
  /** NODE_ID of the node that answered. */
  readonly node: string;
  /** Whether its Redis connection is up (membership, claims and socket.io's adapter need it). */
  readonly redisConnected: boolean;
  /** The live nodes it sees (its own included), sorted; a node whose heartbeat is older than CLUSTER_NODE_TTL_MS is gone. */
  readonly peers: readonly string[];
  /** Registry stations it owns now (it announces their alert changes and notifications), of `stations`. */
  readonly ownedStations: number;
  readonly stations: number;
  /** The `$share/<group>/…` group its storage subscription is in. */
  readonly shareGroup: string;
  /** Announcements (alert changes, notifications) it claimed, and those another node had claimed first. */
  readonly claims: { readonly won: number; readonly lost: number };
}

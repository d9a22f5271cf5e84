import seedrandom from 'seedrandom';

/**
 * Stateless, seeded randomness: every draw is a pure function of its keys (seed, station, purpose, time bucket…),
 * so a value can be recomputed for any instant without replaying the history before it.
 *
 * The run's seed text goes through seedrandom (ARC4) once to become a 53-bit key; each draw then hashes its keys
 * with that key (cyrb53, a fast non-cryptographic string hash) into a uniform number. Building one seedrandom
 * generator per draw would cost ~10× more, and a simulation draws a few dozen numbers per reading.
 */

// Local bindings: global lookups (`imul`) are slow inside Node's `vm` contexts (Jest), and the hash runs per
// character.
const { imul, floor, sqrt, log, cos, exp, max, PI } = Math;

const seedKeys = new Map<string, number>();

/** The numeric key of a seed text (cached). */
export function seedKey(seed: string): number {
  let key = seedKeys.get(seed);
  if (key === undefined) {
    const rng = seedrandom(seed);
    key = floor(rng() * 2 ** 21) * 2 ** 32 + floor(rng() * 2 ** 32);
    if (seedKeys.size > 1000) seedKeys.clear();
    seedKeys.set(seed, key);
  }
  return key;
}

/** cyrb53 (public domain, bryc): 53-bit hash of `text` with a 53-bit `key`. */
function cyrb53(text: string, key: number): number {
  const lo = key % 2 ** 32;
  const hi = floor(key / 2 ** 32);
  let h1 = 0xdeadbeef ^ lo;
  let h2 = 0x41c6ce57 ^ hi;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = imul(h1 ^ ch, 2654435761);
    h2 = imul(h2 ^ ch, 1597334677);
  }
  h1 = imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

type Key = string | number;

/** A uniform draw in [0, 1) for `seed` and `keys`; the same arguments always give the same number. */
export function uniform(seed: string, ...keys: readonly Key[]): number {
  return cyrb53(keys.join('|'), seedKey(seed)) / 2 ** 53;
}

/** A standard normal draw (Box–Muller) for `seed` and `keys`. */
export function normal(seed: string, ...keys: readonly Key[]): number {
  const text = keys.join('|');
  const key = seedKey(seed);
  const u1 = max(cyrb53(text, key) / 2 ** 53, 1e-12);
  const u2 = cyrb53(`${text}|2`, key) / 2 ** 53;
  return sqrt(-2 * log(u1)) * cos(2 * PI * u2);
}

/** A uniform draw in [min, max) for `seed` and `keys`. */
export function between(min: number, max: number, seed: string, ...keys: readonly Key[]): number {
  return min + (max - min) * uniform(seed, ...keys);
}

const smoothstep = (x: number): number => x * x * (3 - 2 * x);

/**
 * Smooth noise ("value noise"): standard normal knots every `periodMs`, eased between them, so consecutive
 * readings drift instead of jumping. Roughly N(0, 0.75²); continuous in `t`.
 */
export function smoothNoise(t: number, periodMs: number, seed: string, ...keys: readonly Key[]): number {
  const x = t / periodMs;
  const k = floor(x);
  const a = normal(seed, ...keys, k);
  const b = normal(seed, ...keys, k + 1);
  return a + (b - a) * smoothstep(x - k);
}

/** Multiplicative factor exp(σ·smooth noise), median 1: a slowly varying "weather" or "process" factor. */
export function driftFactor(
  t: number,
  periodMs: number,
  sigma: number,
  seed: string,
  ...keys: readonly Key[]
): number {
  return exp(sigma * smoothNoise(t, periodMs, seed, ...keys));
}

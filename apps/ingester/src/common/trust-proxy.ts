import { isIP } from 'node:net';

/** Express's names for address ranges in `trust proxy` (proxy-addr): 127.0.0.0/8 + ::1, 169.254.0.0/16 + fe80::/10, private ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One entry: a name, an IP, or an IP with a CIDR prefix (`10.0.0.0/8`, `fd00::/8`). */
function entryProblem(entry: string): string | undefined {
  if (RANGE_NAMES.has(entry)) return undefined;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return `"${entry}" is not an IP address, a CIDR subnet or ${[...RANGE_NAMES].join(' / ')}`;
  if (prefix === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max ? undefined : `"${entry}": prefix must be 0–${max}`;
}

/**
 * Why a `TRUST_PROXY` value is refused, or undefined. Accepted: empty (trust no proxy) or a comma-separated list
 * of the reverse proxies' addresses in Express `trust proxy` form. Refused: `true` (every hop trusted) and hop
 * counts, since then a client that reaches the ingester without the proxy sets its own address with
 * `X-Forwarded-For`.
 */
export function trustProxyProblem(value: string): string | undefined {
  if (value === '' || value === 'false') return undefined;
  if (value === 'true' || /^\d+$/.test(value.trim())) {
    return `"${value}" would let any client forge its address with X-Forwarded-For: list the proxies' addresses or subnets instead (e.g. 127.0.0.1 or 10.0.0.0/8)`;
  }
  const problems = value.split(',').map((e) => entryProblem(e.trim())).filter((p) => p !== undefined);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** Express `trust proxy` from a valid `TRUST_PROXY` ({@link trustProxyProblem}): false, or the list of trusted addresses. */
export function trustProxySetting(value: string): false | string[] {
  if (value === '' || value === 'false') return false;
  return value.split(',').map((e) => e.trim());
}

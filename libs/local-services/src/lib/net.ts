import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import getPort from 'get-port';

/** All services listen on IPv4 loopback only. */
export const LOOPBACK = '127.0.0.1';

/** True when a TCP connection to `host:port` succeeds within `timeoutMs`. */
export function canConnect(port: number, host = LOOPBACK, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * True when nothing listens on `host:port`: a listen attempt succeeds (and is closed at once).
 * Not `get-port` itself: it "locks" every port it returned for 15 s and would report such a port as busy.
 */
export function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port to listen on.
 * - `preferred` 0 or undefined: any free port (from `get-port`);
 * - otherwise `preferred` when free; when busy, a free port if `strict` is false, else an Error.
 */
export async function choosePort(
  preferred: number | undefined,
  strict: boolean,
  host = LOOPBACK,
): Promise<number> {
  if (!preferred) return getPort({ host });
  if (await isPortFree(preferred, host)) return preferred;
  if (strict) throw new Error(`port ${host}:${preferred} is busy (strictPort: no fallback)`);
  return getPort({ host });
}

/** Status code of `GET url` (no body kept), or `undefined` when the request fails or times out. */
export function httpStatus(url: string, timeoutMs = 1_000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

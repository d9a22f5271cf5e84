/**
 * The dashboard server's environment (read by `vite.config.ts` for `vite`, `vite preview` and the build).
 * Checked once at start-up: a bad value stops the server with a message naming the variable.
 *
 * | variable         | default                 | meaning                                                |
 * | ---------------- | ----------------------- | ------------------------------------------------------ |
 * | `INGESTER_URL`   | `http://127.0.0.1:3000` | origin of the ingester: `/api` and `/socket.io` proxy  |
 * | `DASHBOARD_PORT` | `4200`                  | port of `vite` / `vite preview`                        |
 * | `DASHBOARD_HOST` | `127.0.0.1`             | interface to listen on (`0.0.0.0` for all)             |
 * | `DASHBOARD_PROXY_SOURCE` | (any)           | local IP the proxy connects to the ingester from (the one address the ingester's `TRUST_PROXY` lists) |
 */
export interface DashboardEnv {
  readonly ingesterUrl: string;
  readonly port: number;
  readonly host: string;
  /** Local address of the proxy's connections to the ingester; undefined = the system's choice. */
  readonly proxySource?: string;
}

export class DashboardEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DashboardEnvError';
  }
}

export function readDashboardEnv(env: Readonly<Record<string, string | undefined>>): DashboardEnv {
  const problems: string[] = [];

  const ingesterUrl = (env['INGESTER_URL'] || 'http://127.0.0.1:3000').replace(/\/+$/, '');
  try {
    const url = new URL(ingesterUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`INGESTER_URL: must be http(s), got "${ingesterUrl}"`);
  } catch {
    problems.push(`INGESTER_URL: not a URL: "${ingesterUrl}"`);
  }

  const rawPort = env['DASHBOARD_PORT'] || '4200';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65_535) {
    problems.push(`DASHBOARD_PORT: must be an integer 1–65535, got "${rawPort}"`);
  }

  const host = env['DASHBOARD_HOST'] || '127.0.0.1';

  const proxySource = env['DASHBOARD_PROXY_SOURCE'] || undefined;
  if (proxySource !== undefined && !/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+)$/i.test(proxySource)) {
    problems.push(`DASHBOARD_PROXY_SOURCE: must be an IP address, got "${proxySource}"`);
  }

  if (problems.length > 0) throw new DashboardEnvError(`invalid dashboard environment:\n  ${problems.join('\n  ')}`);
  return { ingesterUrl, port, host, ...(proxySource ? { proxySource } : {}) };
}

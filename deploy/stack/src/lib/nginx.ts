import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canConnect } from '@langxanh/local-services';
import { startAppProcess, type AppProcess } from './app-process';

/**
 * Debian's nginx in front of the production ingester, with the SHIPPED site (`deploy/nginx/langxanh.conf`) made to
 * run on free loopback ports: for `nginx -t` (deploy artefacts test) and the production-mode end-to-end test.
 */

/** The shipped site, relative to the repository root. */
export const SHIPPED_NGINX_SITE = 'deploy/nginx/langxanh.conf';

/** Where the copy of the shipped site listens and what it proxies to. */
export interface LocalNginxSite {
  /** Plain HTTP (redirects to HTTPS) on 127.0.0.1. */
  readonly httpPort: number;
  /** HTTPS on 127.0.0.1. */
  readonly httpsPort: number;
  /** The ingester on 127.0.0.1. */
  readonly upstreamPort: number;
  /** PEM certificate (chain) and key files. */
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * The shipped site with only its addresses and certificate paths changed; everything else (TLS settings, headers,
 * socket.io upgrade, timeouts) is tested as shipped. Each replaced line must occur exactly as often as expected.
 * @throws Error naming a line that the shipped file no longer has (the test must then be updated with it).
 */
export function localNginxSite(shipped: string, site: LocalNginxSite): string {
  const replacements: [string, string, number][] = [
    ['    listen 80;\n', `    listen 127.0.0.1:${site.httpPort};\n`, 1],
    ['    listen [::]:80;\n', '', 1],
    ['    listen 443 ssl http2;\n', `    listen 127.0.0.1:${site.httpsPort} ssl http2;\n`, 1],
    ['    listen [::]:443 ssl http2;\n', '', 1],
    ['    server 127.0.0.1:3000;\n', `    server 127.0.0.1:${site.upstreamPort};\n`, 1],
    ['/etc/letsencrypt/live/langxanh.example.vn/fullchain.pem', site.certFile, 1],
    ['/etc/letsencrypt/live/langxanh.example.vn/privkey.pem', site.keyFile, 1],
  ];
  let text = shipped;
  for (const [from, to, count] of replacements) {
    const found = text.split(from).length - 1;
    if (found !== count) throw new Error(`${SHIPPED_NGINX_SITE}: expected ${count}× ${JSON.stringify(from)}, found ${found}`);
    text = text.split(from).join(to);
  }
  return text;
}

/** Debian's nginx binary (`/usr/sbin` is not on every user's PATH). */
export function nginxBinary(): string {
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

/**
 * Writes a main `nginx.conf` in `dir` (pid, logs, temporary files all in `dir`) whose `http` block includes the
 * site, as Debian's `/etc/nginx/nginx.conf` includes `sites-enabled/*`.
 * @returns the path of the main file.
 */
export function writeNginxConfig(dir: string, siteText: string): string {
  mkdirSync(dir, { recursive: true });
  const site = join(dir, 'langxanh.conf');
  writeFileSync(site, siteText);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    [
      // the workers read nothing but the upstream's answers; as root, keep them root so the temp dir stays private
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      `  access_log ${join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, `${t}-temp`)};`),
      `  include ${site};`,
      '}',
      '',
    ].join('\n'),
  );
  return conf;
}

/** `nginx -t` of a main file: `ok` and what nginx printed. */
export function nginxTest(conf: string, dir: string): { ok: boolean; output: string } {
  const run = spawnSync(nginxBinary(), ['-t', '-c', conf, '-p', dir, '-e', join(dir, 'error.log')], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/**
 * Runs nginx in the foreground with the shipped site on `site`'s ports until stopped.
 * @throws Error with the tail of its log when it does not accept HTTPS connections within 20 s.
 */
export async function startNginx(dir: string, root: string, site: LocalNginxSite): Promise<AppProcess> {
  const conf = writeNginxConfig(dir, localNginxSite(readFileSync(join(root, SHIPPED_NGINX_SITE), 'utf8'), site));
  return startAppProcess({
    name: 'nginx',
    command: nginxBinary(),
    args: ['-c', conf, '-p', dir, '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
    logFile: join(dir, 'nginx.log'),
    ready: () => canConnect(site.httpsPort),
    readyTimeoutMs: 20_000,
  });
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import serveStatic from 'serve-static';
import { z } from 'zod';

/**
 * The security headers the dashboard build wrote beside its `index.html` (apps/dashboard/vite.config.ts,
 * `emitSecurityHeaders`: the same `securityHeaders()` as `vite preview`, so the policy has one source). A dot file,
 * never served itself.
 */
export const SECURITY_HEADERS_FILE = '.security-headers.json';

/** Largest accepted headers file, bytes (the real one is ~0.5 KiB). */
const MAX_HEADERS_FILE_BYTES = 16_384;

/** Hashed build output (`assets/<name>-<hash>.js|css`): its name changes with its content. */
const HASHED_ASSETS = /^\/assets\//;

/**
 * `Cache-Control` of a served file, by its URL path: hashed assets a year and `immutable` (a new build has new
 * names), everything else (`index.html`, the favicon) `no-cache`: revalidated by ETag on every load, so a new build
 * is seen at once. Source: RFC 9111 §5.2.2 (no-cache), RFC 8246 (immutable).
 */
export function cacheControl(urlPath: string): string {
  return HASHED_ASSETS.test(urlPath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

const headersSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/), z.string().max(4_096).regex(/^[\x20-\x7e]*$/))
  .refine((h) => 'Content-Security-Policy' in h && 'X-Frame-Options' in h, {
    message: 'must hold Content-Security-Policy and X-Frame-Options',
  });

/**
 * Reads and checks a built dashboard folder.
 * @param dir folder of the `vite build` output (`dist/apps/dashboard`).
 * @returns the headers of its pages ({@link SECURITY_HEADERS_FILE}).
 * @throws Error naming the folder when `index.html` or the headers file is missing, too large or malformed.
 */
export function readDashboardBuild(dir: string): Record<string, string> {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`DASHBOARD_DIR: no index.html in "${dir}" (build it: npx nx run dashboard:build)`);
  }
  const file = join(dir, SECURITY_HEADERS_FILE);
  if (!existsSync(file) || statSync(file).size > MAX_HEADERS_FILE_BYTES) {
    throw new Error(`DASHBOARD_DIR: "${file}" is missing or larger than ${MAX_HEADERS_FILE_BYTES} bytes (rebuild the dashboard)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`DASHBOARD_DIR: "${file}" is not JSON: ${(error as Error).message}`);
  }
  const result = headersSchema.safeParse(parsed);
  if (!result.success) throw new Error(`DASHBOARD_DIR: "${file}": ${result.error.issues.map((i) => i.message).join('; ')}`);
  return result.data;
}

/** Paths the dashboard never answers: the API (Nest's routes and its 404) and socket.io (its own handler). */
const NOT_DASHBOARD = /^\/(api|socket\.io)(\/|$)/;

/** A client-side route of the single-page app (`/stations/x`, `/login`): no file extension in its last segment. */
function isAppRoute(path: string): boolean {
  return !/\.[^/]*$/.test(path);
}

/**
 * Express middleware serving the built dashboard from `dir`: its files (serve-static: ETag, Range, no dot files, no
 * directory listing, `..` refused), `index.html` for every client-side route (single-page-app fallback: GET/HEAD,
 * no file extension), each answer with the build's security `headers` (replacing the API's stricter CSP, which would
 * block the page's own scripts) and {@link cacheControl}. `/api…` and `/socket.io…` pass through untouched, as does
 * a missing file with an extension (Nest answers 404).
 */
export function dashboardFiles(dir: string, headers: Readonly<Record<string, string>>): RequestHandler {
  const setHeaders = (response: ServerResponse, urlPath: string): void => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.setHeader('Cache-Control', cacheControl(urlPath));
  };
  const files = serveStatic(dir, {
    index: ['index.html'],
    redirect: false,
    fallthrough: true,
    cacheControl: false,
    setHeaders: (response, filePath) => setHeaders(response, `/${filePath.slice(dir.length).replace(/^[\\/]+/, '').replace(/\\/g, '/')}`),
  });
  const index = join(dir, 'index.html');
  return (request: Request, response: Response, next: NextFunction) => {
    if (NOT_DASHBOARD.test(request.path)) return next();
    files(request, response, () => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || !isAppRoute(request.path)) return next();
      setHeaders(response, '/index.html');
      response.sendFile(index, { dotfiles: 'deny', cacheControl: false }, (error?: Error) => {
        if (error) next(error);
      });
    });
  };
}

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ApiErrorCode, sendProblem } from './errors';
import { corsOrigins } from './cors';
import { trustProxySetting } from './trust-proxy';

/** Largest accepted JSON request body (logins, user and token changes, comments are far smaller). */
export const MAX_BODY = '16kb';

/** Methods that never change state; every other one must send JSON ({@link jsonOnly}). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Express middleware: a state-changing request (POST, PUT, PATCH, DELETE…) whose `Content-Type` is not
 * `application/json` (or `application/*+json`), or that has a body without a `Content-Type`, is answered 415
 * `unsupported_media_type` (an RFC 9457 problem, common/errors.ts) before any guard runs. An HTML form on another site can only send
 * `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain` (and a cross-origin JSON post needs a
 * CORS preflight the allow-list refuses), so no other site can make a browser sign in, acknowledge or silence
 * (CSRF), nor lock a person out by failing logins in their name. A request without a body and without a
 * `Content-Type` (e.g. an acknowledge with nothing to say) is let through.
 */
export function jsonOnly(request: Request, response: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(request.method)) return next();
  const type = request.headers['content-type'];
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const json = type !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type);
  if (json || (type === undefined && !hasBody)) return next();
  sendProblem(request, response, ApiErrorCode.UnsupportedMediaType, 'send the body as JSON (Content-Type: application/json)');
}

/**
 * helmet for an API that serves only JSON: its defaults (HSTS, nosniff, referrer policy…) with a CSP that allows
 * nothing to load and no one to frame an answer (`default-src 'none'; frame-ancestors 'none'`,
 * `X-Frame-Options: DENY`). The dashboard's pages have their own policy (apps/dashboard/security-headers.ts).
 */
const API_HELMET = helmet({
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
});

/**
 * HTTP hardening shared by `main.ts` and the tests: security headers ({@link API_HELMET}), no `X-Powered-By`, the CORS allow-list from
 * `CORS_ORIGINS` (empty: same origin only), JSON bodies of at most {@link MAX_BODY}, and `trust proxy` so that
 * rate limits and the audit log see the client's address behind a reverse proxy, and JSON-only
 * state-changing requests ({@link jsonOnly}).
 */
export function configureHttp(app: NestExpressApplication, trustProxy: string): void {
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(trustProxy));
  app.use(API_HELMET);
  app.use(jsonOnly);
  app.enableCors({ origin: corsOrigins(), credentials: false, maxAge: 600 });
  app.useBodyParser('json', { limit: MAX_BODY });
}

import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { corsOrigins } from './cors';
import { trustProxySetting } from './trust-proxy';

/** Largest accepted JSON request body (logins, user and token changes, comments are far smaller). */
export const MAX_BODY = '16kb';

/**
 * HTTP hardening shared by `main.ts` and the tests: security headers (helmet's defaults: CSP, HSTS,
 * X-Content-Type-Options, frame-ancestors, referrer policy…), no `X-Powered-By`, the CORS allow-list from
 * `CORS_ORIGINS` (empty: same origin only), JSON bodies of at most {@link MAX_BODY}, and `trust proxy` so that
 * rate limits and the audit log see the client's address behind a reverse proxy.
 */
export function configureHttp(app: NestExpressApplication, trustProxy: string): void {
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(trustProxy));
  app.use(helmet());
  app.enableCors({ origin: corsOrigins(), credentials: false, maxAge: 600 });
  app.useBodyParser('json', { limit: MAX_BODY });
}

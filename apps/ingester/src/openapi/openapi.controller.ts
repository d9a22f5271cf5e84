import { dirname, join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { oas31 } from 'zod-openapi';
import { Access, PUBLIC } from '../auth/access';
import { ApiError, ApiErrorCode } from '../common/errors';
import { RouteInventory } from '../auth/route-inventory';
import { buildOpenApiDocument } from './openapi-document';

/**
 * The Content-Security-Policy of the docs page and its files, instead of the API's `default-src 'none'`
 * (common/http.ts): scripts, styles and fonts from this origin only (Swagger UI's files are served here, no CDN),
 * images from here or `data:` URIs (Swagger UI's icons), fetches to this origin (the document, "Try it out"), no
 * framing, no inline script.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The docs page: Swagger UI (swagger-ui-dist) over `/api/openapi.json`, every file from this server. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>LàngXanh API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script>
</body>
</html>
`;

/** Starts Swagger UI on the document (an external script: the CSP allows no inline one); no online validator. */
const START = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });\n`;

/** The files of swagger-ui-dist the page loads, by the name it asks for (nothing else of the package is served). */
const SWAGGER_FILES: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

/**
 * `GET /api/openapi.json` (the OpenAPI 3.1 document) and `GET /api/docs` (Swagger UI over it): readable without
 * signing in — the document describes the API's shapes and rules, holds no data, and the code is open; what each
 * route lets a caller see is still decided by that route.
 */
@Controller('api')
export class OpenApiController {
  private document?: oas31.OpenAPIObject;
  private readonly swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));

  constructor(private readonly inventory: RouteInventory) {}

  /** `GET /api/openapi.json`: built once, on the first call, from the routes the application serves. */
  @Get('openapi.json')
  @Access(PUBLIC)
  openapi(): oas31.OpenAPIObject {
    this.document ??= buildOpenApiDocument(this.inventory.routes());
    return this.document;
  }

  /** `GET /api/docs`: the Swagger UI page, with its own CSP ({@link DOCS_CSP}). */
  @Get('docs')
  @Access(PUBLIC)
  page(@Res() response: Response): void {
    response.setHeader('Content-Security-Policy', DOCS_CSP);
    response.type('html').send(PAGE);
  }

  /** `GET /api/docs/{file}`: `start.js` or one of {@link SWAGGER_FILES}. @throws 404 for any other name. */
  @Get('docs/:file')
  @Access(PUBLIC)
  file(@Param('file') file: string, @Res() response: Response): void {
    response.setHeader('Content-Security-Policy', DOCS_CSP);
    if (file === 'start.js') {
      response.type('application/javascript; charset=utf-8').send(START);
      return;
    }
    const type = Object.hasOwn(SWAGGER_FILES, file) ? SWAGGER_FILES[file] : undefined;
    if (!type) throw new ApiError(ApiErrorCode.NotFound, `no docs file "${file.slice(0, 64)}"`);
    response.setHeader('Cache-Control', 'public, max-age=86400');
    response.type(type).sendFile(join(this.swaggerDir, file));
  }
}

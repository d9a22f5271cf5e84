import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { cacheControl, dashboardFiles, readDashboardBuild, SECURITY_HEADERS_FILE } from './dashboard-files';

const HEADERS = { 'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };

describe('the built dashboard served by the ingester', () => {
  let dir: string;
  let app: express.Express;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'langxanh-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    writeFileSync(join(dir, SECURITY_HEADERS_FILE), JSON.stringify(HEADERS));
    app = express();
    // the API's own headers come first (common/http.ts), the dashboard's replace them on its answers
    app.use((_q, res, next) => {
      res.setHeader('Content-Security-Policy', "default-src 'none'");
      next();
    });
    app.get('/api/health/live', (_q, res) => res.json({ status: 'ok' }));
    app.use(dashboardFiles(dir, readDashboardBuild(dir)));
    app.use((_q, res) => res.status(404).json({ error: 'not_found' }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html at / and for client-side routes, no-cache, with the build headers', async () => {
    for (const path of ['/', '/login', '/stations/bn-pk-ww-01']) {
      const answer = await request(app).get(path).expect(200);
      expect(answer.text).toContain('id="root"');
      expect(answer.headers['content-security-policy']).toBe(HEADERS['Content-Security-Policy']);
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year, the favicon not', async () => {
    const js = await request(app).get('/assets/index-AbC123.js').expect(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-security-policy']).toBe(HEADERS['Content-Security-Policy']);
    expect((await request(app).get('/favicon.svg').expect(200)).headers['cache-control']).toBe('no-cache');
  });

  it('leaves the API, socket.io, missing files and its own headers file alone', async () => {
    const api = await request(app).get('/api/health/live').expect(200);
    expect(api.headers['content-security-policy']).toBe("default-src 'none'");
    expect((await request(app).get('/api/nothing').expect(404)).body).toEqual({ error: 'not_found' });
    await request(app).get('/socket.io/?EIO=4').expect(404);
    await request(app).get('/assets/missing-123.js').expect(404);
    await request(app).get(`/${SECURITY_HEADERS_FILE}`).expect(404);
    await request(app).get('/../package.json').expect(404);
    await request(app).post('/login').expect(404);
  });

  it('refuses a folder without a complete build, naming what is missing', () => {
    rmSync(join(dir, SECURITY_HEADERS_FILE));
    expect(() => readDashboardBuild(dir)).toThrow(/\.security-headers\.json.*rebuild/);
    writeFileSync(join(dir, SECURITY_HEADERS_FILE), JSON.stringify({ 'X-Frame-Options': 'DENY' }));
    expect(() => readDashboardBuild(dir)).toThrow(/Content-Security-Policy/);
    rmSync(join(dir, 'index.html'));
    expect(() => readDashboardBuild(dir)).toThrow(/no index\.html/);
  });

  it('cacheControl: only /assets/ is immutable', () => {
    expect(cacheControl('/assets/x-1.css')).toContain('immutable');
    expect(cacheControl('/index.html')).toBe('no-cache');
  });
});

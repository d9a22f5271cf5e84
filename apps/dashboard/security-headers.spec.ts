import { describe, expect, it } from 'vitest';
import { securityHeaders, tileOrigin } from './security-headers';

describe('securityHeaders', () => {
  it('refuses framing and allows only the own origin, plus the tile server when one is configured', () => {
    const headers = securityHeaders();
    expect(headers['X-Frame-Options']).toBe('DENY');
    const csp = headers['Content-Security-Policy'];
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(securityHeaders({ tileUrl: 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png' })['Content-Security-Policy']).toContain(
      "img-src 'self' data: blob: https://*.tile.openstreetmap.org;",
    );
  });

  it('keeps the dev server usable: no script rules, framing still refused', () => {
    const csp = securityHeaders({ dev: true })['Content-Security-Policy'];
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('takes the origin of a tile template', () => {
    expect(tileOrigin('http://10.0.0.9:8080/tiles/{z}/{x}/{y}.png')).toBe('http://10.0.0.9:8080');
    expect(tileOrigin('')).toBeUndefined();
    expect(tileOrigin(undefined)).toBeUndefined();
  });
});

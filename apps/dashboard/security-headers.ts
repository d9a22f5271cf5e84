/**
 * HTTP security headers of the dashboard's pages and assets, set by `vite preview` (what `npm start` serves) and,
 * without the script rules, by the `vite` dev server (its React refresh preamble is an inline script).
 *
 * The Content-Security-Policy allows only the dashboard's own origin: its scripts and styles, `/api` and the
 * `/socket.io` WebSocket (same origin through the proxy; CSP Level 3 lets `'self'` match `ws:`/`wss:` of the same
 * host), plus the origin of the optional map tiles (`VITE_MAP_TILE_URL`, a `{s}` sub-domain becoming `*`). Inline
 * `style` attributes are allowed (React and recharts set them); inline scripts, `eval`, plugins and `<base>` are
 * not. `frame-ancestors 'none'` (with `X-Frame-Options: DENY` for older browsers) keeps every other site from
 * framing the sign-in or the acknowledge buttons (clickjacking). Sources: CSP Level 3 (W3C), OWASP Secure Headers.
 */
export function tileOrigin(tileUrl: string | undefined): string | undefined {
  const origin = /^(https?:\/\/[^/?#]+)/i.exec((tileUrl ?? '').trim())?.[1];
  return origin?.replace(/\{s\}/g, '*').replace(/\{[^}]*\}/g, '*');
}

/** The headers; `dev` = the `vite` dev server (no script rules, which its inline preamble and HMR would break). */
export function securityHeaders(options: { tileUrl?: string; dev?: boolean } = {}): Record<string, string> {
  const tiles = tileOrigin(options.tileUrl);
  const csp = options.dev
    ? ["frame-ancestors 'none'", "object-src 'none'"]
    : [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
      ];
  return {
    'Content-Security-Policy': csp.join('; '),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
}

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { loadEnv, type Plugin, type ProxyOptions } from 'vite';
import { defineConfig } from 'vitest/config';
import { readDashboardEnv } from './dashboard-env';
import { securityHeaders } from './security-headers';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The contracts lib also holds the ingester's validation (zod schemas, luxon time parsing), which the dashboard
 * never calls. Declaring those modules free of side effects lets Rollup drop what is not imported (~400 kB).
 */
const SIDE_EFFECT_FREE = /[\\/](libs[\\/](contracts|aqi)[\\/]src|node_modules[\\/](zod|luxon))[\\/]/;
const env = readDashboardEnv(process.env);
/** The optional map tiles' template, as the build sees it (environment or `.env` files): its origin joins the CSP. */
const tileUrl = loadEnv('production', here, 'VITE_')['VITE_MAP_TILE_URL'];

/**
 * The browser only talks to the dashboard's origin; REST and socket.io go through to the ingester, with
 * `X-Forwarded-For` (`xfwd`) so that login limits and the audit log see each client's address, not the proxy's.
 * The ingester believes that header only from the addresses in its `TRUST_PROXY`: with `DASHBOARD_PROXY_SOURCE`
 * the proxy connects from its own address (`npm start`: 127.0.0.2, the one address the ingester trusts), so a
 * local program talking to the ingester directly from 127.0.0.1 cannot forge its address.
 */
const upstream = { target: env.ingesterUrl, changeOrigin: true, xfwd: true, ...(env.proxySource ? { localAddress: env.proxySource } : {}) };
/**
 * The build writes the production headers of its pages (the same {@link securityHeaders}, with the tile origin this
 * build was made for) as `.security-headers.json` beside `index.html`: the ingester's production mode
 * (apps/ingester/src/web) serves `dist/apps/dashboard` with exactly these, never a copy of the policy. A dot file:
 * not served itself.
 */
export const SECURITY_HEADERS_FILE = '.security-headers.json';
function emitSecurityHeaders(): Plugin {
  return {
    name: 'langxanh-security-headers',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SECURITY_HEADERS_FILE, source: `${JSON.stringify(securityHeaders({ tileUrl }), null, 2)}\n` });
    },
  };
}

const proxy: Record<string, ProxyOptions> = {
  '/api': upstream,
  '/socket.io': { ...upstream, ws: true },
};

export default defineConfig({
  root: here,
  cacheDir: resolve(here, '../../node_modules/.vite/apps/dashboard'),
  resolve: {
    alias: {
      '@langxanh/contracts': resolve(here, '../../libs/contracts/src/index.ts'),
      // VN_AQI band labels, colours and health advice (QĐ 1459/QĐ-TCMT Bảng 1, 4, 5); pure, no I/O
      '@langxanh/aqi': resolve(here, '../../libs/aqi/src/index.ts'),
    },
  },
  plugins: [react(), emitSecurityHeaders()],
  // CSP, frame-ancestors and the other security headers on every page and asset (security-headers.ts)
  server: {
    host: env.host,
    port: env.port,
    strictPort: true,
    proxy,
    headers: securityHeaders({ tileUrl, dev: true }),
  },
  preview: {
    host: env.host,
    port: env.port,
    strictPort: true,
    proxy,
    headers: securityHeaders({ tileUrl }),
  },
  build: {
    outDir: resolve(here, '../../dist/apps/dashboard'),
    emptyOutDir: true,
    sourcemap: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      treeshake: { moduleSideEffects: (id) => !SIDE_EFFECT_FREE.test(id) },
      output: {
        manualChunks: (id) => {
          // the overview's map needs d3-geo (and its d3-array) but not recharts
          if (/node_modules[\\/](d3-geo|d3-array|internmap)[\\/]/.test(id)) return 'vendor';
          if (/node_modules[\\/](recharts|d3-|victory-vendor|@reduxjs|redux|immer|reselect|es-toolkit|decimal\.js)/.test(id)) return 'charts';
          if (id.includes('node_modules')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  test: {
    root: here,
    environment: 'jsdom',
    include: ['src/**/*.spec.{ts,tsx}', '*.spec.ts'],
    setupFiles: ['src/test-setup.ts'],
    restoreMocks: true,
  },
});

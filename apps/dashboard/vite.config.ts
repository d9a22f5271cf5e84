import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { ProxyOptions } from 'vite';
import { defineConfig } from 'vitest/config';
import { readDashboardEnv } from './dashboard-env';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The contracts lib also holds the ingester's validation (zod schemas, luxon time parsing), which the dashboard
 * never calls. Declaring those modules free of side effects lets Rollup drop what is not imported (~400 kB).
 */
const SIDE_EFFECT_FREE = /[\\/](libs[\\/](contracts|aqi)[\\/]src|node_modules[\\/](zod|luxon))[\\/]/;
const env = readDashboardEnv(process.env);

/**
 * The browser only talks to the dashboard's origin; REST and socket.io go through to the ingester, with
 * `X-Forwarded-For` (`xfwd`) so that login limits and the audit log see each client's address, not the proxy's
 * (the ingester trusts it from loopback: `TRUST_PROXY`).
 */
const proxy: Record<string, ProxyOptions> = {
  '/api': { target: env.ingesterUrl, changeOrigin: true, xfwd: true },
  '/socket.io': { target: env.ingesterUrl, changeOrigin: true, ws: true, xfwd: true },
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
  plugins: [react()],
  server: { host: env.host, port: env.port, strictPort: true, proxy },
  preview: { host: env.host, port: env.port, strictPort: true, proxy },
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

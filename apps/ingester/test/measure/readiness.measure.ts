// Measurement, not a test (issue 19): time from start-up to readiness (`/api/health/ready` 200) and to the end of the
// averaging windows' warm-up, in-process, with MEASURE_STATIONS (default 10 000) air stations holding
// MEASURE_MINUTES (default 60) minutes of PM2.5 and SO2 in a real influxd 1.6.7. Not matched by any jest config;
// run it with:
//   MEASURE_LABEL=branch nice -n 5 npx jest -c apps/ingester/jest.integration.config.js \
//     --testMatch '**/test/measure/*.measure.ts' --forceExit
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { startInfluxd, startMosquitto, stopAll, eventually } from '@langxanh/local-services';
import { AppModule } from '../../src/app/app.module';
import { AlertsService } from '../../src/alerts/alerts.service';
import { inProcessEnv } from '../support/in-process-env';

const N = Number(process.env.MEASURE_STATIONS ?? 10_000);
const MINUTES = Number(process.env.MEASURE_MINUTES ?? 60);
it('measures time to readiness', async () => {
  const [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
  const DB = 'langxanh_measure';
  const registry = join(mkdtempSync(join(tmpdir(), 'i19r-reg-')), 'registry.json');
  // N air stations (QCVN 05:2023) in clusters of 100, named as the benchmark's (b000-air-000 …).
  const contact = { name: 'Measure', phone: '+84 000 000 000', email: 'measure@example.vn' };
  const clusters = Array.from({ length: Math.ceil(N / 100) }, (_, c) => ({
    id: `bench-${String(c).padStart(3, '0')}`,
    name: `Measure ${c}`,
    craft: { vi: 'Đo', en: 'Measure' },
    commune: 'Phường Đo',
    location: { lat: 21 + (c % 100) / 1000, lon: 106 + Math.floor(c / 100) / 1000 },
    manager: contact,
    stations: Array.from({ length: Math.min(100, N - c * 100) }, (_, i) => ({
      id: `b${String(c).padStart(3, '0')}-air-${String(i).padStart(3, '0')}`,
      kind: 'air',
      name: `Trạm ${c}-${i}`,
      location: { lat: 21.1, lon: 106.1 },
      expectedIntervalS: 60,
      standard: { qcvn: 'QCVN 05:2023/BTNMT' },
    })),
  }));
  writeFileSync(registry, JSON.stringify({ province: 'Measure', clusters }));
  await fetch(`${influx.url}/query?q=${encodeURIComponent(`CREATE DATABASE ${DB}`)}`, { method: 'POST' });
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const t0 = Date.now();
  for (let c = 0; c * 100 < N; c++) {
    const lines: string[] = [];
    for (let s = 0; s < Math.min(100, N - c * 100); s++)
      for (let m = 1; m <= MINUTES; m++)
        lines.push(`air,cluster=bench-${String(c).padStart(3, '0')},station=b${String(c).padStart(3, '0')}-air-${String(s).padStart(3, '0')} PM2.5=${20 + (m % 7)},SO2=${40 + (s % 5)} ${now - m * 60_000}`);
    const r = await fetch(`${influx.url}/write?db=${DB}&precision=ms`, { method: 'POST', body: lines.join('\n') });
    expect(r.status).toBe(204);
  }
  console.log(`seeded ${N} stations × ${MINUTES} min × 2 params in ${Date.now() - t0} ms`);
  Object.assign(process.env, inProcessEnv('measure', broker, influx, { INFLUX_DATABASE: DB, REGISTRY_FILE: registry, LOG_LEVEL: 'warn' }));
  const start = Date.now();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot()] }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: ['error', 'warn', 'log'] });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  await eventually(async () => expect((await fetch(`${url}/api/health/ready`)).status).toBe(200), { timeoutMs: 60_000 });
  const ready = Date.now() - start;
  console.log(`MEASURE ${process.env.MEASURE_LABEL}: readiness ${ready} ms after start-up began (${N} stations)`);
  await (app.get(AlertsService) as unknown as { warming?: Promise<void> }).warming;
  console.log(`MEASURE ${process.env.MEASURE_LABEL}: averages warm ${Date.now() - start} ms after start-up began`);
  await app.close();
  await stopAll();
}, 1_500_000);

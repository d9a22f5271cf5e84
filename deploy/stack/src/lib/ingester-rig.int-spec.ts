import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startInfluxd, startMosquitto, stopAll, type RunningService } from '@langxanh/local-services';
import { BUILT_INGESTER, startIngesterRig, type IngesterRig } from './ingester-rig';

const ROOT = join(__dirname, '../../../..');
const CREDENTIALS = {
  username: 'rig-admin',
  password: 'rig-admin-password',
  jwtSecret: 'rig-secret-'.repeat(4),
};

describe('startIngesterRig (the built ingester against real mosquitto + influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let rig: IngesterRig | undefined;

  beforeAll(async () => {
    expect(existsSync(join(ROOT, BUILT_INGESTER))).toBe(true);
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
  });

  afterAll(async () => {
    await rig?.stop(5_000);
    await stopAll();
  });

  it('starts ready on a free port, signs in, survives SIGKILL and restart, then cleans up its temp state', async () => {
    rig = await startIngesterRig({
      root: ROOT,
      brokerUrl: broker.url,
      influxUrl: influx.url,
      database: 'langxanh_rig',
      clientId: 'ingester-rig-test',
      credentials: CREDENTIALS,
      bcryptCost: 4,
      logLevel: 'info',
      logPerStart: true,
      readiness: 'ready',
    });
    expect(rig.url).toBe(`http://127.0.0.1:${rig.port}`);
    expect((await fetch(`${rig.url}/api/health/ready`)).ok).toBe(true);
    expect(existsSync(join(rig.stateDir, 'spool'))).toBe(true);
    expect(rig.logFile).toBe(join(rig.stateDir, 'ingester-1.log'));
    expect(rig.log().length).toBeGreaterThan(0);

    const token = await rig.token();
    expect(await rig.token()).toBe(token);
    // Anonymous callers get the short liveness body; the administrator gets the counters.
    expect(await (await fetch(`${rig.url}/api/health`)).json()).not.toHaveProperty('counters');
    expect(await (await rig.fetch('/api/health')).json()).toHaveProperty('counters');

    const first = rig.process;
    await rig.kill();
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await rig.restart();
    expect(rig.process.pid).not.toBe(first.pid);
    expect(rig.logFile).toBe(join(rig.stateDir, 'ingester-2.log'));
    // The same key and user store: the session taken before the kill is still good.
    expect(await (await rig.fetch('/api/health')).json()).toHaveProperty('counters');

    const stateDir = rig.stateDir;
    await rig.stop(5_000);
    expect(existsSync(stateDir)).toBe(false);
    rig = undefined;
  });
});

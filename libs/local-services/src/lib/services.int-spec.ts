import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { eventually } from './eventually';
import { startInfluxd } from './influxd';
import { ServiceStartError } from './managed-service';
import { startMosquitto } from './mosquitto';
import { canConnect, isPortFree } from './net';
import { registeredServiceCount, stopAll } from './registry';

const alive = (pid: number | undefined): boolean => {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function influxQuery(url: string, q: string, db?: string): Promise<unknown> {
  const params = new URLSearchParams({ q, ...(db ? { db } : {}) });
  const res = await fetch(`${url}/query`, { method: 'POST', body: params });
  expect(res.status).toBe(200);
  return res.json();
}

afterAll(() => stopAll());

describe('startMosquitto', () => {
  it('listens on a free loopback port and stops cleanly', async () => {
    const broker = await startMosquitto({ port: 0 });
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
    expect(await canConnect(broker.port)).toBe(true);
    expect(alive(broker.pid)).toBe(true);
    const pid = broker.pid;
    await broker.stop();
    expect(alive(pid)).toBe(false);
    expect(await isPortFree(broker.port)).toBe(true);
    expect(existsSync(broker.dataDir)).toBe(false); // temporary folder removed
  });

  it('keeps retained messages across a restart on the same port', async () => {
    const broker = await startMosquitto({ port: 0 });
    const publisher = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    await publisher.publishAsync('langxanh/test/retained', 'kept', { qos: 1, retain: true });
    await publisher.endAsync();
    const { port } = broker;
    const oldPid = broker.pid;
    await broker.restart();
    expect(broker.port).toBe(port);
    expect(broker.pid).not.toBe(oldPid);

    const subscriber = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    const received = new Promise<string>((resolve) =>
      subscriber.on('message', (_t, payload) => resolve(payload.toString())),
    );
    await subscriber.subscribeAsync('langxanh/test/retained', { qos: 1 });
    expect(await received).toBe('kept');
    await subscriber.endAsync();
    await broker.stop();
  });

  it('refuses a busy strict port and falls back when the port is not strict', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const busy = (blocker.address() as { port: number }).port;
    try {
      await expect(startMosquitto({ port: busy })).rejects.toThrow(/busy/);
      const broker = await startMosquitto({ port: busy, strictPort: false });
      expect(broker.port).not.toBe(busy);
      await broker.stop();
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('keeps a data folder passed by the caller', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'langxanh-keep-'));
    try {
      const broker = await startMosquitto({ port: 0, dataDir });
      expect(broker.dataDir).toBe(dataDir);
      await broker.stop();
      expect(existsSync(join(dataDir, 'mosquitto.conf'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reports the tail of the log when the broker cannot start', async () => {
    const error = await startMosquitto({ port: 0, extraConfig: ['no_such_option 1'] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toMatch(
      /exited during start-up[\s\S]*last log lines[\s\S]*no_such_option/i,
    );
  });
});

describe('startInfluxd', () => {
  it('answers /ping with 204, stops cleanly and frees its port', async () => {
    const influx = await startInfluxd({ httpPort: 0 });
    expect(influx.url).toBe(`http://127.0.0.1:${influx.port}`);
    const ping = await fetch(`${influx.url}/ping`);
    expect(ping.status).toBe(204);
    expect(ping.headers.get('x-influxdb-version')).toMatch(/^1\./);
    const pid = influx.pid;
    await influx.stop();
    expect(alive(pid)).toBe(false);
    expect(await isPortFree(influx.port)).toBe(true);
    expect(existsSync(influx.dataDir)).toBe(false);
  });

  it('keeps data across a restart (graceful and after SIGKILL)', async () => {
    const influx = await startInfluxd({ httpPort: 0 });
    await influxQuery(influx.url, 'CREATE DATABASE "restart_test"');
    const write = await fetch(`${influx.url}/write?db=restart_test&precision=ms`, {
      method: 'POST',
      body: 'm,station=a v=1 1700000000000\nm,station=a v=2 1700000001000',
    });
    expect(write.status).toBe(204);

    const count = async () => {
      const body = (await influxQuery(influx.url, 'SELECT count("v") FROM "m"', 'restart_test')) as {
        results: { series?: { values: [unknown, number][] }[] }[];
      };
      return body.results[0].series?.[0].values[0][1];
    };
    await influx.restart();
    expect(await count()).toBe(2);

    const port = influx.port;
    await influx.restart({ signal: 'SIGKILL', downtimeMs: 200 });
    expect(influx.port).toBe(port);
    expect(await count()).toBe(2);
    await influx.stop();
  });

  it('start() brings a killed server back', async () => {
    const influx = await startInfluxd({ httpPort: 0 });
    influx.kill('SIGKILL');
    await influx.exited();
    expect(influx.running).toBe(false);
    await eventually(async () =>
      expect((await fetch(`${influx.url}/ping`).catch(() => undefined))?.status).toBeUndefined(),
    );
    await influx.start();
    expect((await fetch(`${influx.url}/ping`)).status).toBe(204);
    await influx.stop();
  });
});

describe('stopAll', () => {
  it('stops every registered service', async () => {
    const broker = await startMosquitto({ port: 0 });
    const influx = await startInfluxd({ httpPort: 0 });
    expect(registeredServiceCount()).toBe(2);
    await stopAll();
    expect(registeredServiceCount()).toBe(0);
    expect(broker.running).toBe(false);
    expect(influx.running).toBe(false);
    expect(await isPortFree(broker.port)).toBe(true);
    expect(await isPortFree(influx.port)).toBe(true);
  });
});

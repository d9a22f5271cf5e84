import type { ConfigService } from '@nestjs/config';
import { InfluxStorageError, type InfluxStorage } from '@langxanh/storage-influx';
import type { Env } from '../config/env';
import type { SpoolDrainService } from './spool-drain.service';
import type { SpoolWriter } from './spool-writer';
import { StorageStartup } from './storage-startup';

const unreachable = () => new InfluxStorageError('UNREACHABLE', 'did not answer /ping', { retriable: true });

/** A StorageStartup over fakes: `answers` are the outcomes of successive `connect()` calls (then success). */
function setup(answers: Error[] = []) {
  const queue = [...answers];
  const influx = {
    connect: jest.fn(async () => {
      const next = queue.shift();
      if (next) throw next;
      return { api: 'v1' as const, version: '1.6.7' };
    }),
  };
  const spool = { open: jest.fn(() => ({ spool: true })) };
  const drain = { start: jest.fn() };
  const env: Partial<Env> = { INFLUX_RETRY_MIN_MS: 100, INFLUX_RETRY_MAX_MS: 400 };
  const config = { get: (key: keyof Env) => env[key] } as unknown as ConfigService<Env, true>;
  const startup = new StorageStartup(
    config,
    influx as unknown as InfluxStorage,
    spool as unknown as SpoolWriter,
    drain as unknown as SpoolDrainService,
  );
  return { startup, influx, spool, drain };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('StorageStartup', () => {
  it('with InfluxDB up: opens the spool, connects, starts the drain, and runs start-up reads at once', async () => {
    const { startup, spool, drain } = setup();
    await startup.start();
    expect(spool.open).toHaveBeenCalledTimes(1);
    expect(drain.start).toHaveBeenCalledWith({ spool: true });
    expect(startup.connected).toBe(true);
    const read = jest.fn(async () => undefined);
    await expect(startup.restore('alerts', read)).resolves.toBe(true);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('with InfluxDB away: starts anyway, retries with back-off, then starts the drain and runs the reads in order', async () => {
    const { startup, influx, drain } = setup([unreachable(), unreachable(), unreachable()]);
    await startup.start();
    expect(startup.connected).toBe(false);
    expect(startup.connectError).toMatch(/did not answer/);
    expect(drain.start).not.toHaveBeenCalled();
    const order: string[] = [];
    await expect(startup.restore('alerts', async () => void order.push('alerts'))).resolves.toBe(false);
    await expect(
      startup.restore('silences', async () => {
        order.push('silences');
        throw new Error('query failed');
      }),
    ).resolves.toBe(false);
    await startup.restore('readings', async () => void order.push('readings'));
    // Retries after 100, then 200 ms (doubling): the third attempt (at 300 ms) still fails, the fourth (700 ms) works.
    await jest.advanceTimersByTimeAsync(299);
    expect(influx.connect).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(influx.connect).toHaveBeenCalledTimes(3);
    expect(order).toEqual([]);
    await jest.advanceTimersByTimeAsync(400);
    expect(influx.connect).toHaveBeenCalledTimes(4);
    expect(startup.connected).toBe(true);
    expect(startup.connectError).toBeUndefined();
    expect(drain.start).toHaveBeenCalledTimes(1);
    // A failing read is logged and does not stop the next one.
    expect(order).toEqual(['alerts', 'silences', 'readings']);
    // Later reads run at once.
    await expect(startup.restore('late', async () => undefined)).resolves.toBe(true);
  });

  it('stops retrying at shutdown and drops the reads that did not run', async () => {
    const { startup, influx } = setup([unreachable(), unreachable()]);
    await startup.start();
    const read = jest.fn(async () => undefined);
    await startup.restore('alerts', read);
    await startup.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(influx.connect).toHaveBeenCalledTimes(1);
    expect(read).not.toHaveBeenCalled();
  });

  it('a refusal retrying cannot mend (bad credentials) still stops start-up', async () => {
    const { startup, drain } = setup([new InfluxStorageError('HTTP', 'HTTP 401: authorization failed', { statusCode: 401 })]);
    await expect(startup.start()).rejects.toThrow(/401/);
    expect(drain.start).not.toHaveBeenCalled();
  });
});

// Integration: the floor pipe between a real mosquitto and a real influxd (spawned on free loopback ports).
import mqtt from 'mqtt';
import { eventually, startInfluxd, startMosquitto, type RunningService } from '@langxanh/local-services';
import { startFloorPipe, type FloorPipe } from './floor-pipe';

const DB = 'langxanh_floor_test';
const STATIONS = [
  { cluster: 'van-mon', station: 'vm-air-01' },
  { cluster: 'phong-khe', station: 'pk-air-01' },
] as const;
const READINGS = 1_000;

/** InfluxQL on `POST /query` of the test's influxd; returns the first series' first row as column → value. */
async function queryRow(influxUrl: string, q: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${influxUrl}/query?db=${DB}&epoch=ms`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ q }).toString(),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    results: { series?: { columns: string[]; values: unknown[][] }[]; error?: string }[];
  };
  const series = body.results[0]?.series?.[0];
  if (!series) return {};
  return Object.fromEntries(series.columns.map((column, i) => [column, series.values[0][i]]));
}

describe('floor pipe (real mosquitto + influxd)', () => {
  let broker: RunningService;
  let influx: RunningService;
  let pipe: FloorPipe | undefined;

  beforeAll(async () => {
    [broker, influx] = await Promise.all([startMosquitto({ port: 0 }), startInfluxd({ httpPort: 0 })]);
  });

  afterAll(async () => {
    await pipe?.stop();
    await Promise.all([broker?.stop(), influx?.stop()]);
  });

  it('writes every reading published at QoS 1 as one point', async () => {
    pipe = await startFloorPipe({
      brokerUrl: broker.url,
      influxUrl: influx.url,
      database: DB,
      clientId: 'floor-int-spec',
      qos: 1,
    });

    const publisher = await mqtt.connectAsync(broker.url, { clientId: 'floor-int-spec-publisher' });
    const start = Date.UTC(2026, 0, 1); // unique times: one reading per station and second
    const sends: Promise<unknown>[] = [];
    for (let n = 0; n < READINGS; n++) {
      const { cluster, station } = STATIONS[n % STATIONS.length];
      const payload = JSON.stringify({ ts: start + n * 1_000, values: { 'PM2.5': n / 10, PM10: n } });
      sends.push(
        publisher.publishAsync(`langxanh/v1/${cluster}/air/${station}/reading`, payload, { qos: 1 }),
      );
    }
    await Promise.all(sends); // every PUBACK from the broker
    await publisher.endAsync();

    // stop() disconnects from the broker at once: first wait until every message reached the pipe.
    const running = pipe;
    await eventually(() => expect(running.stats().received).toBe(READINGS), { timeoutMs: 30_000 });
    const stats = await pipe.stop();
    expect(stats).toEqual({
      received: READINGS,
      skipped: 0,
      written: READINGS,
      writeErrors: 0,
      dropped: 0,
      pending: 0,
    });

    const row = await queryRow(influx.url, 'SELECT count(*) FROM air');
    expect(row['count_PM10']).toBe(READINGS);
    expect(row['count_PM2.5']).toBe(READINGS);
    const perStation = await queryRow(
      influx.url,
      `SELECT count("PM10") FROM air WHERE station = 'pk-air-01'`,
    );
    expect(perStation['count']).toBe(READINGS / 2);
  });
});

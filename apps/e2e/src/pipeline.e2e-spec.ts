import mqtt, { type MqttClient } from 'mqtt';
import {
  readingTopic,
  type AlertEventDto,
  type ReadingEventDto,
  type ReadingsDto,
} from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { startStack, type Stack } from '@langxanh/stack';
import { getJson, influxCount, liveClient, login, ROOT, tempDataDir } from './support';

/**
 * The built ingester as its own process: a reading published to Mosquitto reaches InfluxDB, the readings API and a
 * socket.io client connected through the dashboard's origin; readings over the limit raise one alert, back under
 * resolve it.
 */
describe('pipeline, process level', () => {
  let stack: Stack;
  let publisher: MqttClient;
  const readings: ReadingEventDto[] = [];
  const alerts: AlertEventDto[] = [];
  let socket: ReturnType<typeof liveClient>;
  let token: string;

  beforeAll(async () => {
    stack = await startStack({
      root: ROOT,
      dataDir: tempDataDir('pipeline'),
      ports: { mqtt: 0, influx: 0, ingester: 0, dashboard: 0 },
      ingesterEnv: { LIVE_THROTTLE_MS: '0' },
    });
    publisher = await mqtt.connectAsync(stack.broker.url, { clientId: `e2e-${process.pid}` });
    // Wastewater readings and alerts are not public: sign in as the development administrator.
    token = (await login(stack.dashboardUrl, stack.credentials)).token;
    socket = liveClient(stack.dashboardUrl, token);
    socket.on('reading', (e) => readings.push(e));
    socket.on('alert', (e) => alerts.push(e));
    await eventually(() => expect(socket.connected).toBe(true), { timeoutMs: 20_000 });
  });

  afterAll(async () => {
    socket?.close();
    await publisher?.endAsync();
    await stack?.stop();
  });

  it('carries a reading to InfluxDB, the API and socket.io; one alert per episode', async () => {
    const topic = readingTopic('dong-ky', 'wastewater', 'dk-ww-01');
    const t0 = Date.now() - 60_000;
    // QCVN 40:2011 column B TSS 100 mg/L × Kq 0.9 × Kf 1.1 = 99 mg/L for dk-ww-01; LàngXanh's policy raises on the
    // 2nd consecutive reading over it (120) and warns from 90 % (89.1).
    const tss = [60, 110, 120, 130, 98, 97, 80];
    for (const [i, value] of tss.entries()) {
      await publisher.publishAsync(
        topic,
        JSON.stringify({ ts: t0 + i * 5_000, values: { TSS: value, pH: 7 } }),
        { qos: 1 },
      );
    }
    await eventually(async () =>
      expect(await influxCount(stack.influx.url, 'langxanh', 'wastewater', 'TSS', 'dk-ww-01')).toBe(
        tss.length,
      ),
    );
    await eventually(() => expect(readings.filter((r) => r.station === 'dk-ww-01')).toHaveLength(tss.length));

    const from = new Date(t0 - 60_000).toISOString();
    const to = new Date(t0 + 60_000).toISOString();
    const api = await getJson<ReadingsDto>(
      `${stack.dashboardUrl}/api/stations/dk-ww-01/readings?parameter=TSS&from=${from}&to=${to}&every=5`,
      token,
    );
    expect(api.points.filter((p) => p.count > 0).map((p) => p.mean)).toEqual(tss);

    const changes = await eventually(() => {
      const mine = alerts.filter((a) => a.alert.station === 'dk-ww-01');
      // 98 and 97 are under 99 but still over the warning level: the alert clears under 89.1 × 0.95 = 84.6, at 80.
      expect(mine.map((a) => a.change)).toEqual(['raised', 'updated', 'resolved']);
      return mine;
    });
    expect(changes[0].alert).toMatchObject({ parameter: 'TSS', max: 99, triggerValue: 120 });
    expect(changes[2].alert).toMatchObject({ lastValue: 80, peakValue: 130 });
  });
});

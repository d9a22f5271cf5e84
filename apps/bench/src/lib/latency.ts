import { performance } from 'node:perf_hooks';
import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import {
  SOCKET_PATH,
  readingTopic,
  type AlertEventDto,
  type ClientToServerEvents,
  type ReadingEventDto,
  type ServerToClientEvents,
} from '@langxanh/contracts';
import { PROBE_AIR_STATIONS, PROBE_BINS, PROBE_CLUSTER, probeAirStation, probeBin } from './registry';
import { percentiles, type Percentiles } from './stats';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket.io client of the live gateway (websocket transport, as the dashboard), connected. */
export async function connectLive(url: string, token?: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    ...(token ? { auth: { token } } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return socket;
}

async function probeClient(brokerUrl: string, id: string): Promise<MqttClient> {
  return mqtt.connectAsync(brokerUrl, {
    clientId: `bench-probe-${id}-${process.pid}`,
    clean: true,
    reconnectPeriod: 0,
  });
}

/** Values of a probe air reading: 8 parameters, well under every limit (no alert). */
const probeAirValues = (i: number) =>
  `{"PM2.5":${10 + (i % 7)},"PM10":${20 + (i % 9)},"TSP":40,"SO2":10,"NO2":12,"CO":800,"O3":30,"Temp":27}`;

/**
 * Publish → socket.io latency of readings, ms: probe readings (QoS 1, current time) go to the probe air stations in
 * rotation every `intervalMs`, so each station gets at most one per 1.25 s, which the live push's per-station
 * throttle (LIVE_THROTTLE_MS 1 s) forwards at once; a socket.io client (anonymous, public air room, as the
 * dashboard) timestamps their `reading` events. Runs for `durationS` while the caller's background load runs.
 * @throws Error when no probe came back.
 */
export async function readingLatency(options: {
  brokerUrl: string;
  ingesterUrl: string;
  durationS: number;
  intervalMs?: number;
}): Promise<Percentiles & { sent: number; lost: number }> {
  const intervalMs = options.intervalMs ?? 50;
  const socket = await connectLive(options.ingesterUrl);
  const client = await probeClient(options.brokerUrl, 'reading');
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  socket.on('reading', (event: ReadingEventDto) => {
    const key = `${event.station}@${Date.parse(event.time)}`;
    const at = sentAt.get(key);
    if (at !== undefined) {
      latencies.push(performance.now() - at);
      sentAt.delete(key);
    }
  });
  let sent = 0;
  const started = performance.now();
  let lastTime = 0;
  try {
    while (performance.now() - started < options.durationS * 1000) {
      const station = probeAirStation(sent % PROBE_AIR_STATIONS);
      const time = Math.max(Date.now(), lastTime + 1);
      lastTime = time;
      sentAt.set(`${station}@${time}`, performance.now());
      void client.publishAsync(
        readingTopic(PROBE_CLUSTER, 'air', station),
        `{"ts":${time},"values":${probeAirValues(sent)}}`,
        { qos: 1 },
      );
      sent++;
      await sleep(intervalMs);
    }
    await sleep(2_000);
  } finally {
    socket.close();
    await client.endAsync();
  }
  if (latencies.length === 0) throw new Error(`no probe reading came back over socket.io (${sent} sent)`);
  return { ...percentiles(latencies), sent, lost: sentAt.size };
}

/**
 * Publish → socket.io `alert` latency, ms: a bin reading at 75 °C (over the fire threshold of 60 °C, raised on one
 * reading: libs/standards waste-point.ts) goes to a probe bin and the time until its `raised` alert event reaches a
 * signed-in socket.io client is taken; a 25 °C reading then resolves it. `cycles` samples over the probe bins in turn.
 * @throws Error when an alert does not come within 5 s.
 */
export async function alertLatency(options: {
  brokerUrl: string;
  ingesterUrl: string;
  token: string;
  cycles: number;
}): Promise<Percentiles> {
  const socket = await connectLive(options.ingesterUrl, options.token);
  const client = await probeClient(options.brokerUrl, 'alert');
  const waiting = new Map<string, { change: AlertEventDto['change']; resolve: (at: number) => void }>();
  socket.on('alert', (event: AlertEventDto) => {
    const waiter = waiting.get(event.alert.station);
    if (waiter && event.change === waiter.change && event.alert.ruleId.includes('fire')) {
      waiting.delete(event.alert.station);
      waiter.resolve(performance.now());
    }
  });
  const expect = (station: string, change: AlertEventDto['change']) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${change} fire alert of ${station} within 5 s`)),
        5_000,
      );
      waiting.set(station, {
        change,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
    });
  const latencies: number[] = [];
  let time = Date.now();
  try {
    for (let i = 0; i < options.cycles; i++) {
      const station = probeBin(i % PROBE_BINS);
      const topic = readingTopic(PROBE_CLUSTER, 'waste', station);
      time = Math.max(Date.now(), time + 1);
      const raised = expect(station, 'raised');
      const sent = performance.now();
      await client.publishAsync(topic, `{"ts":${time},"values":{"fill":30,"temp":75,"battery":90}}`, {
        qos: 1,
      });
      latencies.push((await raised) - sent);
      time = Math.max(Date.now(), time + 1);
      const resolved = expect(station, 'resolved');
      await client.publishAsync(topic, `{"ts":${time},"values":{"fill":30,"temp":25,"battery":90}}`, {
        qos: 1,
      });
      await resolved;
    }
  } finally {
    socket.close();
    await client.endAsync();
  }
  return percentiles(latencies);
}

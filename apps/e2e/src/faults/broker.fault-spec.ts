import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic, type AlertDto, type HealthDto, type StationDto } from '@langxanh/contracts';
import { eventually, startMosquitto } from '@langxanh/local-services';
import { ingesterEnv, pickPort, startAppProcess, BUILT_INGESTER, type AppProcess } from '@langxanh/stack';
import { ROOT } from '../support';
import { DB, report, sleep, startRig, type FaultRig } from './harness';

/**
 * The broker side of issue 15 (items 3, 9, 10 and 19), against real mosquitto, influxd and the built ingester:
 * a second instance with the same client id, a cut broker link, stations sending days-old times, and messages the
 * broker drops for a lagging ingester. Each test fails on the code before the fix (the session's note says how).
 */

/** An air station's expected interval is 60 s (deploy/registry/bac-ninh.json); × 0.1 = a 6 s offline window. */
const SHORT_WINDOW = { OFFLINE_AFTER_INTERVALS: '0.1', OFFLINE_GRACE_S: '3600', ALERT_CHECK_INTERVAL_MS: '500' };
const STATION = { cluster: 'van-mon', station: 'vm-air-01' } as const;
const OTHER = { cluster: 'phong-khe', station: 'pk-air-01' } as const;

/** Publishes one reading per second per station (times from `clock`, default now) until stopped. */
class Ticker {
  private timer?: NodeJS.Timeout;
  private constructor(private readonly client: MqttClient) {}

  static async start(
    brokerUrl: string,
    id: string,
    stations: readonly { cluster: string; station: string; clock?: () => number }[],
  ): Promise<Ticker> {
    const client = await mqtt.connectAsync(brokerUrl, { clientId: `ticker-${id}`, clean: false, reconnectPeriod: 250 });
    const ticker = new Ticker(client);
    const tick = () => {
      for (const { cluster, station, clock } of stations) {
        const payload = JSON.stringify({ ts: (clock ?? Date.now)(), values: { 'PM2.5': 12, PM10: 20 } });
        void client.publishAsync(readingTopic(cluster, 'air', station), payload, { qos: 1 }).catch(() => undefined);
      }
    };
    tick();
    ticker.timer = setInterval(tick, 1_000);
    return ticker;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.client.endAsync(true);
  }
}

/** A TCP proxy between the ingester and the broker: {@link cut} severs the link (and refuses new connections). */
class LinkProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private constructor(
    readonly port: number,
    private readonly upstreamPort: number,
  ) {}

  static async start(upstreamUrl: string): Promise<LinkProxy> {
    const proxy = new LinkProxy(await pickPort(undefined, 0), Number(new URL(upstreamUrl).port));
    await proxy.restore();
    return proxy;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async restore(): Promise<void> {
    const server = createServer((downstream) => {
      const upstream = new Socket();
      for (const socket of [downstream, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      upstream.connect(this.upstreamPort, '127.0.0.1');
      downstream.pipe(upstream).pipe(downstream);
      downstream.on('close', () => upstream.destroy());
      upstream.on('close', () => downstream.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

const alerts = async (rig: FaultRig): Promise<AlertDto[]> => {
  const response = await fetch(`${rig.ingesterUrl}/api/alerts?state=all&limit=1000`, { headers: await rig.authHeaders() });
  return (await response.json()) as AlertDto[];
};

const stationState = async (rig: FaultRig, id: string): Promise<StationDto['state']> => {
  const response = await fetch(`${rig.ingesterUrl}/api/stations/${id}`, { headers: await rig.authHeaders() });
  return ((await response.json()) as StationDto).state;
};

const metric = async (rig: FaultRig, name: string): Promise<number | undefined> => {
  const text = await (await fetch(`${rig.ingesterUrl}/api/metrics`, { headers: await rig.authHeaders() })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
};

describe('the broker side (real mosquitto + influxd + ingester process)', () => {
  let rig: FaultRig | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await rig?.stop();
    rig = undefined;
  });

  it('item 3: a second ingester with the same MQTT client id refuses to run (exit 78, error naming the id); the first keeps its session, no flapping', async () => {
    rig = await startRig('takeover');
    const first = rig;
    await eventually(async () => expect((await first.health()).broker.connected).toBe(true), { timeoutMs: 15_000 });
    // The first instance has held its session longer than the take-over window (10 s) before the second comes.
    await sleep(11_000);
    const reconnectsBefore = (await metric(first, 'langxanh_broker_reconnects_total')) ?? 0;
    const stateDir = mkdtempSync(join(tmpdir(), 'langxanh-fault-takeover-second-'));
    cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
    const env = ingesterEnv({
      brokerUrl: first.broker.url,
      influxUrl: first.influx.url,
      database: DB,
      clientId: 'ingester-fault-takeover',
      port: await pickPort(undefined, 0),
      registryFile: join(ROOT, 'deploy/registry/bac-ninh.json'),
      stateDir,
      credentials: { username: 'second', password: 'second-password-second', jwtSecret: 'second-secret-second-secret-second-secret' },
      bcryptCost: 4,
      logLevel: 'info',
    });
    const started = Date.now();
    const second: AppProcess = await startAppProcess({
      name: 'second-ingester',
      command: process.execPath,
      args: [join(ROOT, BUILT_INGESTER)],
      cwd: ROOT,
      env,
      logFile: join(stateDir, 'second.log'),
    });
    cleanups.push(() => second.stop(2_000));
    // Bounded (2 min), and over as soon as the outcome is clear: the second exits, or the first is seen flapping.
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let exitedAfterMs: number | undefined;
    void second.exited.then((e) => {
      exit = e;
      exitedAfterMs = Date.now() - started;
    });
    let firstReconnects = 0;
    while (exit === undefined && Date.now() - started < 120_000) {
      await sleep(1_000);
      firstReconnects = ((await metric(first, 'langxanh_broker_reconnects_total')) ?? 0) - reconnectsBefore;
      if (firstReconnects > 20) break;
    }
    const secondLog = readFileSync(join(stateDir, 'second.log'), 'utf8');
    // After the second is gone, the first holds one connection: it does not reconnect for 15 s.
    const settledSince = (await first.health()).broker.since;
    await sleep(15_000);
    const after = await first.health();
    // The log is JSON lines (pino): the refusal's message.
    const refusal =
      secondLog
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => String((JSON.parse(l) as { msg?: unknown }).msg ?? ''))
        .find((m) => m.includes('take-over')) ?? '';
    report('two ingesters, one client id', {
      secondExit: exit,
      secondExitedAfterMs: exitedAfterMs,
      firstReconnectsWhileBothRan: firstReconnects,
      firstConnectedAfter: after.broker.connected,
      firstTakeoversSeen: after.broker.takeovers,
      refusal: refusal.slice(0, 300),
    });
    expect(exit).toEqual({ code: 78, signal: null });
    expect(refusal).toContain('"ingester-fault-takeover"');
    expect(refusal).toContain('refuses to run');
    expect(firstReconnects).toBeLessThanOrEqual(10);
    expect(after.broker.connected).toBe(true);
    expect(after.broker.since).toBe(settledSince);
  });

  it('item 9: the broker link cut for longer than the offline window gives one link-down alert, no station offline alert, resolved when back', async () => {
    // The ingester reaches the broker through a proxy that the test cuts; the stations keep publishing to the broker.
    const broker = await startMosquitto({ port: 0 });
    cleanups.push(() => broker.stop());
    const proxy = await LinkProxy.start(broker.url);
    cleanups.push(() => proxy.cut());
    rig = await startRig('link-cut', {
      ingesterEnv: { ...SHORT_WINDOW, MQTT_URL: proxy.url, INGEST_LINK_ALERT_AFTER_S: '3', MQTT_KEEPALIVE_S: '5' },
    });
    const ticker = await Ticker.start(broker.url, 'link-cut', [STATION, OTHER]);
    cleanups.push(() => ticker.stop());
    const live = rig;
    await eventually(async () => expect(await stationState(live, STATION.station)).toBe('normal'), { timeoutMs: 20_000 });
    const cutAt = Date.now();
    await proxy.cut();
    await eventually(async () => expect((await live.health()).broker.connected).toBe(false), { timeoutMs: 10_000, intervalMs: 250 });
    // Four offline windows (6 s each) without the link.
    await sleep(24_000);
    const during = await alerts(live);
    const stateDuring = await stationState(live, STATION.station);
    await proxy.restore();
    const restoredAt = Date.now();
    // Asserted below, after the figures are printed.
    await eventually(
      async () => {
        const link = (await alerts(live)).filter((a) => a.ruleId === 'ingester/link-down');
        expect(link.map((a) => a.state)).toEqual(['resolved']);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    ).catch(() => undefined);
    await sleep(3_000);
    const all = await alerts(live);
    const link = all.filter((a) => a.ruleId === 'ingester/link-down');
    const offline = all.filter((a) => a.type === 'offline' && Date.parse(a.raisedAt) >= cutAt - 1_000);
    report('broker link cut', {
      cutS: Math.round((restoredAt - cutAt) / 1000),
      offlineWindowS: 6,
      linkDownAlerts: link.map((a) => ({ state: a.state, raisedAt: a.raisedAt, resolvedAt: a.resolvedAt, peak: a.peakValue })),
      stationOfflineAlerts: offline.map((a) => a.station),
      stationStateDuringCut: stateDuring,
      openDuringCut: during.filter((a) => a.state !== 'resolved').map((a) => a.ruleId),
    });
    expect(link).toHaveLength(1);
    expect(Date.parse(link[0]!.raisedAt)).toBeLessThan(restoredAt);
    expect(Date.parse(link[0]!.resolvedAt!)).toBeGreaterThanOrEqual(restoredAt - 1_000);
    expect(offline).toEqual([]);
    expect(stateDuring).not.toBe('offline');
    expect(await stationState(live, STATION.station)).toBe('normal');
  });

  it('item 10: a station whose readings carry days-old times becomes offline (and gets its offline alert); a current one stays normal', async () => {
    rig = await startRig('stale-times', { ingesterEnv: SHORT_WINDOW });
    const threeDays = 3 * 86_400_000;
    const ticker = await Ticker.start(rig.broker.url, 'stale', [
      { ...STATION, clock: () => Date.now() - threeDays },
      OTHER,
    ]);
    cleanups.push(() => ticker.stop());
    const live = rig;
    // Readings keep arriving for both; the stale one's newest measurement is 3 days old.
    await eventually(async () => expect((await live.health()).counters.readingsAccepted).toBeGreaterThan(6), { timeoutMs: 20_000 });
    const flagged = await eventually(
      async () => {
        expect(await stationState(live, STATION.station)).toBe('offline');
        const offline = (await alerts(live)).filter((a) => a.type === 'offline' && a.station === STATION.station);
        expect(offline.map((a) => a.state)).toEqual(['active']);
        return offline[0]!;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const other = await stationState(live, OTHER.station);
    report('days-old times', { staleStation: STATION.station, alert: { raisedAt: flagged.raisedAt, minutes: flagged.triggerValue }, currentStation: other });
    expect(flagged.triggerValue).toBeGreaterThan(3 * 24 * 60 - 5);
    expect(other).toBe('normal');
  });

  it('item 19: a stock-limited Mosquitto (max_queued_messages 100, 20 in flight) drops messages for a paused ingester: health, metrics and an alert show it', async () => {
    rig = await startRig('broker-drops', {
      mosquitto: { maxQueuedMessages: 100, maxInflightMessages: 20 },
      ingesterEnv: { MQTT_BROKER_MAX_QUEUED_MESSAGES: '100', ALERT_CHECK_INTERVAL_MS: '500' },
    });
    const live = rig;
    // The broker's counter is read (retained, at subscribe) before the pause.
    const before: HealthDto = await eventually(
      async () => {
        const health = await live.health();
        expect(health.broker.dropped?.broker).toBe(0);
        return health;
      },
      { timeoutMs: 15_000 },
    );
    const publisher = await mqtt.connectAsync(rig.broker.url, { clientId: 'drops-publisher', clean: true });
    cleanups.push(() => publisher.endAsync(true));
    const SENT = 2_000;
    process.kill(live.ingester.pid, 'SIGSTOP');
    cleanups.push(() => {
      try {
        process.kill(live.ingester.pid, 'SIGCONT');
      } catch {
        // Already gone.
      }
    });
    const t0 = Date.now() - 60_000;
    for (let n = 0; n < SENT; n++) {
      await publisher.publishAsync(
        readingTopic(STATION.cluster, 'air', STATION.station),
        JSON.stringify({ ts: t0 + n, values: { 'PM2.5': 10, PM10: 20 } }),
        { qos: 1 },
      );
    }
    process.kill(live.ingester.pid, 'SIGCONT');
    // Mosquitto publishes $SYS every sys_interval (stock: 10 s); a value published while the ingester was paused
    // may come first. All but the 20 in flight and the 100 queued are dropped.
    const health = await eventually(
      async () => {
        const h = await live.health();
        expect(h.broker.dropped?.observed ?? 0).toBeGreaterThanOrEqual(SENT - 120);
        return h;
      },
      { timeoutMs: 40_000, intervalMs: 500 },
    ).catch(async () => live.health());
    const accepted = await eventually(
      async () => {
        const h = await live.health();
        const dropped = h.broker.dropped?.observed ?? 0;
        expect(h.counters.readingsAccepted + dropped).toBeGreaterThanOrEqual(SENT);
        return h.counters.readingsAccepted;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    ).catch(() => undefined);
    const raised = await eventually(
      async () => {
        const found = (await alerts(live)).filter((a) => a.ruleId === 'ingester/broker-drops');
        expect(found).toHaveLength(1);
        return found[0]!;
      },
      { timeoutMs: 10_000, intervalMs: 500 },
    );
    const gauge = await metric(live, 'langxanh_broker_dropped_messages');
    const observed = await metric(live, 'langxanh_broker_dropped_messages_observed_total');
    report('broker drops for a paused ingester', {
      sent: SENT,
      brokerDropped: health.broker.dropped,
      readingsAccepted: accepted,
      metrics: { langxanh_broker_dropped_messages: gauge, langxanh_broker_dropped_messages_observed_total: observed },
      alert: { ruleId: raised.ruleId, triggerValue: raised.triggerValue, state: raised.state },
      warnings: before.broker.warnings,
    });
    expect(health.broker.dropped?.observed).toBeGreaterThanOrEqual(SENT - 120);
    expect(observed).toBeGreaterThan(0);
    expect(gauge).toBeGreaterThan(0);
    expect(raised.state).toBe('active');
    expect(before.broker.version).toMatch(/^mosquitto version 2\./);
    expect(before.broker.warnings?.some((w) => w.startsWith('UNSAFE broker limit: max_queued_messages 100'))).toBe(true);
  });
});

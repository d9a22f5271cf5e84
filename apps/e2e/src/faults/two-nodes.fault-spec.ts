import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import {
  ownerOf,
  readingTopic,
  type AlertEventDto,
  type AlertNotification,
  type ClientToServerEvents,
  type HealthDto,
  type ReadingEventDto,
  type ServerToClientEvents,
} from '@langxanh/contracts';
import { eventually, startInfluxd, startMosquitto, startRedis, type RunningService } from '@langxanh/local-services';
import { startIngesterRig, type IngesterRig } from '@langxanh/stack';
import { liveClient, ROOT } from '../support';
import { DB, hoursAgo, report, sleep, STATIONS, storedNumbers } from './harness';

/**
 * High availability (docs/high-availability.md): two built ingesters (NODE_ID a and b) on one real Mosquitto, one
 * InfluxDB and one Redis share a numbered stream through `$share/…`; the owner of the first test station is
 * SIGKILLed mid-stream and restarted later. Every acknowledged reading must be stored once, every device-fault
 * transition of the stream announced (stored) once and notified once (a local webhook recorder), and a socket.io
 * client of the surviving node must get the readings and alerts of the dead node's stations while it is down.
 */

const NODES = ['a', 'b'] as const;
/** Readings a second and the stream's phases (ms from its start). */
const RATE = 80;
const STREAM_MS = 40_000;
const KILL_AT_MS = 10_000;
const RESTART_AT_MS = 24_000;
/** Membership TTL of the nodes (CLUSTER_NODE_TTL_MS): the survivor takes over this long after the kill. */
const NODE_TTL_MS = 3_000;
const FAULT_RULE = 'device-fault/PM2.5';

/** Reading `n` is a PM2.5 device fault (status 02) in every tenth round of the four stations; the next reading of its station resolves it. */
const isFault = (n: number) => Math.floor(n / STATIONS.length) % 10 === 0;

interface Recorded {
  readonly key: string;
  readonly stage: string;
  readonly ruleId: string;
  readonly station: string;
}

describe('two ingester nodes: shared subscription, one node SIGKILLed mid-stream and restarted', () => {
  let broker: RunningService;
  let influx: RunningService;
  let redis: RunningService;
  let hook: Server;
  const notifications: Recorded[] = [];
  const rigs = new Map<string, IngesterRig>();
  let publisher: MqttClient | undefined;
  let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

  beforeAll(async () => {
    [broker, influx, redis] = await Promise.all([
      startMosquitto({ port: 0 }),
      startInfluxd({ httpPort: 0 }),
      startRedis({ port: 0 }),
    ]);
    hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        const n = JSON.parse(body) as AlertNotification;
        notifications.push({ key: n.key, stage: n.stage, ruleId: n.alert.ruleId, station: n.alert.station });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookPort = (hook.address() as { port: number }).port;
    for (const node of NODES) {
      const rig = await startIngesterRig({
        root: ROOT,
        name: `ingester-${node}`,
        brokerUrl: broker.url,
        influxUrl: influx.url,
        database: DB,
        stateDir: mkdtempSync(join(tmpdir(), `langxanh-fault-two-nodes-${node}-`)),
        logPerStart: true,
        credentials: { username: 'ha-admin', password: 'ha-admin-password', jwtSecret: 'two-nodes-secret-two-nodes-secret-two-nodes' },
        bcryptCost: 4,
        logLevel: 'info',
        readiness: 'live',
        readyTimeoutMs: 60_000,
        env: {
          NODE_ID: node,
          REDIS_URL: redis.url,
          CLUSTER_NODE_TTL_MS: String(NODE_TTL_MS),
          ALERT_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/hook`,
          ALERT_MQTT_ENABLED: 'false',
          LIVE_THROTTLE_MS: '0',
          NOTIFY_RETRY_BASE_MS: '200',
        },
      });
      rigs.set(node, rig);
    }
  }, 240_000);

  afterAll(async () => {
    socket?.disconnect();
    await publisher?.endAsync(true).catch(() => undefined);
    for (const rig of rigs.values()) await rig.stop(5_000).catch(() => undefined);
    await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
    await Promise.all([broker?.stop(), influx?.stop(), redis?.stop()]);
  });

  const health = async (node: string) => (await (await (rigs.get(node) as IngesterRig).fetch('/api/health')).json()) as HealthDto;

  it('stores every acknowledged reading once, announces and notifies each transition once, and the survivor serves the dead node’s stations', async () => {
    // Both nodes see each other before the stream starts.
    await eventually(async () => {
      for (const node of NODES) expect((await health(node)).cluster?.peers).toEqual([...NODES]);
    }, { timeoutMs: 30_000, intervalMs: 500 });
    const before = await health('a');
    const stationIds: string[] = STATIONS.map((s) => s.station);
    const victim = ownerOf(stationIds[0], [...NODES]) as string;
    const survivor = NODES.find((n) => n !== victim) as string;
    const victimStations = stationIds.filter((s) => ownerOf(s, [...NODES]) === victim);

    // A signed-in socket.io client of the survivor: alerts go to cluster rooms only.
    const survivorRig = rigs.get(survivor) as IngesterRig;
    socket = liveClient(survivorRig.url, await survivorRig.token());
    const readingEvents: { station: string; time: number; at: number }[] = [];
    const alertEvents: { id: string; change: string; station: string; at: number }[] = [];
    socket.on('reading', (e: ReadingEventDto) => readingEvents.push({ station: e.station, time: Date.parse(e.time), at: Date.now() }));
    socket.on('alert', (e: AlertEventDto) => alertEvents.push({ id: e.alert.id, change: e.change, station: e.alert.station, at: Date.now() }));
    await eventually(() => expect(socket?.connected).toBe(true), { timeoutMs: 10_000 });

    // The numbered stream: reading n → STATIONS[n % 4], time t0 + n ms.
    const t0 = hoursAgo(3);
    const acked = new Set<number>();
    let sent = 0;
    const client = await mqtt.connectAsync(broker.url, { clientId: 'two-nodes-publisher', clean: false, reconnectPeriod: 250, keepalive: 10 });
    publisher = client;
    const publishOne = (n: number) => {
      const { cluster, station } = STATIONS[n % STATIONS.length];
      const payload = JSON.stringify({
        ts: t0 + n,
        values: { 'PM2.5': 5 + (n % 20), PM10: 10 + (n % 30) },
        ...(isFault(n) ? { status: { 'PM2.5': '02' } } : {}),
      });
      client.publishAsync(readingTopic(cluster, 'air', station), payload, { qos: 1 }).then(
        () => acked.add(n),
        () => undefined,
      );
    };
    const started = Date.now();
    let killedAt = 0;
    let restartedAt = 0;
    let storedAtRestart = 0;
    let ackedBeforeRestart = 0;
    let ackedBeforeKill = 0;
    let restart: Promise<void> | undefined;
    for (let elapsed = 0; elapsed < STREAM_MS; elapsed = Date.now() - started) {
      const due = Math.floor((elapsed / 1000) * RATE);
      while (sent < due) publishOne(sent++);
      if (killedAt === 0 && elapsed >= KILL_AT_MS) {
        ackedBeforeKill = acked.size;
        await rigs.get(victim)?.kill('SIGKILL');
        killedAt = Date.now();
      }
      if (restart === undefined && elapsed >= RESTART_AT_MS) {
        ackedBeforeRestart = acked.size;
        storedAtRestart = new Set(await storedNumbers(influx.url, t0, sent + 1)).size;
        restartedAt = Date.now();
        restart = (rigs.get(victim) as IngesterRig).restart();
      }
      await sleep(10);
    }
    await restart;
    await eventually(() => expect(acked.size).toBe(sent), { timeoutMs: 60_000, intervalMs: 250 });

    // Every acknowledged reading stored, once.
    let stored: number[] = [];
    await eventually(async () => {
      stored = await storedNumbers(influx.url, t0, sent + 1);
      expect(new Set(stored).size).toBeGreaterThanOrEqual(acked.size);
    }, { timeoutMs: 120_000, intervalMs: 1_000 }).catch(() => undefined);
    const storedSet = new Set(stored);
    const missing = [...acked].filter((n) => !storedSet.has(n));

    // Each fault of the stream: one raised and one resolved alert state stored, one webhook per stage.
    const faults = [...acked].filter(isFault);
    const idOf = (n: number) => `${STATIONS[n % STATIONS.length].station}:${FAULT_RULE}:${t0 + n}`;
    const faultIds = new Set(faults.map(idOf));
    const resolvable = faults.filter((n) => acked.has(n + STATIONS.length));
    const storedStates = async () => {
      const q = `SELECT "json" FROM "alert" WHERE "rule"='${FAULT_RULE}' AND time > ${started - 60_000}ms`;
      const response = await fetch(`${influx.url}/query?db=${DB}&q=${encodeURIComponent(q)}`);
      const body = (await response.json()) as { results: { series?: { values: [string, string][] }[] }[] };
      const counts = new Map<string, number>();
      for (const [, json] of body.results[0]?.series?.[0]?.values ?? []) {
        const alert = JSON.parse(json) as { id: string; state: string };
        if (!faultIds.has(alert.id)) continue;
        const key = `${alert.id}|${alert.state}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    };
    let states = new Map<string, number>();
    await eventually(async () => {
      states = await storedStates();
      const raised = faults.filter((n) => (states.get(`${idOf(n)}|active`) ?? 0) >= 1).length;
      const resolved = resolvable.filter((n) => (states.get(`${idOf(n)}|resolved`) ?? 0) >= 1).length;
      expect([raised, resolved]).toEqual([faults.length, resolvable.length]);
    }, { timeoutMs: 60_000, intervalMs: 1_000 }).catch(() => undefined);
    const hooks = () => {
      const counts = new Map<string, number>();
      for (const n of notifications) if (n.ruleId === FAULT_RULE) counts.set(n.key, (counts.get(n.key) ?? 0) + 1);
      return counts;
    };
    const raisedKey = (n: number) => [...hooks().keys()].find((k) => k.startsWith(`${idOf(n)}|raised:`));
    await eventually(() => {
      const counts = hooks();
      expect(faults.filter((n) => raisedKey(n) !== undefined).length).toBe(faults.length);
      expect(resolvable.filter((n) => counts.has(`${idOf(n)}|resolved`)).length).toBe(resolvable.length);
    }, { timeoutMs: 60_000, intervalMs: 1_000 }).catch(() => undefined);
    // Let late duplicates (a delayed claim of the other node, a retry) show up before counting.
    await sleep(NODE_TTL_MS * 2);
    states = await storedStates();
    const hookCounts = hooks();

    // The survivor's socket while the victim was down: its stations' readings and alerts.
    const downtime = (at: number) => at > killedAt && at < restartedAt;
    const victimReadings = readingEvents.filter((e) => victimStations.includes(e.station) && downtime(e.at)).length;
    const victimAlerts = alertEvents.filter((e) => victimStations.includes(e.station) && downtime(e.at));
    const firstTakeover = victimAlerts[0]?.at;
    const socketDuplicates = alertEvents.length - new Set(alertEvents.map((e) => `${e.id}|${e.change}`)).size;
    const storedDuplicates = [...states.values()].filter((c) => c > 1).length;
    const hookDuplicates = [...hookCounts.values()].filter((c) => c > 1).length;
    const after = await health(survivor);
    const victimHealth = await health(victim);

    report('two nodes, SIGKILL of one mid-stream, restart', {
      nodes: NODES.join(', '),
      victim: `${victim} (owner of ${victimStations.join(', ')})`,
      survivor,
      sent,
      acked: acked.size,
      ackedBeforeKill,
      ackedBeforeRestart,
      storedAtRestart,
      stored: storedSet.size,
      storedRows: stored.length,
      missing: missing.length,
      duplicates: stored.length - storedSet.size,
      faults: faults.length,
      resolvable: resolvable.length,
      alertStatesStored: [...states.values()].reduce((a, b) => a + b, 0),
      alertStateDuplicates: storedDuplicates,
      webhookFaultNotifications: [...hookCounts.values()].reduce((a, b) => a + b, 0),
      webhookDuplicates: hookDuplicates,
      survivorSocket: { readings: readingEvents.length, alerts: alertEvents.length, alertDuplicates: socketDuplicates, victimReadingsWhileDown: victimReadings, victimAlertsWhileDown: victimAlerts.length },
      takeoverMs: firstTakeover === undefined ? 'none' : firstTakeover - killedAt,
      downtimeMs: restartedAt - killedAt,
      healthBefore: before.cluster,
      healthAfter: { [survivor]: after.cluster, [victim]: victimHealth.cluster },
    });

    expect(missing).toEqual([]);
    expect(stored.length).toBe(storedSet.size);
    for (const n of faults) expect([idOf(n), states.get(`${idOf(n)}|active`)]).toEqual([idOf(n), 1]);
    for (const n of resolvable) expect([idOf(n), states.get(`${idOf(n)}|resolved`)]).toEqual([idOf(n), 1]);
    for (const n of faults) expect([idOf(n), hookCounts.get(raisedKey(n) ?? '')]).toEqual([idOf(n), 1]);
    for (const n of resolvable) expect([idOf(n), hookCounts.get(`${idOf(n)}|resolved`)]).toEqual([idOf(n), 1]);
    expect(hookDuplicates).toBe(0);
    expect(socketDuplicates).toBe(0);
    expect(victimStations.length).toBeGreaterThan(0);
    expect(victimReadings).toBeGreaterThan(0);
    expect(victimAlerts.length).toBeGreaterThan(0);
    expect(after.cluster).toMatchObject({ node: survivor, peers: [...NODES], redisConnected: true });
    expect([after.broker.evaluationConnected, victimHealth.broker.evaluationConnected]).toEqual([true, true]);
  });

  it('shares the auth store and silences: a user made on one node signs in on the other; a silence set on one is listed by the other', async () => {
    const [first, second] = NODES.map((n) => rigs.get(n) as IngesterRig);
    const created = await first.fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ha-manager', password: 'ha-manager-password-1', role: 'manager', clusters: ['van-mon'] }),
    });
    expect(created.status).toBe(201);
    await eventually(async () => {
      const login = await fetch(`${second.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ha-manager', password: 'ha-manager-password-1' }),
      });
      expect(login.status).toBe(200);
    }, { timeoutMs: 10_000, intervalMs: 500 });
    const silence = await second.fetch('/api/silences', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ station: 'vm-air-01', to: new Date(Date.now() + 3_600_000).toISOString(), reason: 'two-node test' }),
    });
    expect(silence.status).toBe(201);
    const { id } = (await silence.json()) as { id: string };
    await eventually(async () => {
      const listed = (await (await first.fetch('/api/silences')).json()) as { id: string }[];
      expect(listed.map((x) => x.id)).toContain(id);
    }, { timeoutMs: 10_000, intervalMs: 500 });
    report('two nodes, shared auth store and silences', { userCreatedOn: NODES[0], signedInOn: NODES[1], silenceSetOn: NODES[1], listedOn: NODES[0] });
  });
});

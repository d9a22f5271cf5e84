import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic, type HealthDto } from '@langxanh/contracts';
import {
  eventually,
  startInfluxd,
  startMosquitto,
  type MosquittoOptions,
  type RunningService,
} from '@langxanh/local-services';
import { startIngesterRig, type AdminCredentials, type AppProcess } from '@langxanh/stack';
import { ROOT } from '../support';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A whole second `h` hours ago (epoch ms): numbered readings start there, clear of other tests' times. */
export const hoursAgo = (h: number): number => Math.floor(Date.now() / 1000) * 1000 - h * 3_600_000;

/** The database the fault tests write to. */
export const DB = 'langxanh_faults';

/** Air stations of the shipped registry that the numbered publisher spreads its readings over. */
export const STATIONS = [
  { cluster: 'van-mon', station: 'vm-air-01' },
  { cluster: 'phong-khe', station: 'pk-air-01' },
  { cluster: 'da-hoi', station: 'dh-air-01' },
  { cluster: 'dong-ky', station: 'dk-air-01' },
] as const;

/** Real mosquitto + influxd, and the built ingester as its own process (killable, restartable). */
export interface FaultRig {
  readonly broker: RunningService;
  readonly influx: RunningService;
  readonly ingesterUrl: string;
  /** The ingester's state folder: `spool/` (SPOOL_DIR, with `quarantine/`), `auth/`, one log per start. */
  readonly stateDir: string;
  /** The current ingester process (a new one after {@link restartIngester}). */
  readonly ingester: AppProcess;
  /** `Authorization` header of the rig's administrator (full health bodies need a signed-in user). */
  authHeaders(): Promise<Record<string, string>>;
  /** SIGKILL to the ingester (no shutdown hook runs); resolves once it has ended. */
  killIngester(): Promise<void>;
  /** Starts the ingester again with the same configuration, spool and client id (after a kill). */
  restartIngester(): Promise<void>;
  health(): Promise<HealthDto>;
  /** Resident set size of the ingester process in MB (from /proc). */
  ingesterRssMb(): number;
  stop(): Promise<void>;
}

/** The rig's administrator and session key (created by the ingester at its first start). */
const ADMIN: AdminCredentials = {
  username: 'fault-admin',
  password: 'fault-admin-password',
  jwtSecret: 'fault-rig-secret-fault-rig-secret-fault-rig',
};

/**
 * Starts mosquitto, influxd and the built ingester (state and one log per start, `ingester-<n>.log`, in a fresh
 * `langxanh-fault-<name>-*` temporary folder kept for inspection), ready once `/api/health/live` answers 2xx (at
 * most 30 s).
 */
export async function startRig(
  name: string,
  options: { mosquitto?: MosquittoOptions; ingesterEnv?: NodeJS.ProcessEnv } = {},
): Promise<FaultRig> {
  const dataDir = mkdtempSync(join(tmpdir(), `langxanh-fault-${name}-`));
  const [broker, influx] = await Promise.all([
    startMosquitto({ port: 0, ...options.mosquitto }),
    startInfluxd({ httpPort: 0 }),
  ]);
  // One session for the whole rig: it outlives ingester restarts (same key and user store), and logins are throttled.
  const ingester = await startIngesterRig({
    root: ROOT,
    brokerUrl: broker.url,
    influxUrl: influx.url,
    database: DB,
    clientId: `ingester-fault-${name}`,
    stateDir: dataDir,
    logPerStart: true,
    credentials: ADMIN,
    bcryptCost: 4,
    logLevel: 'info',
    env: options.ingesterEnv,
    readiness: 'live',
    readyTimeoutMs: 30_000,
  });
  return {
    broker,
    influx,
    ingesterUrl: ingester.url,
    stateDir: dataDir,
    get ingester() {
      return ingester.process;
    },
    authHeaders: () => ingester.authHeaders(),
    killIngester: () => ingester.kill('SIGKILL'),
    restartIngester: () => ingester.restart(),
    async health() {
      return (await (await ingester.fetch('/api/health')).json()) as HealthDto;
    },
    ingesterRssMb() {
      const status = readFileSync(`/proc/${ingester.process.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    },
    async stop() {
      await ingester.stop(5_000);
      await Promise.all([broker.stop(), influx.stop()]);
    },
  };
}

/**
 * Publishes numbered readings at QoS 1: reading number `n` goes to station `STATIONS[n % 4]` with time `t0 + n` ms
 * (so each number is one point in InfluxDB, and a point can be traced back to its number) and PM2.5/PM10 values
 * well under every limit. `acked` holds the numbers the broker acknowledged (PUBACK) — those the broker took
 * responsibility for. The client has a persistent session and resends unacknowledged messages after a reconnect.
 */
export class NumberedPublisher {
  readonly acked = new Set<number>();
  /** When each number was acknowledged by the broker (epoch ms). */
  readonly ackedAt = new Map<number, number>();
  sent = 0;
  private client?: MqttClient;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly brokerUrl: string,
    readonly t0: number,
  ) {}

  async connect(id: string): Promise<void> {
    this.client = await mqtt.connectAsync(this.brokerUrl, {
      clientId: `numbered-publisher-${id}`,
      clean: false,
      reconnectPeriod: 250,
      connectTimeout: 5_000,
      keepalive: 10,
    });
  }

  /** Publishes `rate` readings a second for `durationMs`, paced by the clock (10 ms ticks). */
  async run(rate: number, durationMs: number): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('connect() first');
    const base = this.sent;
    const started = Date.now();
    for (let elapsed = 0; elapsed < durationMs; elapsed = Date.now() - started) {
      const due = base + Math.floor((elapsed / 1000) * rate);
      while (this.sent < due) this.publishOne(client, this.sent++);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits (bounded) until every message sent was acknowledged by the broker. */
  async settle(timeoutMs = 60_000): Promise<void> {
    await eventually(() => expect(this.acked.size).toBe(this.sent), { timeoutMs, intervalMs: 250 });
  }

  async close(): Promise<void> {
    await this.client?.endAsync(true);
  }

  private publishOne(client: MqttClient, n: number): void {
    const { cluster, station } = STATIONS[n % STATIONS.length];
    const payload = JSON.stringify({
      ts: this.t0 + n,
      values: { 'PM2.5': 5 + (n % 20), PM10: 10 + (n % 30) },
    });
    const sending = client.publishAsync(readingTopic(cluster, 'air', station), payload, { qos: 1 }).then(
      () => {
        this.acked.add(n);
        this.ackedAt.set(n, Date.now());
      },
      () => undefined,
    );
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
  }
}

/** The reading numbers stored in InfluxDB for times [t0, t0 + count): one query per station. */
export async function storedNumbers(influxUrl: string, t0: number, count: number): Promise<number[]> {
  const numbers: number[] = [];
  for (const { station } of STATIONS) {
    const q = `SELECT "PM10" FROM "air" WHERE "station"='${station}' AND time >= ${t0}ms AND time < ${t0 + count}ms`;
    const response = await fetch(`${influxUrl}/query?db=${DB}&epoch=ms&q=${encodeURIComponent(q)}`);
    const body = (await response.json()) as { results: { series?: { values: [number, number][] }[] }[] };
    for (const [time] of body.results[0]?.series?.[0]?.values ?? []) numbers.push(time - t0);
  }
  return numbers;
}

/** What the test compares, printed so the run shows its counts. */
export interface DeliveryCount {
  readonly sent: number;
  readonly acked: number;
  readonly stored: number;
  readonly missing: number[];
  /** Stored numbers never sent (impossible unless something invents data). */
  readonly unknown: number;
  readonly duplicates: number;
}

export async function countDelivery(rig: FaultRig, publisher: NumberedPublisher): Promise<DeliveryCount> {
  const stored = await storedNumbers(rig.influx.url, publisher.t0, publisher.sent + 1);
  const set = new Set(stored);
  const missing = [...publisher.acked].filter((n) => !set.has(n)).sort((a, b) => a - b);
  return {
    sent: publisher.sent,
    acked: publisher.acked.size,
    stored: set.size,
    missing,
    unknown: stored.filter((n) => n < 0 || n >= publisher.sent).length,
    duplicates: stored.length - set.size,
  };
}

/** Waits until every acknowledged reading is in InfluxDB (bounded), then returns the counts. */
export async function awaitDelivery(
  rig: FaultRig,
  publisher: NumberedPublisher,
  timeoutMs = 120_000,
): Promise<DeliveryCount> {
  let last: DeliveryCount | undefined;
  try {
    await eventually(
      async () => {
        last = await countDelivery(rig, publisher);
        expect(last.missing).toHaveLength(0);
      },
      { timeoutMs, intervalMs: 1_000 },
    );
  } catch {
    // Fall through with the last counts: the test asserts on them and prints them.
  }
  return last ?? (await countDelivery(rig, publisher));
}

export function report(title: string, figures: Record<string, unknown>): void {
  process.stdout.write(
    `\n[fault] ${title}\n${Object.entries(figures)
      .map(([k, v]) => `  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join('\n')}\n`,
  );
}

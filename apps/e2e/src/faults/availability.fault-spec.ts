import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { readingTopic, type AlertDto, type HealthDto } from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { alertToLine } from '@langxanh/storage-influx';
import {
  DB,
  NumberedPublisher,
  awaitDelivery,
  hoursAgo,
  report,
  startRig,
  type FaultRig,
} from './harness';

/**
 * Availability under hostile or careless use (issue 15, items 1 and 2), against real mosquitto, influxd and the built
 * ingester process: a flood of alert comments, a spool line longer than a write batch, a start while InfluxDB is
 * down. Each ends by counting numbered readings: every one the broker acknowledged is stored in InfluxDB, once.
 */

/** The ingester's default INFLUX_WRITE_BATCH_BYTES (2 MiB), which the flood test's rig keeps. */
const BATCH_BYTES = 2_097_152;
/** The costliest comment text allowed before and after the fix: 2 000 `"`, each 4 bytes once JSON- and line-escaped. */
const HEAVY_TEXT = '"'.repeat(2_000);
/** dk-ww-01's TSS limit (QCVN 40:2011 B 100 mg/L × Kq 0.9 × Kf 1.1 = 99 mg/L): two readings over it raise an alert. */
const TSS_STATION = { cluster: 'dong-ky', station: 'dk-ww-01' } as const;

async function connect(url: string, id: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { clientId: `availability-${id}`, clean: true, reconnectPeriod: 250 });
}

/** Publishes two TSS readings over dk-ww-01's limit (QoS 1) and returns the alert they raise (REST, bounded wait). */
async function raiseTssAlert(rig: FaultRig, client: MqttClient): Promise<AlertDto> {
  const topic = readingTopic(TSS_STATION.cluster, 'wastewater', TSS_STATION.station);
  const t0 = Date.now() - 20_000;
  for (const [i, tss] of [150, 160].entries()) {
    await client.publishAsync(topic, JSON.stringify({ ts: t0 + i * 5_000, values: { TSS: tss, pH: 7 } }), { qos: 1 });
  }
  return eventually(async () => {
    const response = await fetch(`${rig.ingesterUrl}/api/alerts?station=${TSS_STATION.station}`, {
      headers: await rig.authHeaders(),
    });
    const alerts = (await response.json()) as AlertDto[];
    const alert = alerts.find((a) => a.parameter === 'TSS' && a.state !== 'resolved');
    expect(alert).toBeDefined();
    return alert as AlertDto;
  });
}

/**
 * How many comments of {@link HEAVY_TEXT} make `alert`'s stored line longer than a write batch: the comment at which
 * main's drain loop threw and the ingester exited (computed with the line-protocol code the ingester stores with).
 */
function commentsBreakingMain(alert: AlertDto): { count: number; lineBytes: number } {
  const comment = { by: 'fault-admin', at: new Date().toISOString(), text: HEAVY_TEXT };
  const bytes = (count: number) =>
    Buffer.byteLength(`${alertToLine({ ...alert, comments: Array.from({ length: count }, () => comment) }, Date.now())}\n`);
  // Each comment adds the same bytes: solve, then check the answer with the real line (escaping 2 MB is slow).
  const one = bytes(1);
  const each = bytes(2) - one;
  const count = 1 + Math.floor((BATCH_BYTES - one) / each) + 1;
  const lineBytes = bytes(count);
  expect(lineBytes).toBeGreaterThan(BATCH_BYTES);
  expect(bytes(count - 1)).toBeLessThanOrEqual(BATCH_BYTES);
  return { count, lineBytes };
}

const spoolDir = (rig: FaultRig) => join(rig.stateDir, 'spool');
const quarantineFiles = (rig: FaultRig): string[] => {
  const dir = join(spoolDir(rig), 'quarantine');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.lp')) : [];
};

/** Whether the ingester process answers `/api/health/live` (false when it exited or does not answer). */
async function alive(rig: FaultRig): Promise<boolean> {
  try {
    return (await fetch(`${rig.ingesterUrl}/api/health/live`, { signal: AbortSignal.timeout(5_000) })).ok;
  } catch {
    return false;
  }
}

/** Count of points of `measurement` with `field` at `station` (at time `at`, epoch ms, when given) in the fault database. */
async function influxCount(rig: FaultRig, measurement: string, field: string, station: string, at?: number): Promise<number> {
  const q = `SELECT count("${field}") FROM "${measurement}" WHERE "station"='${station}'${at === undefined ? '' : ` AND time = ${at}ms`}`;
  const response = await fetch(`${rig.influx.url}/query?db=${DB}&q=${encodeURIComponent(q)}`);
  const body = (await response.json()) as { results: { series?: { values: [string, number][] }[] }[] };
  return body.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
}

describe('availability (issue 15: comment flood, oversize spool line, start without InfluxDB)', () => {
  let rig: FaultRig | undefined;
  let publisher: NumberedPublisher | undefined;
  let client: MqttClient | undefined;

  afterEach(async () => {
    await client?.endAsync(true);
    await publisher?.close();
    await rig?.stop();
    rig = undefined;
    publisher = undefined;
    client = undefined;
  });

  it('a flood of heavy comments past the length that broke main: answered 409/429, the ingester stays up and stores readings', async () => {
    // A rate limit above the count bound, so that both answers are seen: 409 at 100 comments, 429 at 150 writes.
    rig = await startRig('comment-flood', { ingesterEnv: { ALERT_WRITE_LIMIT: '150', ALERT_WRITE_WINDOW_S: '600' } });
    client = await connect(rig.broker.url, 'comment-flood');
    const alert = await raiseTssAlert(rig, client);
    const breaking = commentsBreakingMain(alert);
    const url = `${rig.ingesterUrl}/api/alerts/${encodeURIComponent(alert.id)}/comments`;
    const headers = { ...(await rig.authHeaders()), 'content-type': 'application/json' };
    const answers = new Map<string, number>();
    const failures: string[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < breaking.count + 10; i++) {
      try {
        const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ text: HEAVY_TEXT }) });
        if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
        const body = (await response.json()) as { error?: string };
        const key = `${response.status}${body.error ? ` ${body.error}` : ''}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
      } catch (error) {
        failures.push(`#${i + 1}: ${(error as Error).message} ${String((error as Error).cause ?? '')}`);
        if (!(await alive(rig))) break;
      }
    }
    // Give a drain that would choke on the longest line time to do so, then check the ingester still ingests.
    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(3));
    await publisher.connect('comment-flood');
    await publisher.run(100, 5_000);
    await publisher.settle(30_000).catch(() => undefined);
    const counts = await awaitDelivery(rig, publisher, 60_000);
    const stored = await fetch(`${rig.ingesterUrl}/api/alerts/${encodeURIComponent(alert.id)}`, {
      headers: await rig.authHeaders(),
    }).then(async (r) => ((await r.json()) as AlertDto).comments?.length, () => undefined);
    report('comment flood', {
      commentsThatBrokeMain: breaking.count,
      mainLineBytes: breaking.lineBytes,
      batchBytes: BATCH_BYTES,
      answers: Object.fromEntries(answers),
      requestsFailed: failures,
      commentsKept: stored,
      ...counts,
      missing: counts.missing.length,
    });
    expect(failures).toEqual([]);
    expect(await alive(rig)).toBe(true);
    expect([...answers.keys()].sort()).toEqual(['201', '409 too_many_comments', '429 too_many_requests']);
    expect(answers.get('201')).toBe(100);
    // The standard Retry-After header, and every refused write in the audit log (hostile trial: neither was).
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const audit = (await fetch(`${rig.ingesterUrl}/api/audit?limit=1000`, { headers: await rig.authHeaders() }).then((r) =>
      r.json(),
    )) as { action: string; status: number }[];
    expect(audit.filter((e) => e.action === 'alert.comment' && e.status === 429)).toHaveLength(
      answers.get('429 too_many_requests') ?? -1,
    );
    expect(stored).toBe(100);
    expect(counts.missing).toEqual([]);
    expect(counts.acked).toBe(publisher.sent);
    expect(quarantineFiles(rig)).toEqual([]);
  });

  it('a spool line longer than a write batch, found at restart: quarantined, the drain goes on, nothing else lost', async () => {
    rig = await startRig('oversize-line');
    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(4));
    await publisher.connect('oversize-line');
    await publisher.run(100, 3_000);
    await publisher.settle();
    await rig.killIngester();
    // As a previous version left it: an alert line longer than the batch, then an ordinary reading, in the next
    // segment of the spool (names are 12-digit sequence numbers).
    const segments = readdirSync(spoolDir(rig)).filter((f) => /^\d{12}\.lp$/.test(f)).sort();
    const next = Number(segments.at(-1)?.slice(0, 12) ?? 0) + 1;
    const oversize = `alert,cluster=dong-ky,parameter=TSS,rule=qcvn40-2011-B/TSS,station=dk-ww-01 json="${'x'.repeat(BATCH_BYTES + 1_000)}",state="active" ${Date.now()}\n`;
    const afterTime = hoursAgo(5);
    const after = `air,cluster=van-mon,station=vm-air-01 PM10=42 ${afterTime}\n`;
    writeFileSync(join(spoolDir(rig), `${String(next).padStart(12, '0')}.lp`), oversize + after);
    let restartError: string | undefined;
    await rig.restartIngester().catch((error: Error) => (restartError = error.message.slice(0, 300)));
    await publisher.run(100, 3_000);
    await publisher.settle(30_000).catch(() => undefined);
    const counts = await awaitDelivery(rig, publisher, 60_000);
    const afterStored = (await influxCount(rig, 'air', 'PM10', 'vm-air-01', afterTime)) === 1;
    const files = quarantineFiles(rig);
    const metrics = (await alive(rig)) ? await (await fetch(`${rig.ingesterUrl}/api/metrics`, { headers: await rig.authHeaders() })).text() : '';
    const log = readFileSync(join(rig.stateDir, 'ingester-2.log'), 'utf8');
    report('oversize spool line', {
      restartError,
      quarantined: files,
      lineAfterStored: afterStored,
      ...counts,
      missing: counts.missing.length,
    });
    expect(restartError).toBeUndefined();
    expect(await alive(rig)).toBe(true);
    expect(files).toHaveLength(1);
    expect(readFileSync(join(spoolDir(rig), 'quarantine', files[0]!), 'utf8')).toBe(oversize);
    expect(metrics).toMatch(/langxanh_quarantined_lines_total\{reason="oversize"\} 1\b/);
    expect(log).toMatch(/station dk-ww-01.*longer than INFLUX_WRITE_BATCH_BYTES/);
    expect(afterStored).toBe(true);
    expect(counts.missing).toEqual([]);
    expect(counts.acked).toBe(publisher.sent);
    // And again at the next restart: nothing left to choke on.
    await rig.killIngester();
    await rig.restartIngester();
    expect(await alive(rig)).toBe(true);
    expect(quarantineFiles(rig)).toHaveLength(1);
  });

  it('restarted while InfluxDB is stopped: readings acknowledged, an alert raised, then every reading stored once', async () => {
    rig = await startRig('start-without-influx');
    await rig.killIngester();
    rig.influx.kill('SIGTERM');
    await rig.influx.exited();
    let restartError: string | undefined;
    await rig.restartIngester().catch((error: Error) => (restartError = error.message.slice(0, 400)));
    expect(restartError).toBeUndefined();

    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(6));
    await publisher.connect('start-without-influx');
    await publisher.run(200, 10_000);
    await publisher.settle(30_000);
    client = await connect(rig.broker.url, 'start-without-influx');
    const alert = await raiseTssAlert(rig, client);
    const during = await rig.health();
    const ready = await fetch(`${rig.ingesterUrl}/api/health/ready`);
    const overall = await fetch(`${rig.ingesterUrl}/api/health`);
    const storedWhileDown = during.spool?.pendingLines ?? 0;

    await rig.influx.start();
    const counts = await awaitDelivery(rig, publisher, 120_000);
    await eventually(async () => expect(await influxCount(rig!, 'alert', 'state', TSS_STATION.station)).toBeGreaterThan(0));
    const after = await eventually(async () => {
      const health = await rig!.health();
      expect(health.status).toBe('ok');
      expect(health.spool?.pendingLines).toBe(0);
      return health;
    });
    const log = readFileSync(join(rig.stateDir, 'ingester-2.log'), 'utf8');
    report('start without InfluxDB', {
      ...counts,
      missing: counts.missing.length,
      alert: alert.id,
      databaseWhileDown: during.database,
      spooledWhileDown: storedWhileDown,
      readyWhileDown: ready.status,
      healthWhileDown: overall.status,
      after: { database: after.database, pointsDropped: after.counters.pointsDropped },
    });
    expect(counts.acked).toBe(publisher.sent);
    expect(counts.missing).toEqual([]);
    expect(counts.duplicates).toBe(0);
    expect(counts.unknown).toBe(0);
    expect(counts.stored).toBe(counts.acked);
    expect(during).toMatchObject<Partial<HealthDto>>({ status: 'degraded' });
    expect(during.database).toMatchObject({ reachable: false, writing: false });
    expect(during.database.lastError).toMatch(/not connected since start-up/);
    expect(storedWhileDown).toBeGreaterThanOrEqual(publisher.sent);
    // Readiness: readings are taken in (broker connected, spool accepting), as during any database outage.
    expect(ready.status).toBe(200);
    expect(overall.status).toBe(503);
    expect(after.counters.pointsDropped).toBe(0);
    expect(log).toMatch(/starting without InfluxDB/);
    expect(log).toMatch(/InfluxDB answers: the spool is being written/);
  });
});

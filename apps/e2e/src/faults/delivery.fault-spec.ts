import seedrandom from 'seedrandom';
import { eventually } from '@langxanh/local-services';
import {
  NumberedPublisher,
  awaitDelivery,
  hoursAgo,
  report,
  sleep,
  startRig,
  type FaultRig,
} from './harness';

/**
 * Fault injection against real processes: mosquitto, influxd and the built ingester, with a publisher that numbers
 * every reading; afterwards the numbers stored in InfluxDB are compared with those the broker acknowledged to the
 * publisher. Durations can be shortened for a quick local run (FAULT_OUTAGE_S, FAULT_FREEZE_S); CI runs the
 * defaults the issue asks for (3 min database outage, 90 s frozen broker).
 */
const RATE = 500;
const OUTAGE_MS = Number(process.env['FAULT_OUTAGE_S'] ?? 180) * 1000;
const FREEZE_MS = Number(process.env['FAULT_FREEZE_S'] ?? 90) * 1000;
const KEEPALIVE_S = 30;

describe('no reading lost (fault injection, real mosquitto + influxd + ingester process)', () => {
  let rig: FaultRig | undefined;
  let publisher: NumberedPublisher | undefined;

  afterEach(async () => {
    await publisher?.close();
    await rig?.stop();
    rig = undefined;
    publisher = undefined;
  });

  it(`InfluxDB stopped for ${OUTAGE_MS / 1000} s while ${RATE} readings/s arrive: every reading stored once, memory bounded`, async () => {
    rig = await startRig('influx-outage');
    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(3));
    await publisher.connect('influx-outage');
    const streaming = publisher.run(RATE, 10_000 + OUTAGE_MS + 10_000);
    await sleep(10_000);
    const rss: number[] = [rig.ingesterRssMb()];
    rig.influx.kill('SIGTERM');
    await rig.influx.exited();
    const outageStart = Date.now();
    let readyDuringOutage = true;
    let maxSpoolLines = 0;
    while (Date.now() - outageStart < OUTAGE_MS) {
      await sleep(Math.min(10_000, OUTAGE_MS / 6));
      rss.push(rig.ingesterRssMb());
      const ready = await fetch(`${rig.ingesterUrl}/api/health/ready`, { headers: await rig.authHeaders() });
      const body = (await ready.json()) as { spool: { pendingLines: number } };
      readyDuringOutage &&= ready.status === 200;
      maxSpoolLines = Math.max(maxSpoolLines, body.spool.pendingLines);
    }
    await rig.influx.start();
    await streaming;
    await publisher.settle();
    const counts = await awaitDelivery(rig, publisher);
    const health = await rig.health();
    report('InfluxDB outage', {
      outageS: OUTAGE_MS / 1000,
      ...counts,
      missing: counts.missing.length,
      maxSpoolLines,
      rssMb: rss,
      spoolAfter: health.spool,
      pointsDropped: health.counters.pointsDropped,
    });
    expect(counts.missing).toEqual([]);
    expect(counts.unknown).toBe(0);
    expect(counts.stored).toBeGreaterThanOrEqual(counts.acked);
    expect(maxSpoolLines).toBeGreaterThan(0);
    expect(readyDuringOutage).toBe(true);
    expect(health.counters.pointsDropped).toBe(0);
    await eventually(async () => expect((await rig!.health()).spool?.pendingLines).toBe(0));
    // Bounded: the backlog is on disk, not in memory. No growth beyond 64 MB over the outage, and under 300 MB.
    expect(Math.max(...rss)).toBeLessThan(300);
    expect(Math.max(...rss.slice(1)) - rss[1]!).toBeLessThan(64);
  });

  it('the ingester killed with SIGKILL at random moments of a stream, then restarted: no reading lost', async () => {
    rig = await startRig('sigkill');
    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(4));
    await publisher.connect('sigkill');
    const random = seedrandom('langxanh-sigkill');
    const streaming = publisher.run(RATE, 45_000);
    const kills: number[] = [];
    for (let i = 0; i < 3; i++) {
      await sleep(4_000 + random() * 8_000);
      kills.push(publisher.sent);
      await rig.killIngester();
      await sleep(random() * 2_000);
      await rig.restartIngester();
    }
    await streaming;
    await publisher.settle();
    const counts = await awaitDelivery(rig, publisher);
    report('ingester SIGKILL ×3', { killedAfterReading: kills, ...counts, missing: counts.missing.length });
    expect(counts.missing).toEqual([]);
    expect(counts.unknown).toBe(0);
  });

  for (const persistence of [true, false]) {
    it(`Mosquitto restarted ${persistence ? 'with' : 'without'} persistence during a stream: ingestion resumes within 5 s, nothing lost that the broker held`, async () => {
      rig = await startRig(`broker-restart-${persistence}`, {
        mosquitto: persistence ? {} : { extraConfig: ['persistence false'] },
      });
      publisher = new NumberedPublisher(rig.broker.url, hoursAgo(persistence ? 5 : 6));
      await publisher.connect(`broker-restart-${persistence}`);
      const streaming = publisher.run(RATE, 25_000);
      await sleep(8_000);
      const ackedBefore = new Set(publisher.acked);
      await rig.broker.restart({ signal: 'SIGTERM', downtimeMs: 2_000 });
      const back = Date.now();
      const acceptedAtBack = (await rig.health()).counters.readingsAccepted;
      const resumedAfterMs = await eventually(
        async () => {
          const health = await rig!.health();
          expect(health.broker.connected).toBe(true);
          expect(health.counters.readingsAccepted).toBeGreaterThan(acceptedAtBack);
          return Date.now() - back;
        },
        { timeoutMs: 15_000, intervalMs: 100 },
      );
      // When the ingester's new connection (and with it its subscription) was up.
      const resubscribedAt = Date.parse((await rig.health()).broker.since ?? '') + 100;
      await streaming;
      await publisher.settle();
      const counts = await awaitDelivery(rig, publisher, persistence ? 120_000 : 20_000);
      // Without persistence the broker forgets what it held, and the ingester's subscription: what it accepted
      // before the ingester subscribed again had no subscriber and was discarded by the broker. Everything it
      // accepted once the subscription was back must be stored. With persistence, nothing may be missing.
      const ackedWithoutSubscriber = counts.missing.filter(
        (n) => (publisher!.ackedAt.get(n) ?? 0) < resubscribedAt,
      );
      const lostAfterResubscribe = counts.missing.filter(
        (n) => (publisher!.ackedAt.get(n) ?? 0) >= resubscribedAt,
      );
      report(`broker restart, persistence ${persistence}`, {
        resumedAfterMs,
        ingesterResubscribedAfterMs: resubscribedAt - 100 - back,
        ...counts,
        missing: counts.missing.length,
        missingAckedBeforeRestart: counts.missing.filter((n) => ackedBefore.has(n)).length,
        missingAckedWhileNoSubscription: ackedWithoutSubscriber.length,
        missingAckedAfterResubscribe: lostAfterResubscribe.length,
      });
      expect(resumedAfterMs).toBeLessThanOrEqual(5_000);
      expect(counts.unknown).toBe(0);
      if (persistence) expect(counts.missing).toEqual([]);
      else expect(lostAfterResubscribe).toEqual([]);
    });
  }

  it(`Mosquitto frozen (SIGSTOP) for ${FREEZE_MS / 1000} s: reported down within two keep-alives, recovers after`, async () => {
    rig = await startRig('broker-freeze', { ingesterEnv: { MQTT_KEEPALIVE_S: String(KEEPALIVE_S) } });
    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(7));
    await publisher.connect('broker-freeze');
    const streaming = publisher.run(RATE, 5_000);
    await sleep(5_000);
    await streaming;
    expect((await rig.health()).broker.connected).toBe(true);
    rig.broker.kill('SIGSTOP');
    const frozenAt = Date.now();
    const detectedAfterMs = await eventually(
      async () => {
        expect((await rig!.health()).broker.connected).toBe(false);
        return Date.now() - frozenAt;
      },
      { timeoutMs: FREEZE_MS, intervalMs: 500 },
    );
    const degraded = await fetch(`${rig.ingesterUrl}/api/health/ready`, { headers: await rig.authHeaders() });
    await sleep(Math.max(0, FREEZE_MS - (Date.now() - frozenAt)));
    rig.broker.kill('SIGCONT');
    const thawedAt = Date.now();
    const recoveredAfterMs = await eventually(
      async () => {
        expect((await rig!.health()).broker.connected).toBe(true);
        return Date.now() - thawedAt;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const after = publisher.run(RATE, 5_000);
    await after;
    await publisher.settle(90_000);
    const counts = await awaitDelivery(rig, publisher);
    report('broker frozen', {
      keepaliveS: KEEPALIVE_S,
      detectedAfterMs,
      readyStatusWhileDown: degraded.status,
      recoveredAfterMs,
      ...counts,
      missing: counts.missing.length,
    });
    expect(detectedAfterMs).toBeLessThanOrEqual(2 * KEEPALIVE_S * 1000);
    expect(degraded.status).toBe(503);
    expect(counts.missing).toEqual([]);
  });
});

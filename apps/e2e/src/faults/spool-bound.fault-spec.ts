import { eventually } from '@langxanh/local-services';
import {
  NumberedPublisher,
  awaitDelivery,
  countDelivery,
  hoursAgo,
  report,
  sleep,
  startRig,
  type FaultRig,
} from './harness';

/**
 * The spool at its bound while InfluxDB is down (a deliberately small bound: 256 KiB ≈ 1 800 readings), under both
 * policies: `block` (stop acknowledging, the broker holds the rest: nothing lost) and `drop-oldest` (exact count).
 */
const RATE = 500;
/**
 * The numbered readings are measured 8-9 h ago: stations whose newest measurement is older than their offline window
 * are offline (stale data, docs/alert-rules.md), and their offline alert states would share the spool's dropped
 * segments with the readings. A window of 1000 intervals (16.7 h for these 1-min stations) keeps every dropped line
 * a reading, so the drop count can be compared with the missing readings exactly.
 */
const SMALL_SPOOL = { SPOOL_MAX_BYTES: '262144', SPOOL_SEGMENT_BYTES: '32768', OFFLINE_AFTER_INTERVALS: '1000' };

describe('the spool at its bound (real mosquitto + influxd + ingester process)', () => {
  let rig: FaultRig | undefined;
  let publisher: NumberedPublisher | undefined;

  afterEach(async () => {
    await publisher?.close();
    await rig?.stop();
    rig = undefined;
    publisher = undefined;
  });

  it('SPOOL_FULL_POLICY=block: the ingester stops acknowledging, the broker holds the messages, nothing is lost', async () => {
    rig = await startRig('spool-block', { ingesterEnv: { ...SMALL_SPOOL, SPOOL_FULL_POLICY: 'block' } });
    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(8));
    await publisher.connect('spool-block');
    const streaming = publisher.run(RATE, 25_000);
    await sleep(3_000);
    rig.influx.kill('SIGTERM');
    await rig.influx.exited();
    const full = await eventually(
      async () => {
        const health = await rig!.health();
        expect(health.spool?.full).toBe(true);
        return health.spool;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const ready = await fetch(`${rig.ingesterUrl}/api/health/ready`);
    await sleep(5_000);
    await rig.influx.start();
    await streaming;
    await publisher.settle();
    const counts = await awaitDelivery(rig, publisher);
    const health = await rig.health();
    report('spool full, policy block', {
      spoolWhenFull: full,
      readyStatusWhenFull: ready.status,
      ...counts,
      missing: counts.missing.length,
      pointsDropped: health.counters.pointsDropped,
    });
    expect(ready.status).toBe(503);
    expect(counts.missing).toEqual([]);
    expect(health.counters.pointsDropped).toBe(0);
  });

  it('SPOOL_FULL_POLICY=drop-oldest: stored + dropped = acknowledged, the drop counted exactly', async () => {
    rig = await startRig('spool-drop', { ingesterEnv: { ...SMALL_SPOOL, SPOOL_FULL_POLICY: 'drop-oldest' } });
    publisher = new NumberedPublisher(rig.broker.url, hoursAgo(9));
    await publisher.connect('spool-drop');
    await publisher.run(RATE, 2_000);
    await publisher.settle();
    await eventually(async () => expect((await countDelivery(rig!, publisher!)).missing).toEqual([]));
    rig.influx.kill('SIGTERM');
    await rig.influx.exited();
    await publisher.run(RATE, 15_000);
    await publisher.settle();
    await rig.influx.start();
    await eventually(async () => expect((await rig!.health()).spool?.pendingLines).toBe(0), {
      timeoutMs: 60_000,
    });
    const counts = await countDelivery(rig, publisher);
    const health = await rig.health();
    report('spool full, policy drop-oldest', {
      ...counts,
      missing: counts.missing.length,
      pointsDropped: health.counters.pointsDropped,
    });
    expect(health.counters.pointsDropped).toBeGreaterThan(0);
    expect(counts.missing.length).toBe(health.counters.pointsDropped);
    expect(counts.stored + health.counters.pointsDropped).toBe(counts.acked);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import {
  READING_SUBSCRIPTION,
  STATUS_SUBSCRIPTION,
  hostilePayloadBytes,
  type HostileCorpusEntry,
} from '@langxanh/contracts';
import { eventually } from '@langxanh/local-services';
import { ROOT } from '../support';
import { NumberedPublisher, awaitDelivery, report, startRig, type FaultRig } from './harness';

const corpusFile = join(ROOT, 'libs/contracts/src/fixtures/hostile-payloads.json');
const entries = (JSON.parse(readFileSync(corpusFile, 'utf8')) as { entries: HostileCorpusEntry[] }).entries;
const REPEAT = 20;

/** MQTT topic-filter matching (`+` one level, `#` the rest), to know which corpus topics reach the ingester at all. */
function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}

describe('hostile input mixed into a valid stream (real mosquitto + influxd + ingester process)', () => {
  let rig: FaultRig | undefined;
  let publisher: NumberedPublisher | undefined;

  afterAll(async () => {
    await publisher?.close();
    await rig?.stop();
  });

  it(`${entries.length} corpus payloads ×${REPEAT}: the process stays up, every valid reading is stored, every hostile one counted under its reason`, async () => {
    rig = await startRig('hostile');
    publisher = new NumberedPublisher(rig.broker.url, Math.floor(Date.now() / 1000) * 1000 - 30 * 3_600_000);
    await publisher.connect('hostile');
    const before = (await rig.health()).counters.rejections;

    const publishable = entries.filter((e) => e.mqttPublishable !== false);
    const delivered = publishable.filter(
      (e) => matches(READING_SUBSCRIPTION, e.topic) || matches(STATUS_SUBSCRIPTION, e.topic),
    );
    const expected: Record<string, number> = {};
    for (const entry of delivered) {
      // Validation's reasons, then what the ingester refuses of the entry in the stream (same-millisecond pairs).
      const reasons = [
        ...(entry.expect.outcome === 'rejected'
          ? (entry.expect.reasons ?? [])
          : (entry.expect.dropped ?? []).map((d) => d.reason)),
        ...(entry.inStream?.dropped ?? []).map((d) => d.reason),
      ];
      for (const reason of reasons) expected[reason] = (expected[reason] ?? 0) + REPEAT;
    }

    const hostile = await mqtt.connectAsync(rig.broker.url, { clientId: 'hostile-publisher', clean: true });
    const streaming = publisher.run(200, 20_000);
    await new Promise((r) => setTimeout(r, 5_000));
    // The burst: every publishable entry REPEAT times, as fast as the client sends them, amid the valid stream.
    const burstStarted = Date.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < REPEAT; i++) {
      for (const entry of publishable)
        sends.push(
          hostile.publishAsync(entry.topic, Buffer.from(hostilePayloadBytes(entry.payload)), { qos: 1 }),
        );
    }
    await Promise.all(sends);
    const burstMs = Date.now() - burstStarted;
    await streaming;
    await publisher.settle();
    const counts = await awaitDelivery(rig, publisher);
    await hostile.endAsync();

    const counted = await eventually(
      async () => {
        const now = (await rig!.health()).counters.rejections;
        const delta = Object.fromEntries(
          Object.entries(now)
            .map(([reason, n]) => [reason, n - (before[reason] ?? 0)] as const)
            .filter(([, n]) => n > 0),
        );
        expect(delta).toEqual(expected);
        return delta;
      },
      { timeoutMs: 30_000 },
    );
    const health = await rig.health();
    report('hostile corpus in a valid stream', {
      corpusEntries: entries.length,
      publishedEntries: publishable.length,
      notDeliveredByBroker: publishable
        .filter((e) => !delivered.includes(e))
        .map((e) => `${e.id} ${e.topic}`),
      hostileMessages: publishable.length * REPEAT,
      burstMs,
      ...counts,
      missing: counts.missing.length,
      rejectionsCounted: counted,
      deadLetters: health.counters.deadLetters,
      duplicateReadings: health.counters.duplicateReadings,
      normalisations: health.counters.normalisations,
    });
    expect(counts.missing).toEqual([]);
    expect(health.broker.connected).toBe(true);
    expect(rig.ingester.pid).toBeGreaterThan(0);
    expect(Object.keys(expected).length).toBeGreaterThan(10);
  });
});

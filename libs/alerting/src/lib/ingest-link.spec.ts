import { BROKER_DROPS_RULE_ID, INGESTER_STATION, LINK_DOWN_RULE_ID, SYSTEM_CLUSTER } from './ingest-link';
import { ThresholdAlerting } from './threshold-alerting';

/** The ingester's own intake alerts (issue 15 items 9 and 19), time as a parameter. */

const MIN = 60_000;
const T0 = Date.parse('2026-12-07T00:00:00Z');
const settings = { linkDownAfterMs: 2 * MIN, dropsQuietMs: 15 * MIN };
const up = (since: number) => ({ connected: true, since });
const down = (since: number) => ({ connected: false, since });
const noDrops = { observed: 0 };

describe('ingester/link-down', () => {
  it('is raised once after the link has been down longer than the threshold, and resolved when it is back', () => {
    const alerting = new ThresholdAlerting();
    expect(alerting.checkIngest(down(T0), noDrops, T0 + 2 * MIN, settings)).toEqual([]);
    const [raised, ...more] = alerting.checkIngest(down(T0), noDrops, T0 + 2 * MIN + 1, settings);
    expect(more).toEqual([]);
    expect(raised).toMatchObject({
      change: 'raised',
      alert: { type: 'system', ruleId: LINK_DOWN_RULE_ID, cluster: SYSTEM_CLUSTER, station: INGESTER_STATION, severity: 'critical', max: 2 },
    });
    for (let now = T0 + 3 * MIN; now < T0 + 30 * MIN; now += MIN) {
      expect(alerting.checkIngest(down(T0), noDrops, now, settings)).toEqual([]);
    }
    expect(alerting.openAlerts()[0]).toMatchObject({ peakValue: 29, lastValue: 29 });
    const [resolved] = alerting.checkIngest(up(T0 + 30 * MIN), noDrops, T0 + 30 * MIN + 5_000, settings);
    expect(resolved).toMatchObject({ change: 'resolved', alert: { id: raised!.alert.id, resolvedAt: new Date(T0 + 30 * MIN).toISOString() } });
    expect(alerting.checkIngest(up(T0 + 30 * MIN), noDrops, T0 + 31 * MIN, settings)).toEqual([]);
  });
  it('a short outage raises nothing; a restored open alert is resolved, not raised again', () => {
    const alerting = new ThresholdAlerting();
    expect(alerting.checkIngest(down(T0), noDrops, T0 + MIN, settings)).toEqual([]);
    expect(alerting.checkIngest(up(T0 + MIN), noDrops, T0 + MIN + 1, settings)).toEqual([]);
    const [raised] = new ThresholdAlerting().checkIngest(down(T0), noDrops, T0 + 5 * MIN, settings);
    const restarted = new ThresholdAlerting();
    restarted.restore([raised!.alert]);
    expect(restarted.checkIngest(down(T0 + 6 * MIN), noDrops, T0 + 9 * MIN, settings)).toEqual([]);
    expect(restarted.checkIngest(up(T0 + 10 * MIN), noDrops, T0 + 10 * MIN, settings).map((t) => t.change)).toEqual(['resolved']);
  });
});

describe('ingester/broker-drops', () => {
  it('is raised when the broker drop counter grows, follows the growth, resolves after a quiet period, and is raised again on new drops', () => {
    const alerting = new ThresholdAlerting();
    const [raised] = alerting.checkIngest(up(T0), { observed: 120, lastIncreaseAt: T0 }, T0, settings);
    expect(raised).toMatchObject({ change: 'raised', alert: { ruleId: BROKER_DROPS_RULE_ID, triggerValue: 120, unit: 'messages' } });
    expect(alerting.checkIngest(up(T0), { observed: 120, lastIncreaseAt: T0 }, T0 + MIN, settings)).toEqual([]);
    const [grew] = alerting.checkIngest(up(T0), { observed: 500, lastIncreaseAt: T0 + 2 * MIN }, T0 + 2 * MIN, settings);
    expect(grew).toMatchObject({ change: 'updated', alert: { triggerValue: 120, peakValue: 500, lastValue: 500 } });
    expect(alerting.checkIngest(up(T0), { observed: 500, lastIncreaseAt: T0 + 2 * MIN }, T0 + 17 * MIN, settings)).toEqual([]);
    const [resolved] = alerting.checkIngest(up(T0), { observed: 500, lastIncreaseAt: T0 + 2 * MIN }, T0 + 17 * MIN + 1, settings);
    expect(resolved?.change).toBe('resolved');
    expect(alerting.checkIngest(up(T0), { observed: 500, lastIncreaseAt: T0 + 2 * MIN }, T0 + 20 * MIN, settings)).toEqual([]);
    const [again] = alerting.checkIngest(up(T0), { observed: 530, lastIncreaseAt: T0 + 21 * MIN }, T0 + 21 * MIN, settings);
    expect(again).toMatchObject({ change: 'raised', alert: { triggerValue: 30 } });
  });
  it('nothing dropped, nothing raised', () => {
    expect(new ThresholdAlerting().checkIngest(up(T0), noDrops, T0, settings)).toEqual([]);
  });
});

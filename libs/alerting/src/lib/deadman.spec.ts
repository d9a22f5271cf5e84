import type { AlertTransition } from './open-alerts';
import { OFFLINE_RULE_ID, type StationActivity } from './deadman';
import { ThresholdAlerting } from './threshold-alerting';

/** The deadman rule, time as a parameter (moved from scenarios.spec.ts). */

const MIN = 60_000;
const T0 = Date.parse('2026-11-29T00:00:00Z');
const changes = (t: readonly AlertTransition[]) => t.map((c) => c.change);

describe('silent stations (deadman), time as a parameter', () => {
  const settings = { offlineAfterIntervals: 3, startedAt: T0, graceMs: 10 * MIN };
  const activity = (lastReadingAt?: number, announcedOffline = false): StationActivity[] => [
    {
      cluster: 'phong-khe',
      kind: 'wastewater',
      station: 'pk-ww-01',
      expectedIntervalS: 60,
      lastReadingAt,
      announcedOffline,
    },
  ];
  it('flags a station silent for more than 3 intervals once, and resolves when it reports again', () => {
    const alerting = new ThresholdAlerting();
    expect(alerting.checkSilence(activity(T0), T0 + 3 * MIN, settings)).toEqual([]);
    const raised = alerting.checkSilence(activity(T0), T0 + 3 * MIN + 1, settings);
    expect(raised.map((c) => [c.change, c.alert.ruleId, c.alert.type])).toEqual([
      ['raised', OFFLINE_RULE_ID, 'offline'],
    ]);
    expect(alerting.checkSilence(activity(T0), T0 + 30 * MIN, settings)).toEqual([]);
    const back = alerting.checkSilence(activity(T0 + 31 * MIN), T0 + 31 * MIN, settings);
    expect(back.map((c) => [c.change, c.alert.id])).toEqual([['resolved', raised[0].alert.id]]);
  });
  it('flags a station that never reported after the grace period from start-up', () => {
    const alerting = new ThresholdAlerting();
    expect(alerting.checkSilence(activity(), T0 + 10 * MIN, settings)).toEqual([]);
    expect(changes(alerting.checkSilence(activity(), T0 + 10 * MIN + 1, settings))).toEqual(['raised']);
  });
  it('flags a last will "offline" after one interval without readings', () => {
    const alerting = new ThresholdAlerting();
    expect(changes(alerting.checkSilence(activity(T0, true), T0 + MIN + 1, settings))).toEqual(['raised']);
  });
  it('keeps a restored offline alert open without raising it again', () => {
    const first = new ThresholdAlerting();
    const [raised] = first.checkSilence(activity(T0), T0 + 5 * MIN, settings);
    const second = new ThresholdAlerting();
    second.restore([raised.alert]);
    expect(second.checkSilence(activity(T0), T0 + 6 * MIN, settings)).toEqual([]);
  });
});


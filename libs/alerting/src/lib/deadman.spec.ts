import type { AlertTransition } from './open-alerts';
import {
  OFFLINE_RULE_ID,
  deafMs,
  isOffline,
  stationSilence,
  type SilenceVerdict,
  type StationActivity,
} from './deadman';
import { ThresholdAlerting } from './threshold-alerting';

/** The offline decision and the deadman rule, time as a parameter (scenarios moved from scenarios.spec.ts). */

const MIN = 60_000;
const T0 = Date.parse('2026-11-29T00:00:00Z');
const changes = (t: readonly AlertTransition[]) => t.map((c) => c.change);
const settings = { offlineAfterIntervals: 3, startedAt: T0, graceMs: 10 * MIN };
const station = (
  lastArrival?: number,
  announcedOffline = false,
  expectedIntervalS = 60,
): StationActivity => ({
  cluster: 'phong-khe',
  kind: 'wastewater',
  station: 'pk-ww-01',
  expectedIntervalS,
  lastArrival,
  announcedOffline,
});

describe('stationSilence: the one offline decision (station state and deadman)', () => {
  it('a station that reported is offline once silent for more than OFFLINE_AFTER_INTERVALS × its interval', () => {
    expect(stationSilence(station(T0), T0 + 3 * MIN, settings)).toEqual({
      offline: false,
      since: T0,
      silentMs: 3 * MIN,
      allowedMs: 3 * MIN,
    });
    expect(stationSilence(station(T0), T0 + 3 * MIN + 1, settings)).toMatchObject({
      offline: true,
      silentMs: 3 * MIN + 1,
    });
  });

  it('a station never heard from is not offline before the grace period (or the allowance, if longer) since start-up', () => {
    expect(stationSilence(station(), T0 + 10 * MIN, settings)).toEqual({
      offline: false,
      since: T0,
      silentMs: 10 * MIN,
      allowedMs: 3 * MIN,
    });
    expect(isOffline(station(), T0 + 10 * MIN + 1, settings)).toBe(true);
    // A 5-min station: 3 × 5 min = 15 min is longer than the 10 min grace.
    expect(isOffline(station(undefined, false, 300), T0 + 15 * MIN, settings)).toBe(false);
    expect(isOffline(station(undefined, false, 300), T0 + 15 * MIN + 1, settings)).toBe(true);
  });

  it('a last will "offline" is offline at once, heard from or not', () => {
    expect(isOffline(station(T0, true), T0 + 1, settings)).toBe(true);
    expect(isOffline(station(undefined, true), T0, settings)).toBe(true);
  });
});

describe('silent stations (deadman), time as a parameter', () => {
  const activity = (lastArrival?: number, announcedOffline = false): StationActivity[] => [
    station(lastArrival, announcedOffline),
  ];
  /** The deadman check at `now` over the verdicts the station state would hand it. */
  const check = (alerting: ThresholdAlerting, stations: readonly StationActivity[], now: number) =>
    alerting.checkSilence(
      stations.map((a) => ({ activity: a, silence: stationSilence(a, now, settings) })),
      now,
    );
  it('flags a station silent for more than 3 intervals once, and resolves when it reports again', () => {
    const alerting = new ThresholdAlerting();
    expect(check(alerting, activity(T0), T0 + 3 * MIN)).toEqual([]);
    const raised = check(alerting, activity(T0), T0 + 3 * MIN + 1);
    expect(raised.map((c) => [c.change, c.alert.ruleId, c.alert.type])).toEqual([
      ['raised', OFFLINE_RULE_ID, 'offline'],
    ]);
    expect(check(alerting, activity(T0), T0 + 30 * MIN)).toEqual([]);
    const back = check(alerting, activity(T0 + 31 * MIN), T0 + 31 * MIN);
    expect(back.map((c) => [c.change, c.alert.id])).toEqual([['resolved', raised[0].alert.id]]);
  });
  it('flags a station that never reported after the grace period from start-up', () => {
    const alerting = new ThresholdAlerting();
    expect(check(alerting, activity(), T0 + 10 * MIN)).toEqual([]);
    expect(changes(check(alerting, activity(), T0 + 10 * MIN + 1))).toEqual(['raised']);
  });
  it('flags a last will "offline" after one interval without readings', () => {
    const alerting = new ThresholdAlerting();
    expect(changes(check(alerting, activity(T0, true), T0 + MIN + 1))).toEqual(['raised']);
  });
  it('keeps a restored offline alert open without raising it again', () => {
    const first = new ThresholdAlerting();
    const [raised] = check(first, activity(T0), T0 + 5 * MIN);
    const second = new ThresholdAlerting();
    second.restore([raised.alert]);
    expect(check(second, activity(T0), T0 + 6 * MIN)).toEqual([]);
  });
  it('raises with the silence so far and the allowance, in minutes, and keeps the worst silence while open', () => {
    const alerting = new ThresholdAlerting();
    const [raised] = check(alerting, activity(T0), T0 + 4 * MIN);
    expect(raised.alert).toMatchObject({
      parameter: 'silence',
      unit: 'min',
      severity: 'critical',
      max: 3,
      triggerValue: 4,
      raisedAt: new Date(T0 + 4 * MIN).toISOString(),
      lastValueAt: new Date(T0).toISOString(),
    });
    check(alerting, activity(T0), T0 + 9 * MIN);
    expect(alerting.openAlerts()[0]).toMatchObject({ triggerValue: 4, peakValue: 9, lastValue: 9 });
  });
});

describe('the deadman reads the verdicts, it does not decide', () => {
  const verdict = (offline: boolean, lastArrival?: number): SilenceVerdict => ({
    activity: station(lastArrival),
    silence: { offline, since: lastArrival ?? T0, silentMs: 30 * MIN, allowedMs: 3 * MIN },
  });
  it('raises on an offline verdict and only then, whatever the figures', () => {
    const alerting = new ThresholdAlerting();
    expect(alerting.checkSilence([verdict(false, T0)], T0 + 30 * MIN)).toEqual([]);
    expect(changes(alerting.checkSilence([verdict(true, T0)], T0 + 30 * MIN))).toEqual(['raised']);
  });
  it('resolves only once the station has reported: a heartbeat that ends an "offline" verdict resolves nothing', () => {
    const alerting = new ThresholdAlerting();
    alerting.checkSilence([verdict(true)], T0 + 30 * MIN);
    expect(alerting.checkSilence([verdict(false)], T0 + 31 * MIN)).toEqual([]);
    expect(alerting.openAlerts()).toHaveLength(1);
    const [resolved] = alerting.checkSilence([verdict(false, T0 + 32 * MIN)], T0 + 32 * MIN);
    expect(resolved).toMatchObject({
      change: 'resolved',
      alert: { resolvedAt: new Date(T0 + 32 * MIN).toISOString() },
    });
  });
  it('after a last will, a heartbeat of a station that had reported resolves nothing; its next reading does, never before the raise', () => {
    const alerting = new ThresholdAlerting();
    // Reported at T0; its last will at T0 + 1 min is an offline verdict at once.
    const [raised] = alerting.checkSilence([verdict(true, T0)], T0 + MIN);
    expect(raised.change).toBe('raised');
    // A retained "online" ends the verdict, but no reading came since the raise.
    expect(alerting.checkSilence([verdict(false, T0)], T0 + 2 * MIN)).toEqual([]);
    expect(alerting.openAlerts()).toHaveLength(1);
    const [resolved] = alerting.checkSilence([verdict(false, T0 + 3 * MIN)], T0 + 3 * MIN);
    expect(resolved.change).toBe('resolved');
    expect(Date.parse(resolved.alert.resolvedAt!)).toBeGreaterThanOrEqual(Date.parse(raised.alert.raisedAt));
  });
});

describe('the time the ingester could hear nobody (broker link down) is not a station\'s silence (issue 15 item 9)', () => {
  it('deafMs adds up the parts of the spans inside the window, overlaps once, an open span up to the end', () => {
    expect(deafMs(0, 100, [])).toBe(0);
    expect(deafMs(0, 100, [{ from: -50, to: 10 }, { from: 20, to: 30 }])).toBe(20);
    expect(deafMs(0, 100, [{ from: 20, to: 60 }, { from: 40, to: 80 }])).toBe(60);
    expect(deafMs(0, 100, [{ from: 90 }])).toBe(10);
    expect(deafMs(100, 100, [{ from: 0 }])).toBe(0);
  });
  it('a station silent for 10 min of which 8 were a broker outage is not offline; the outage does not hide a longer silence', () => {
    const outage = { ...settings, deaf: [{ from: T0 + MIN, to: T0 + 9 * MIN }] };
    expect(stationSilence(station(T0), T0 + 10 * MIN, outage)).toEqual({
      offline: false,
      since: T0,
      silentMs: 2 * MIN,
      allowedMs: 3 * MIN,
    });
    expect(stationSilence(station(T0), T0 + 11 * MIN + 1, outage)).toMatchObject({ offline: true, cause: 'silent' });
  });
  it('while the link is still down (open span) no station becomes offline, however long it lasts', () => {
    const down = { ...settings, deaf: [{ from: T0 + MIN }] };
    expect(isOffline(station(T0), T0 + 600 * MIN, down)).toBe(false);
    // …and one never heard from waits out its grace outside the outage too.
    expect(isOffline(station(), T0 + 600 * MIN, down)).toBe(false);
  });
  it('the deadman raises no offline alert for a broker outage longer than the allowance', () => {
    const alerting = new ThresholdAlerting();
    const outage = { ...settings, deaf: [{ from: T0 + 30_000, to: T0 + 20 * MIN }] };
    for (let now = T0; now <= T0 + 21 * MIN; now += 30_000) {
      const verdicts = [station(T0)].map((a) => ({ activity: a, silence: stationSilence(a, now, outage) }));
      expect(alerting.checkSilence(verdicts, now)).toEqual([]);
    }
  });
});

describe('readings that arrive with old measurement times do not keep a station heard (issue 15 item 10)', () => {
  const stale = (lastArrival: number, lastReadingTime: number): StationActivity => ({
    ...station(lastArrival),
    lastReadingTime,
  });
  it('a station whose newest reading was measured days ago is offline (`stale`) although readings keep arriving', () => {
    const now = T0 + 10 * MIN;
    const verdict = stationSilence(stale(now - 1000, now - 3 * 86_400_000), now, settings);
    expect(verdict).toMatchObject({ offline: true, cause: 'stale', since: now - 3 * 86_400_000 });
  });
  it('a measurement time within the allowance is not stale; a clock ahead of the ingester counts from the arrival', () => {
    const now = T0 + 10 * MIN;
    expect(isOffline(stale(now, now - 3 * MIN), now, settings)).toBe(false);
    expect(isOffline(stale(now, now - 3 * MIN - 1), now, settings)).toBe(true);
    expect(stationSilence(stale(now - MIN, now + MIN), now, settings)).toMatchObject({ offline: false, since: now - MIN });
  });
  it('the deadman raises the offline alert for stale data and resolves it on the first current reading', () => {
    const alerting = new ThresholdAlerting();
    const check = (a: StationActivity, now: number) =>
      alerting.checkSilence([{ activity: a, silence: stationSilence(a, now, settings) }], now);
    const now = T0 + 10 * MIN;
    expect(changes(check(stale(now, now - 86_400_000), now))).toEqual(['raised']);
    expect(check(stale(now + MIN, now - 86_400_000 + MIN), now + MIN)).toEqual([]);
    expect(changes(check(stale(now + 2 * MIN, now + 2 * MIN - 5_000), now + 2 * MIN))).toEqual(['resolved']);
  });
});

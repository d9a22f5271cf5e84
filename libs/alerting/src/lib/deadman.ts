import type { AlertDto, LimitSource, StationKind } from '@langxanh/contracts';
import { iso, raisedValues, type AlertTransition, type OpenAlerts } from './open-alerts';

/** What the silence check needs to know about one station (see {@link Deadman.check}). */
export interface StationActivity {
  readonly cluster: string;
  readonly kind: StationKind;
  readonly station: string;
  /** Seconds between readings the station is expected to send (registry `expectedIntervalS`). */
  readonly expectedIntervalS: number;
  /** When its newest reading arrived (epoch ms), if any since the history the caller keeps. Heartbeats don't count. */
  readonly lastReadingAt?: number;
  /** Its retained status / last will says `offline`. */
  readonly announcedOffline: boolean;
}

export interface SilenceSettings {
  /** Offline after this many expected intervals without a reading (OFFLINE_AFTER_INTERVALS). */
  readonly offlineAfterIntervals: number;
  /** When the watcher started (epoch ms): a station that never reported is flagged `graceMs` after this. */
  readonly startedAt: number;
  readonly graceMs: number;
}

/** Rule id of the offline (deadman) alert of a station. */
export const OFFLINE_RULE_ID = 'station/offline';

/** Where the offline rule comes from: a project rule on the TT 10/2021 "gián đoạn truyền" idea (domain.md §4.2). */
const OFFLINE_SOURCE: LimitSource = {
  document: 'LàngXanh: im lặng quá N × chu kỳ truyền (OFFLINE_AFTER_INTERVALS)',
  clause: 'docs/domain.md §4.2 (gián đoạn truyền)',
  effectiveFrom: '2000-01-01',
};

/** The deadman rule: one open `offline` alert per silent station. */
export class Deadman {
  constructor(private readonly open: OpenAlerts) {}

  /**
   * The deadman check, with `now` (epoch ms) as a parameter: a station is silent when no reading arrived within
   * `offlineAfterIntervals` × its expected interval, when it never reported `graceMs` after `startedAt`, or when
   * its last will says `offline` and no reading came for one interval. A silent station gets one open `offline`
   * alert (rule {@link OFFLINE_RULE_ID}, parameter `silence`, values in minutes); it resolves when the station
   * reports again. Heartbeats (`online` status messages) do not count as readings.
   */
  check(stations: readonly StationActivity[], now: number, settings: SilenceSettings): AlertTransition[] {
    const transitions: AlertTransition[] = [];
    for (const s of stations) {
      const key = `${s.station}|${OFFLINE_RULE_ID}`;
      const intervalMs = s.expectedIntervalS * 1000;
      const allowedMs = settings.offlineAfterIntervals * intervalMs;
      const since = s.lastReadingAt ?? settings.startedAt;
      const silentMs = now - since;
      const silent =
        s.lastReadingAt === undefined
          ? silentMs > Math.max(settings.graceMs, allowedMs) || (s.announcedOffline && silentMs > intervalMs)
          : silentMs > allowedMs || (s.announcedOffline && silentMs > intervalMs);
      const current = this.open.get(key);
      const minutes = Math.round((silentMs / 60_000) * 10) / 10;
      if (silent && !current) {
        const alert: AlertDto = {
          id: `${s.station}:${OFFLINE_RULE_ID}:${now}`,
          type: 'offline',
          cluster: s.cluster,
          station: s.station,
          kind: s.kind,
          parameter: 'silence',
          ruleId: OFFLINE_RULE_ID,
          state: 'active',
          severity: s.kind === 'waste' ? 'warning' : 'critical',
          comparison: 'above',
          max: Math.round((allowedMs / 60_000) * 10) / 10,
          unit: 'min',
          averagingPeriod: 'instant',
          source: OFFLINE_SOURCE,
          ...raisedValues(minutes, now),
          ...(s.lastReadingAt === undefined ? {} : { lastValueAt: iso(s.lastReadingAt) }),
        };
        transitions.push(this.open.raise(key, alert));
      } else if (!silent && current && s.lastReadingAt !== undefined) {
        const at = iso(s.lastReadingAt);
        transitions.push(this.open.resolve(key, { ...current, state: 'resolved', lastValueAt: at, resolvedAt: at }));
      } else if (current) {
        this.open.set(key, {
          ...current,
          peakValue: Math.max(current.peakValue, minutes),
          lastValue: minutes,
        });
      }
    }
    return transitions;
  }
}

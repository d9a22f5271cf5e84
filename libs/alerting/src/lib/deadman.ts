import type { AlertDto, LimitSource, StationKind } from '@langxanh/contracts';
import { iso, raisedValues, type AlertTransition, type OpenAlerts } from './open-alerts';

/** What the offline decision needs to know about one station ({@link stationSilence}). */
export interface StationActivity {
  readonly cluster: string;
  readonly kind: StationKind;
  readonly station: string;
  /** Seconds between readings the station is expected to send (registry `expectedIntervalS`). */
  readonly expectedIntervalS: number;
  /**
   * When its newest reading arrived (processing time, epoch ms), if any since the history the caller keeps (after a
   * restart: the newest stored reading). Status heartbeats are not readings.
   */
  readonly lastArrival?: number;
  /** Its retained status / last will says `offline` (and no reading came since). */
  readonly announcedOffline: boolean;
}

export interface SilenceSettings {
  /** Offline after this many expected intervals without a reading (OFFLINE_AFTER_INTERVALS, default 3). */
  readonly offlineAfterIntervals: number;
  /** When the watcher started (epoch ms): the silence of a station never heard from is counted from here. */
  readonly startedAt: number;
  /** How long after `startedAt` a station never heard from may stay silent (OFFLINE_GRACE_S). */
  readonly graceMs: number;
}

/** A station's silence at one moment: the one verdict behind its `offline` state and its `offline` alert. */
export interface StationSilence {
  readonly offline: boolean;
  /** Where the silence is counted from (epoch ms): the newest reading's arrival, else `startedAt`. */
  readonly since: number;
  /** `now − since`. */
  readonly silentMs: number;
  /** The silence allowed a station that has reported: OFFLINE_AFTER_INTERVALS × its expected interval. */
  readonly allowedMs: number;
}

/** A station's activity with the verdict decided on it: what the deadman rule reads ({@link Deadman.check}). */
export interface SilenceVerdict {
  readonly activity: StationActivity;
  readonly silence: StationSilence;
}

/**
 * Whether a station is offline at `now` (epoch ms) — THE offline rule: the station state (overview badge) and the
 * deadman alert both follow it. A project rule on TT 10/2021/TT-BTNMT's "gián đoạn truyền" (docs/domain.md §4.2:
 * alert when nothing arrives within N × the expected period):
 * - its retained status / last will says `offline`: offline at once (the broker's word that the session is gone);
 * - it has reported: offline once silent for more than OFFLINE_AFTER_INTERVALS × its expected interval since its
 *   newest reading arrived (heartbeats don't count);
 * - it was never heard from (no reading since start-up, none stored): offline once silent for more than the longer
 *   of the grace period (OFFLINE_GRACE_S) and that allowance since start-up — the grace keeps a restart from
 *   flagging every station at once; until then its state is `no_data`.
 * Bounds are strict: silent for exactly the allowance is not yet offline.
 */
export function isOffline(activity: StationActivity, now: number, settings: SilenceSettings): boolean {
  if (activity.announcedOffline) return true;
  const allowedMs = settings.offlineAfterIntervals * activity.expectedIntervalS * 1000;
  return activity.lastArrival === undefined
    ? now - settings.startedAt > Math.max(settings.graceMs, allowedMs)
    : now - activity.lastArrival > allowedMs;
}

/** The verdict of {@link isOffline} with the figures the `offline` alert shows (how long silent, how long allowed). */
export function stationSilence(
  activity: StationActivity,
  now: number,
  settings: SilenceSettings,
): StationSilence {
  const since = activity.lastArrival ?? settings.startedAt;
  return {
    offline: isOffline(activity, now, settings),
    since,
    silentMs: now - since,
    allowedMs: settings.offlineAfterIntervals * activity.expectedIntervalS * 1000,
  };
}

/** Rule id of the offline (deadman) alert of a station. */
export const OFFLINE_RULE_ID = 'station/offline';

/** Where the offline rule comes from: a project rule on the TT 10/2021 "gián đoạn truyền" idea (domain.md §4.2). */
const OFFLINE_SOURCE: LimitSource = {
  document: 'LàngXanh: im lặng quá N × chu kỳ truyền (OFFLINE_AFTER_INTERVALS)',
  clause: 'docs/domain.md §4.2 (gián đoạn truyền)',
  effectiveFrom: '2000-01-01',
};

/**
 * The deadman rule: it reads the station state's verdicts ({@link stationSilence}) and never decides "offline"
 * itself, so the overview badge and the alert cannot disagree. A station whose verdict is `offline` gets one open
 * `offline` alert (rule {@link OFFLINE_RULE_ID}, parameter `silence`, values in minutes; `critical`, `warning` for
 * bins); it resolves, at the new reading's arrival, once the verdict is no longer `offline` and a reading arrived
 * since the alert was raised. A heartbeat alone resolves nothing: after a last will, a retained `online` ends the
 * `offline` verdict, but the alert stays open (and is never resolved before it was raised) until data comes.
 */
export class Deadman {
  constructor(private readonly open: OpenAlerts) {}

  /** Raises, updates (silence so far) or resolves the `offline` alerts of `verdicts` at `now` (epoch ms). */
  check(verdicts: readonly SilenceVerdict[], now: number): AlertTransition[] {
    const transitions: AlertTransition[] = [];
    for (const { activity: s, silence } of verdicts) {
      const key = `${s.station}|${OFFLINE_RULE_ID}`;
      const current = this.open.get(key);
      const minutes = Math.round((silence.silentMs / 60_000) * 10) / 10;
      if (silence.offline && !current) {
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
          max: Math.round((silence.allowedMs / 60_000) * 10) / 10,
          unit: 'min',
          averagingPeriod: 'instant',
          source: OFFLINE_SOURCE,
          ...raisedValues(minutes, now),
          ...(s.lastArrival === undefined ? {} : { lastValueAt: iso(s.lastArrival) }),
        };
        transitions.push(this.open.raise(key, alert));
      } else if (
        !silence.offline &&
        current &&
        s.lastArrival !== undefined &&
        s.lastArrival >= Date.parse(current.raisedAt)
      ) {
        const at = iso(s.lastArrival);
        transitions.push(
          this.open.resolve(key, { ...current, state: 'resolved', lastValueAt: at, resolvedAt: at }),
        );
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

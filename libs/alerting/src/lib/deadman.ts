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
  /**
   * The measurement time of the newest reading it sent (epoch ms, the payload's `ts`): readings that keep arriving
   * with old times do not keep a station "heard" ({@link isOffline}). Absent: taken as `lastArrival`.
   */
  readonly lastReadingTime?: number;
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
  /**
   * When the ingester itself could not hear any station (its broker link was down, see {@link DeafSpan}): that time
   * is not counted as a station's silence. Absent: none.
   */
  readonly deaf?: readonly DeafSpan[];
}

/**
 * A time span in which the ingester could hear no station: its connection to the broker was down (epoch ms, `from`
 * inclusive; `to` absent while it is still down).
 */
export interface DeafSpan {
  readonly from: number;
  readonly to?: number;
}

/**
 * How much of [`from`, `to`] (epoch ms) falls inside the `spans` (overlapping spans counted once).
 * @returns milliseconds, 0 ≤ result ≤ max(0, to − from).
 */
export function deafMs(from: number, to: number, spans: readonly DeafSpan[] = []): number {
  if (to <= from || spans.length === 0) return 0;
  const clipped = spans
    .map((s) => [Math.max(from, s.from), Math.min(to, s.to ?? to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = from;
  for (const [a, b] of clipped) {
    const start = Math.max(a, end);
    if (b > start) total += b - start;
    end = Math.max(end, b);
  }
  return total;
}

/**
 * Why a station is offline: `announced` its last will / retained status said so; `silent` nothing arrived within
 * the allowance; `stale` readings still arrive, but the newest measurement time they carry is older than the
 * allowance (a datalogger replaying old data, or a clock far behind).
 */
export type OfflineCause = 'announced' | 'silent' | 'stale';

/** A station's silence at one moment: the one verdict behind its `offline` state and its `offline` alert. */
export interface StationSilence {
  readonly offline: boolean;
  /** Why it is offline; absent when it is not. */
  readonly cause?: OfflineCause;
  /**
   * Where the silence is counted from (epoch ms): the older of the newest reading's arrival and its measurement
   * time, else `startedAt`.
   */
  readonly since: number;
  /** `now − since`, less the time the ingester was deaf in between ({@link SilenceSettings.deaf}). */
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
 * Whether a station is offline at `now` (epoch ms), and why — THE offline rule: the station state (overview badge)
 * and the deadman alert both follow it. A project rule on TT 10/2021/TT-BTNMT's "gián đoạn truyền"
 * (docs/domain.md §4.2: alert when nothing arrives within N × the expected period); docs/alert-rules.md:
 * - its retained status / last will says `offline`: offline at once (the broker's word that the session is gone);
 * - it has reported: offline once silent for more than OFFLINE_AFTER_INTERVALS × its expected interval, counted
 *   from the OLDER of its newest reading's arrival and that reading's measurement time (heartbeats don't count):
 *   readings that keep arriving with old times (a datalogger replaying its buffer, a clock days behind) are no
 *   news of the present, so such a station is offline (`stale`) until a current reading arrives;
 * - it was never heard from (no reading since start-up, none stored): offline once silent for more than the longer
 *   of the grace period (OFFLINE_GRACE_S) and that allowance since start-up — the grace keeps a restart from
 *   flagging every station at once; until then its state is `no_data`.
 * The time in which the ingester itself could hear nobody (`settings.deaf`: its broker link was down) is not
 * counted: a broker outage is the ingest-link alert's, not every station's. Bounds are strict: silent for exactly
 * the allowance is not yet offline.
 */
export function stationSilence(
  activity: StationActivity,
  now: number,
  settings: SilenceSettings,
): StationSilence {
  const allowedMs = settings.offlineAfterIntervals * activity.expectedIntervalS * 1000;
  const arrival = activity.lastArrival;
  const since =
    arrival === undefined ? settings.startedAt : Math.min(arrival, activity.lastReadingTime ?? arrival);
  const silentMs = now - since - deafMs(since, now, settings.deaf);
  const verdict = { since, silentMs, allowedMs };
  if (activity.announcedOffline) return { offline: true, cause: 'announced', ...verdict };
  if (arrival === undefined) {
    return silentMs > Math.max(settings.graceMs, allowedMs)
      ? { offline: true, cause: 'silent', ...verdict }
      : { offline: false, ...verdict };
  }
  if (silentMs <= allowedMs) return { offline: false, ...verdict };
  const arrivalSilenceMs = now - arrival - deafMs(arrival, now, settings.deaf);
  return { offline: true, cause: arrivalSilenceMs > allowedMs ? 'silent' : 'stale', ...verdict };
}

/** Whether a station is offline at `now`: {@link stationSilence}'s verdict alone. */
export function isOffline(activity: StationActivity, now: number, settings: SilenceSettings): boolean {
  return stationSilence(activity, now, settings).offline;
}

/** Rule id of the offline (deadman) alert of a station. */
export const OFFLINE_RULE_ID = 'station/offline';

/** Where the offline rule comes from: a project rule on the TT 10/2021 "gián đoạn truyền" idea (domain.md §4.2). */
const OFFLINE_SOURCE: LimitSource = {
  document: 'Quy tắc của LàngXanh (theo TT 10/2021/TT-BTNMT)',
  clause: 'trạm không gửi dữ liệu quá số chu kỳ truyền cho phép (gián đoạn truyền)',
  effectiveFrom: '2000-01-01',
  en: { document: 'LàngXanh rule (after TT 10/2021/TT-BTNMT)', clause: 'no data from the station for more than the allowed number of transmission intervals (transmission gap)' },
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

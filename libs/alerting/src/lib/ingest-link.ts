import type { AlertDto, LimitSource } from '@langxanh/contracts';
import { iso, raisedValues, type AlertTransition, type OpenAlerts } from './open-alerts';

/**
 * The ingester's own alerts about its intake (type `system`, cluster {@link SYSTEM_CLUSTER}, station
 * {@link INGESTER_STATION}: visible to administrators and the department, not to cluster managers):
 * - `ingester/link-down`: its broker connection has been down longer than a threshold. While it is down the
 *   ingester hears no station, so the stations' own offline alerts do not count that time (deadman.ts `deaf`);
 *   this one alert stands for all of them.
 * - `ingester/broker-drops`: the broker reports that it dropped messages (Mosquitto's
 *   `$SYS/broker/publish/messages/dropped`): readings that never reached the ingester, and that it cannot count
 *   itself.
 * Pure: the link state and drop counts are parameters, time is a parameter.
 */

/** Cluster id of the ingester's own alerts (no registry cluster has it). */
export const SYSTEM_CLUSTER = 'system';
/** Station id of the ingester's own alerts. */
export const INGESTER_STATION = 'ingester';
export const LINK_DOWN_RULE_ID = 'ingester/link-down';
export const BROKER_DROPS_RULE_ID = 'ingester/broker-drops';

/** The broker connection as the rule needs it. */
export interface IngestLinkState {
  readonly connected: boolean;
  /** Epoch ms of the last change of `connected` (for a link never up: the process start). */
  readonly since: number;
}

/** What the broker said about dropped messages, as the rule needs it. */
export interface BrokerDropState {
  /** Messages the broker dropped since the ingester started watching (resets of the broker's counter added up). */
  readonly observed: number;
  /** Epoch ms of the newest increase of `observed`, if any. */
  readonly lastIncreaseAt?: number;
}

export interface IngestAlertSettings {
  /** Raise `ingester/link-down` once the link has been down longer than this (INGEST_LINK_ALERT_AFTER_S). */
  readonly linkDownAfterMs: number;
  /** Resolve `ingester/broker-drops` once the broker's drop counter has not grown for this long. */
  readonly dropsQuietMs: number;
}

/** Project rules (docs/alert-rules.md "ingest link down", "broker drops"); the texts are what users read. */
const LINK_SOURCE: LimitSource = {
  document: 'Quy tắc của LàngXanh',
  clause: 'máy thu nhận mất kết nối với máy chủ MQTT quá thời gian cho phép',
  effectiveFrom: '2000-01-01',
  en: { document: 'LàngXanh rule', clause: 'the ingester lost its MQTT broker connection for longer than allowed' },
};

const DROPS_SOURCE: LimitSource = {
  document: 'Quy tắc của LàngXanh',
  clause: 'máy chủ MQTT báo đã bỏ tin nhắn',
  effectiveFrom: '2000-01-01',
  en: { document: 'LàngXanh rule', clause: 'the MQTT broker reported dropped messages' },
};

const systemAlert = (
  ruleId: string,
  parameter: string,
  unit: string,
  value: number,
  now: number,
  source: LimitSource,
  max: number,
): AlertDto => ({
  id: `${INGESTER_STATION}:${ruleId}:${now}`,
  type: 'system',
  cluster: SYSTEM_CLUSTER,
  station: INGESTER_STATION,
  kind: 'air',
  parameter,
  ruleId,
  state: 'active',
  severity: 'critical',
  comparison: 'above',
  max,
  unit,
  averagingPeriod: 'instant',
  source,
  ...raisedValues(value, now),
});

/** The ingester's intake alerts over the shared open alerts (so a restart restores them with the others). */
export class IngestAlerts {
  constructor(private readonly open: OpenAlerts) {}

  /**
   * At `now` (epoch ms): raises `ingester/link-down` once (the link down for more than `linkDownAfterMs`, value in
   * minutes down), updates it while down, resolves it when the link is back (at `link.since`); raises
   * `ingester/broker-drops` when `drops.observed` grew (value: messages dropped in this episode), updates it as it
   * grows, resolves it once it has not grown for `dropsQuietMs`.
   */
  check(
    link: IngestLinkState,
    drops: BrokerDropState,
    now: number,
    settings: IngestAlertSettings,
  ): AlertTransition[] {
    return [...this.checkLink(link, now, settings), ...this.checkDrops(drops, now, settings)];
  }

  private checkLink(link: IngestLinkState, now: number, settings: IngestAlertSettings): AlertTransition[] {
    const key = `${INGESTER_STATION}|${LINK_DOWN_RULE_ID}`;
    const current = this.open.get(key);
    const downMs = link.connected ? 0 : now - link.since;
    const minutes = Math.round((downMs / 60_000) * 10) / 10;
    if (!link.connected && downMs > settings.linkDownAfterMs) {
      if (!current) {
        const max = Math.round((settings.linkDownAfterMs / 60_000) * 10) / 10;
        return [this.open.raise(key, systemAlert(LINK_DOWN_RULE_ID, 'link', 'min', minutes, now, LINK_SOURCE, max))];
      }
      this.open.set(key, { ...current, peakValue: Math.max(current.peakValue, minutes), lastValue: minutes, lastValueAt: iso(now) });
      return [];
    }
    if (link.connected && current) {
      const at = iso(Math.max(link.since, Date.parse(current.raisedAt)));
      return [this.open.resolve(key, { ...current, state: 'resolved', lastValue: 0, lastValueAt: at, resolvedAt: at })];
    }
    return [];
  }

  private checkDrops(drops: BrokerDropState, now: number, settings: IngestAlertSettings): AlertTransition[] {
    const key = `${INGESTER_STATION}|${BROKER_DROPS_RULE_ID}`;
    const current = this.open.get(key);
    // Messages dropped in this episode: since the previous one was resolved (or since start-up).
    const dropped = drops.observed - this.dropsBaseline;
    if (!current) {
      if (dropped <= 0) return [];
      return [this.open.raise(key, systemAlert(BROKER_DROPS_RULE_ID, 'dropped', 'messages', dropped, now, DROPS_SOURCE, 0))];
    }
    if (drops.lastIncreaseAt === undefined || now - drops.lastIncreaseAt > settings.dropsQuietMs) {
      this.dropsBaseline = drops.observed;
      const at = iso(now);
      return [this.open.resolve(key, { ...current, state: 'resolved', lastValueAt: at, resolvedAt: at })];
    }
    if (dropped > current.lastValue) {
      const next = { ...current, peakValue: dropped, lastValue: dropped, lastValueAt: iso(now) };
      this.open.set(key, next);
      return [{ change: 'updated', alert: next }];
    }
    return [];
  }

  /** `observed` when the last `ingester/broker-drops` alert was resolved. */
  private dropsBaseline = 0;
}

import type { AlertDto } from '@langxanh/contracts';

/** A change to an alert, to be stored and broadcast. */
export interface AlertTransition {
  readonly change: 'raised' | 'updated' | 'resolved';
  readonly alert: AlertDto;
}

/** ISO 8601 (UTC) of an epoch-ms time. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** `current` resolved by `value` measured at `time` (epoch ms). */
export function resolvedAlert(current: AlertDto, value: number, time: number): AlertDto {
  const at = iso(time);
  return { ...current, state: 'resolved', lastValue: value, lastValueAt: at, resolvedAt: at };
}

/** The values of an alert raised by `value` measured at `time` (epoch ms): trigger, peak and last value, times. */
export function raisedValues(value: number, time: number) {
  const at = iso(time);
  return { triggerValue: value, peakValue: value, lastValue: value, raisedAt: at, lastValueAt: at };
}

/**
 * The `station|id` keys of the rules' maps, built once per station and rule or parameter id: building (and hashing)
 * a new string per reading and rule was a measurable share of the ingester's CPU under load.
 */
export class StationKeys {
  private readonly keys = new Map<string, Map<string, string>>();

  /** The key `${station}|${id}`, the same string each time. */
  key(station: string, id: string): string {
    let byId = this.keys.get(station);
    if (!byId) {
      byId = new Map();
      this.keys.set(station, byId);
    }
    let key = byId.get(id);
    if (key === undefined) {
      key = `${station}|${id}`;
      byId.set(id, key);
    }
    return key;
  }
}

/**
 * The alerts open now (active or acknowledged), at most one per station and rule, keyed `station|ruleId`
 * ({@link StationKeys}). Shared by the threshold, device-fault and deadman rules, so that a restart restores, and
 * the API replaces, alerts of every kind in one place.
 */
export class OpenAlerts {
  private readonly byKey = new Map<string, AlertDto>();

  get(key: string): AlertDto | undefined {
    return this.byKey.get(key);
  }

  set(key: string, alert: AlertDto): void {
    this.byKey.set(key, alert);
  }

  /** Opens `alert` under `key`. @returns its `raised` transition. */
  raise(key: string, alert: AlertDto): AlertTransition {
    this.byKey.set(key, alert);
    return { change: 'raised', alert };
  }

  /** Closes the alert under `key`; `alert` is its resolved version. @returns its `resolved` transition. */
  resolve(key: string, alert: AlertDto): AlertTransition {
    this.byKey.delete(key);
    return { change: 'resolved', alert };
  }

  /** Re-opens alerts that were open (active or acknowledged) before a restart. Resolved ones are ignored. */
  restore(alerts: readonly AlertDto[]): void {
    for (const alert of alerts) {
      if (alert.state !== 'resolved') this.byKey.set(`${alert.station}|${alert.ruleId}`, alert);
    }
  }

  /**
   * Replaces an open alert by a new version of itself (same id), e.g. once acknowledged or commented, so that later
   * transitions carry it on. @returns false when no open alert has that id.
   */
  replace(alert: AlertDto): boolean {
    const key = `${alert.station}|${alert.ruleId}`;
    if (this.byKey.get(key)?.id !== alert.id) return false;
    this.byKey.set(key, alert);
    return true;
  }

  /** Alerts open now, oldest first. */
  list(): AlertDto[] {
    return [...this.byKey.values()].sort((a, b) => a.raisedAt.localeCompare(b.raisedAt));
  }

  /** The open alert with this id, if any. */
  byId(id: string): AlertDto | undefined {
    for (const alert of this.byKey.values()) if (alert.id === id) return alert;
    return undefined;
  }

  /**
   * Resolves every open alert of `station` (threshold, device fault, offline) at `at` (epoch ms), last values as they
   * were: for a station that will report no more (retired, docs/registry.md). @returns their `resolved`
   * transitions, oldest raised first.
   */
  resolveStation(station: string, at: number): AlertTransition[] {
    const resolvedAt = iso(at);
    const out: AlertTransition[] = [];
    for (const alert of this.list()) {
      if (alert.station !== station) continue;
      out.push(this.resolve(`${alert.station}|${alert.ruleId}`, { ...alert, state: 'resolved', resolvedAt }));
    }
    return out;
  }
}

import type { AlertDto, Reading, ThresholdRule } from '@langxanh/contracts';
import { Deadman, type SilenceVerdict } from './deadman';
import { DeviceFaults, type DeviceFaultOptions } from './device-faults';
import {
  IngestAlerts,
  type BrokerDropState,
  type IngestAlertSettings,
  type IngestLinkState,
} from './ingest-link';
import { OpenAlerts, StationKeys, type AlertTransition } from './open-alerts';
import {
  ThresholdEvaluator,
  type LateReadingCounts,
  type ThresholdAlertingOptions,
  type WarmUpBuckets,
} from './threshold-evaluator';

/** Orders readings oldest first (for `Array.prototype.sort`, which is stable: equal times keep their order). */
export const byMeasurementTime = (a: Reading, b: Reading): number => a.time - b.time;

/**
 * The alert rules of the ingester behind one object, pure (no I/O, no clock: time comes from the readings, or is a
 * parameter): threshold rules ({@link ThresholdEvaluator}), device faults ({@link DeviceFaults}) and the deadman
 * ({@link Deadman}) over one set of open alerts — at most one per station and rule — that a restart restores and
 * the API's lifecycle actions replace.
 */
export class ThresholdAlerting {
  private readonly open = new OpenAlerts();
  private readonly thresholds: ThresholdEvaluator;
  private readonly faults: DeviceFaults;
  private readonly deadman = new Deadman(this.open);
  private readonly ingest = new IngestAlerts(this.open);

  /** @param options the threshold rules' options and the device-fault (frozen-sensor) thresholds. */
  constructor(options: ThresholdAlertingOptions & DeviceFaultOptions = {}) {
    const keys = new StationKeys();
    this.thresholds = new ThresholdEvaluator(this.open, keys, options);
    this.faults = new DeviceFaults(this.open, keys, options);
  }

  /** Re-opens alerts that were open (active or acknowledged) before a restart. Resolved ones are ignored. */
  restore(alerts: readonly AlertDto[]): void {
    this.open.restore(alerts);
  }

  /**
   * Replaces an open alert by a new version of itself (same id), e.g. once acknowledged or commented, so that later
   * transitions carry it on. @returns false when no open alert has that id.
   */
  replace(alert: AlertDto): boolean {
    return this.open.replace(alert);
  }

  /** See {@link ThresholdEvaluator.knowNewest}. */
  knowNewest(station: string, time: number): void {
    this.thresholds.knowNewest(station, time);
  }

  /** See {@link ThresholdEvaluator.warmUp}. */
  warmUp(station: string, parameter: string, stored: WarmUpBuckets): void {
    this.thresholds.warmUp(station, parameter, stored);
  }

  /** Alerts open now (active or acknowledged), oldest first. */
  openAlerts(): AlertDto[] {
    return this.open.list();
  }

  /** The open alert with this id, if any. */
  openAlert(id: string): AlertDto | undefined {
    return this.open.byId(id);
  }

  /**
   * Evaluates `reading` against `rules` (the station's rules in force at the reading's time): its device faults
   * first, then the threshold rules on its `00` values, in measurement-time order (a late reading inside the
   * re-evaluation horizon is evaluated in its place, see {@link ThresholdEvaluator}). Readings that arrive together
   * (a burst) are best given oldest first ({@link byMeasurementTime}): the outcome is the same, with fewer updates.
   */
  evaluate(reading: Reading, rules: readonly ThresholdRule[]): AlertTransition[] {
    const transitions = this.faults.evaluate(reading);
    this.thresholds.evaluate(reading, rules, transitions);
    return transitions;
  }

  /** Resolves every open alert of a station that will report no more, see {@link OpenAlerts.resolveStation}. */
  resolveStation(station: string, at: number): AlertTransition[] {
    return this.open.resolveStation(station, at);
  }

  /** Late values so far, see {@link ThresholdEvaluator.lateReadings}. */
  lateReadings(): LateReadingCounts {
    return this.thresholds.lateReadings();
  }

  /** The deadman rule at `now` over the station state's silence verdicts, see {@link Deadman.check}. */
  checkSilence(verdicts: readonly SilenceVerdict[], now: number): AlertTransition[] {
    return this.deadman.check(verdicts, now);
  }

  /** The ingester's own intake alerts (broker link down, broker drops) at `now`, see {@link IngestAlerts.check}. */
  checkIngest(
    link: IngestLinkState,
    drops: BrokerDropState,
    now: number,
    settings: IngestAlertSettings,
  ): AlertTransition[] {
    return this.ingest.check(link, drops, now, settings);
  }
}

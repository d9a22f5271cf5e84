import type { AlertDto, LimitSource, Reading, StationKind } from '@langxanh/contracts';
import {
  raisedValues,
  resolvedAlert,
  type AlertTransition,
  type OpenAlerts,
  type StationKeys,
} from './open-alerts';

/** Rule id prefix of device-fault alerts (`device-fault/COD`). */
export const DEVICE_FAULT_RULE_PREFIX = 'device-fault/';

const DEVICE_FAULT_SOURCE: LimitSource = {
  document: 'TT 10/2021/TT-BTNMT',
  clause: 'trạng thái thiết bị 02 (báo lỗi thiết bị)',
  effectiveFrom: '2021-08-16',
  en: { document: 'TT 10/2021/TT-BTNMT', clause: 'device status 02 (device error)' },
};

/** Rule id prefix of frozen-sensor alerts (`device-fault/frozen/COD`). */
export const FROZEN_SENSOR_RULE_PREFIX = `${DEVICE_FAULT_RULE_PREFIX}frozen/`;

/**
 * Frozen-sensor defaults: at least 12 consecutive identical `00` values spanning at least 3 h. LàngXanh's choice
 * (neither TT 10/2021/TT-BTNMT nor QCVN 40 / 05 defines a frozen-sensor test; the idea is the "flat line test" of
 * the U.S. IOOS QARTOD manuals, which leave its thresholds to the operator): at the registry's 5-minute interval 3 h
 * is 36 readings, far beyond the few equal readings a slow-moving real value gives (an analyser's last digit moves
 * within minutes), and 12 readings keep an hourly-reporting station from being flagged after 3 values.
 */
export const FROZEN_SENSOR_DEFAULTS = { minCount: 12, minDurationMs: 3 * 3_600_000 } as const;

/**
 * Parameters the frozen-sensor rule watches: the continuous analysers of wastewater and air stations. Not `Flow`
 * (a plant that stops discharging reads 0 m³/h for hours) nor waste points (a bin's fill, tilt and battery
 * legitimately stay put for hours).
 */
function watchedForFreezing(kind: StationKind, parameter: string): boolean {
  return (kind === 'wastewater' && parameter !== 'Flow') || kind === 'air';
}

const FROZEN_SENSOR_SOURCE: LimitSource = {
  document: 'Quy tắc của LàngXanh',
  clause: 'cảm biến đứng giá trị: giá trị lặp lại y hệt (kiểu "flat line test" của IOOS QARTOD)',
  effectiveFrom: '2026-12-07',
  en: { document: 'LàngXanh rule', clause: 'frozen sensor: the same value repeated exactly (IOOS QARTOD "flat line test")' },
};

/** Options of {@link DeviceFaults}. */
export interface DeviceFaultOptions {
  /** Frozen sensor: fewest consecutive identical values (default {@link FROZEN_SENSOR_DEFAULTS}.minCount). */
  readonly frozenMinCount?: number;
  /** Frozen sensor: shortest span, ms, from the first to the last of them (default 3 h). */
  readonly frozenMinDurationMs?: number;
}

/** A run of identical values of one station's parameter. */
interface Run {
  value: number;
  since: number;
  count: number;
}

/** `prefix + parameter`, built once per parameter (no new string per reading). */
function ruleIds(prefix: string): (parameter: string) => string {
  const ids = new Map<string, string>();
  return (parameter) => {
    let id = ids.get(parameter);
    if (id === undefined) {
      id = `${prefix}${parameter}`;
      ids.set(parameter, id);
    }
    return id;
  };
}
/** Rule id of the status-02 device-fault alert of a parameter. */
const deviceFaultRuleId = ruleIds(DEVICE_FAULT_RULE_PREFIX);
/** Rule id of the frozen-sensor alert of a parameter. */
const frozenRuleId = ruleIds(FROZEN_SENSOR_RULE_PREFIX);

/**
 * Device faults, pure: a value whose datalogger status is `02` (báo lỗi thiết bị, TT 10/2021/TT-BTNMT) opens the
 * device-fault alert of its parameter (rule `device-fault/{parameter}`, severity `warning`); the parameter's next
 * `00`/`01` value resolves it. Like the threshold rules it follows measurement time: a reading not newer than the
 * last one seen for a parameter (late, or redelivered) changes nothing.
 *
 * Frozen sensors: a watched parameter (wastewater and air analysers but `Flow`) whose `00` value repeats exactly
 * for at least `frozenMinCount` consecutive readings spanning at least `frozenMinDurationMs` (defaults
 * {@link FROZEN_SENSOR_DEFAULTS}) opens a `warning` device-fault alert (rule `device-fault/frozen/{parameter}`,
 * trigger value = the repeated value); the first different `00` value resolves it. A `01`/`02` value ends the run
 * (calibration is activity; a device error has its own alert) without resolving.
 */
export class DeviceFaults {
  private readonly lastSeen = new Map<string, number>();
  private readonly runs = new Map<string, Run>();
  private readonly frozenMinCount: number;
  private readonly frozenMinDurationMs: number;

  constructor(
    private readonly open: OpenAlerts,
    private readonly keys: StationKeys,
    options: DeviceFaultOptions = {},
  ) {
    this.frozenMinCount = options.frozenMinCount ?? FROZEN_SENSOR_DEFAULTS.minCount;
    this.frozenMinDurationMs = options.frozenMinDurationMs ?? FROZEN_SENSOR_DEFAULTS.minDurationMs;
  }

  /** The device-fault alerts `reading` raises or resolves. */
  evaluate(reading: Reading): AlertTransition[] {
    const out: AlertTransition[] = [];
    for (const parameter in reading.status) {
      const status = reading.status[parameter];
      const value = reading.values[parameter];
      if (value === undefined) continue;
      const ruleId = deviceFaultRuleId(parameter);
      const key = this.keys.key(reading.station, ruleId);
      const last = this.lastSeen.get(key);
      if (last !== undefined && reading.time <= last) continue;
      this.lastSeen.set(key, reading.time);
      const current = this.open.get(key);
      if (status === '02' && !current) {
        out.push(this.open.raise(key, faultAlert(reading, parameter, ruleId, DEVICE_FAULT_SOURCE, value)));
      } else if (status !== '02' && current) {
        out.push(this.open.resolve(key, resolvedAlert(current, value, reading.time)));
      }
      if (watchedForFreezing(reading.kind, parameter)) this.frozen(reading, parameter, value, status, out);
    }
    return out;
  }

  /** Advances the run of identical values of `parameter` (a reading newer than the last seen) and decides. */
  private frozen(
    reading: Reading,
    parameter: string,
    value: number,
    status: string,
    out: AlertTransition[],
  ): void {
    const ruleId = frozenRuleId(parameter);
    const key = this.keys.key(reading.station, ruleId);
    if (status !== '00') {
      this.runs.delete(key);
      return;
    }
    const run = this.runs.get(key);
    const current = this.open.get(key);
    if (run && Object.is(run.value, value)) {
      run.count++;
    } else {
      this.runs.set(key, { value, since: reading.time, count: 1 });
      // After a restart the run starts again: the restored alert stays open while the value is still the frozen one.
      if (current && !Object.is(current.lastValue, value)) {
        out.push(this.open.resolve(key, resolvedAlert(current, value, reading.time)));
      }
      return;
    }
    if (current || run.count < this.frozenMinCount || reading.time - run.since < this.frozenMinDurationMs)
      return;
    const source = {
      ...FROZEN_SENSOR_SOURCE,
      note: `${run.count} identical values since ${new Date(run.since).toISOString()}`,
    };
    out.push(this.open.raise(key, faultAlert(reading, parameter, ruleId, source, value)));
  }
}

/** A new `warning` device-fault alert of `parameter` raised by `reading` at `value`. */
function faultAlert(
  reading: Reading,
  parameter: string,
  ruleId: string,
  source: LimitSource,
  value: number,
): AlertDto {
  return {
    id: `${reading.station}:${ruleId}:${reading.time}`,
    type: 'device-fault',
    cluster: reading.cluster,
    station: reading.station,
    kind: reading.kind,
    parameter,
    ruleId,
    state: 'active',
    severity: 'warning',
    comparison: 'above',
    unit: '',
    averagingPeriod: 'instant',
    source,
    ...raisedValues(value, reading.time),
  };
}

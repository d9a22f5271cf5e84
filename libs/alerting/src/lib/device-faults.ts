import type { AlertDto, LimitSource, Reading } from '@langxanh/contracts';
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
};

/** Rule id of the device-fault alert of each parameter (built once per parameter). */
const deviceFaultRuleIds = new Map<string, string>();
function deviceFaultRuleId(parameter: string): string {
  let id = deviceFaultRuleIds.get(parameter);
  if (id === undefined) {
    id = `${DEVICE_FAULT_RULE_PREFIX}${parameter}`;
    deviceFaultRuleIds.set(parameter, id);
  }
  return id;
}

/**
 * Device faults, pure: a value whose datalogger status is `02` (báo lỗi thiết bị, TT 10/2021/TT-BTNMT) opens the
 * device-fault alert of its parameter (rule `device-fault/{parameter}`, severity `warning`); the parameter's next
 * `00`/`01` value resolves it. Like the threshold rules it follows measurement time: a reading not newer than the
 * last one seen for a parameter (late, or redelivered) changes nothing.
 */
export class DeviceFaults {
  private readonly lastSeen = new Map<string, number>();

  constructor(
    private readonly open: OpenAlerts,
    private readonly keys: StationKeys,
  ) {}

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
        const alert: AlertDto = {
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
          source: DEVICE_FAULT_SOURCE,
          ...raisedValues(value, reading.time),
        };
        out.push(this.open.raise(key, alert));
      } else if (status !== '02' && current) {
        out.push(this.open.resolve(key, resolvedAlert(current, value, reading.time)));
      }
    }
    return out;
  }
}

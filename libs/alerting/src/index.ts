export * from './lib/threshold';
export * from './lib/rolling-mean';
export type { AlertTransition } from './lib/open-alerts';
export {
  REEVALUATION_HORIZON_MS,
  REEVALUATION_POINTS,
  WARM_UP_MINUTE_HOURS,
  WARM_UP_SPAN_MS,
  warmUpMinutesFrom,
  type LateReadingCounts,
  type WarmUpBuckets,
  type ThresholdAlertingOptions,
} from './lib/threshold-evaluator';
export {
  DEVICE_FAULT_RULE_PREFIX,
  FROZEN_SENSOR_DEFAULTS,
  FROZEN_SENSOR_RULE_PREFIX,
  type DeviceFaultOptions,
} from './lib/device-faults';
export * from './lib/deadman';
export * from './lib/ingest-link';
export * from './lib/threshold-alerting';
export * from './lib/lifecycle';
export * from './lib/silences';

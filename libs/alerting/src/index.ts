export * from './lib/threshold';
export * from './lib/rolling-mean';
export * from './lib/threshold-alerting';
export * from './lib/lifecycle';
export * from './lib/silences';

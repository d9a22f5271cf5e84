/** REST DTOs of the ingester's HTTP API, one file per feature. */
export * from './health';
export * from './stations';
export * from './alerts';
export * from './auth';
export * from './aqi';
export * from './compliance';
export * from './notifications';
export * from './query-time';
export * from './history';
export * from './admin';
export * from './registry';

export * from './lib/import-item';
export * from './lib/csv-mapping';
export * from './lib/summary';
export * from './lib/tt10-file';

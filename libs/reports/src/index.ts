export * from './lib/period';
export * from './lib/compliance';
export * from './lib/csv';

export * from './lib/spool';
export * from './lib/drain';

export * from './lib/spool';
export * from './lib/drain';
export * from './lib/quarantine';

export * from './lib/errors';
export * from './lib/local-time';
export * from './lib/file-name';
export * from './lib/symbols';
export * from './lib/parse';
export * from './lib/write';
export * from './lib/payload';

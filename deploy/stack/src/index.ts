export * from './lib/app-process';
export * from './lib/stack';

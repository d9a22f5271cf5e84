export * from './lib/data-format';

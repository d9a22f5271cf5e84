export * from './lib/app-process';
export * from './lib/stack';
export * from './lib/ingester-rig';
export * from './lib/nginx';
export * from './lib/production';

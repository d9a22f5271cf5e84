export * from './lib/bands';
export * from './lib/breakpoints';
export * from './lib/nowcast';
export * from './lib/vn-aqi';
export * from './lib/series';
export * from './lib/dto';
export * from './lib/us-epa';

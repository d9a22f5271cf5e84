export * from './lib/effective';
export * from './lib/qcvn40-2011';
export * from './lib/qcvn05-2023';
export * from './lib/waste-point';
export * from './lib/rules-for-station';
export * from './lib/permit';

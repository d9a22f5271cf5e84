module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ingester:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int-spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
};

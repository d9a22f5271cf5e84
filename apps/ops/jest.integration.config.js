module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ops:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};

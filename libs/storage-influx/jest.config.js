module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'storage-influx',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 15_000,
};

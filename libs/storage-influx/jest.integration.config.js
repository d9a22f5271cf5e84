// Integration tests against a real influxd 1.x started by @langxanh/local-services (no Docker).
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'storage-influx:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 60_000,
  maxWorkers: 1,
};

// Integration tests: the built ingester against real `mosquitto` and `influxd` processes on free loopback ports.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'stack:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 120_000,
  maxWorkers: 1,
};

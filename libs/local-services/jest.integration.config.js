// Integration tests: spawn real `mosquitto` and `influxd` processes on free loopback ports.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'local-services:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 60_000,
  // Real processes on two cores: one file at a time keeps start-up times predictable.
  maxWorkers: 1,
};

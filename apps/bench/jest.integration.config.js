// Integration tests of the benchmark: the floor pipe against real services, and a short smoke run of `npm run bench`
// (so the benchmark never rots). Real mosquitto + influxd on free loopback ports, the built ingester and simulators.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'bench:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
};

/** The fault-injection suite (`npm run test:faults`): real mosquitto, influxd and the built ingester process. */
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'faults',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/faults/**/*.fault-spec.ts'],
  testTimeout: 900_000,
  maxWorkers: 1,
};

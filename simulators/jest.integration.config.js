// Integration tests: a real mosquitto spawned per suite on a free loopback port; the built CLI for the signal test.
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'simulators:integration',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
  testTimeout: 60_000,
};

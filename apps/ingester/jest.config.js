module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ingester',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Some unit specs start the Nest application in-process (e.g. the access matrix, OpenAPI): their set-up takes a
  // few seconds on a loaded 2-core machine, beyond Jest's 5 s default.
  testTimeout: 60_000,
};

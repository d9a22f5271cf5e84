module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'spool',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 15_000,
};

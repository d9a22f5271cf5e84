module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'alerting',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

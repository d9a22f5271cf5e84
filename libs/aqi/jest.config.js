module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'aqi',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

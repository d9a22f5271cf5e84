module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'history-import',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

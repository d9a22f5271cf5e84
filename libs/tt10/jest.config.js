module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'tt10',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

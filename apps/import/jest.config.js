module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'import',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

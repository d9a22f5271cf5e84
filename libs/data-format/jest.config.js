module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'data-format',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

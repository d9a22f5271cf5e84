module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'standards',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};

// One jest run, two projects: the Lightning Web Components (sfdx-lwc-jest preset) and the TypeScript relay and
// tooling (ts-jest). Run from the repository root: the LWC preset computes its rootDir from the working directory.
const { jestConfig: lwcJestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  projects: [
    {
      ...lwcJestConfig,
      displayName: 'lwc',
      roots: ['<rootDir>/force-app'],
      testMatch: ['**/__tests__/**/*.test.js'],
      modulePathIgnorePatterns: ['<rootDir>/.localdevserver']
    },
    {
      displayName: 'relay',
      rootDir: __dirname,
      roots: ['<rootDir>/relay', '<rootDir>/scripts'],
      testMatch: ['**/*.test.ts'],
      testEnvironment: 'node',
      transform: {
        '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }]
      }
    }
  ]
};

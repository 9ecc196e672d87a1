/**
 * Two projects. `unit` (test/unit): pure code, no server, no database — `npm test -- --selectProjects unit`
 * runs it in seconds. `platform` (everything else): against a real platform that globalSetup
 * starts (PostgreSQL, four subgraphs, the gateway); jest runs a project's globalSetup only when
 * one of its tests is selected. `npm test` runs both.
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
};

module.exports = {
  // Global options: jest reads them from the top level only (a project's own would be ignored).
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/test/unit'],
      testMatch: ['**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'platform',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

/**
 * The split that lets the pure tests run without a platform, and keeps the platform tests as they
 * were. testTimeout and maxWorkers are global in jest: set inside a project they would be ignored
 * silently (the tests would get jest's 5 s default).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.config.js is CommonJS JavaScript, read as jest reads it
const config = require('../../jest.config.js') as {
  testTimeout: number;
  maxWorkers: number;
  projects: { displayName: string; roots: string[]; testPathIgnorePatterns?: string[]; globalSetup?: string; transform: Record<string, unknown> }[];
};

const project = (name: string) => config.projects.find((p) => p.displayName === name)!;

describe('jest projects', () => {
  it('runs test/unit without the platform, and every other test folder with it', () => {
    expect(project('unit')).toMatchObject({ roots: ['<rootDir>/test/unit'] });
    expect(project('unit').globalSetup).toBeUndefined();
    expect(project('platform')).toMatchObject({
      roots: ['<rootDir>/test'],
      testPathIgnorePatterns: expect.arrayContaining(['<rootDir>/test/unit/']),
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    });
  });

  it('keeps the 60 s timeout and two workers at the top level, where jest reads them, and swc in both projects', () => {
    expect(config).toMatchObject({ testTimeout: 60000, maxWorkers: 2 });
    for (const p of config.projects) {
      expect(p).not.toHaveProperty('testTimeout');
      expect(p).not.toHaveProperty('maxWorkers');
      expect(Object.values(p.transform)).toEqual([['@swc/jest']]);
    }
  });
});

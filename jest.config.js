// Three projects: unit (*.spec.ts, no I/O), int (*.int-spec.ts, real PostgreSQL and Redis),
// e2e (test/*.e2e-spec.ts, the built services started as separate processes).
// SWC's options have one home, .swcrc: read here by path (not from the working directory, as @swc/jest would),
// and `swcrc: false` so that SWC does not look it up a second time for each file.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const swc = ['@swc/jest', { ...swcrc, swcrc: false }];
const moduleNameMapper = {
  '^@permits/(auth|config|contracts|core|http|persistence|queue|clock|workflow-runtime|workflow)$': '<rootDir>/libs/$1/src',
  '^@permits/(auth|config|contracts|core|http|persistence|queue|clock|workflow-runtime|workflow)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
// One test file at a time on a 2-core machine (Jest's default, one worker fewer than the cores): two e2e systems
// booting at once can draw the same free port (scripts/local-system.ts picks one and releases it), and two of them,
// the replicas test's 22 processes among them, can need more connections than a test server's 100.
const base = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,scripts,bench}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

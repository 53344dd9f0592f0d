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
// Jest's default is one worker fewer than the cores: one on a 2-core CI machine, where an e2e file spends much
// of its time waiting on its services (queue hops, timers, the browser). Two files at once keep both cores busy.
const { availableParallelism } = require('node:os');
const maxWorkers = Math.max(2, availableParallelism() - 1);
const base = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };
module.exports = {
  maxWorkers,
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

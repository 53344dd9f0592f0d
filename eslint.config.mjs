// @ts-check
// One lint for the whole repository: `npm run lint` (eslint, then prettier --check). Type-aware rules read the
// TypeScript programs of tsconfig.json (apps, libs, scripts, test, bench, migrations) and of
// apps/console/tsconfig.json (the console, browser code), the nearest to each file; scripts/lint.sh runs the
// two in processes of their own, beside prettier.
// The point is the bugs type information catches, above all a promise nobody awaits or handles
// (no-floating-promises, no-misused-promises); rules that only restate taste are off, each with its reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '**/node_modules/**',
      'coverage/**',
      'var/**',
      'bench/results/**',
      'test/artifacts/**',
      // generated: `npm run gen:client` and `npm run openapi:build`
      'libs/api-client/src/schema.d.ts',
      'apps/gateway/openapi.json',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // the nearest tsconfig.json of each file: apps/console/tsconfig.json for the console (browser code),
        // the root one for everything else. Named programs build faster than the project service's lookups.
        project: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // The reason for this lint: an unawaited promise loses its error and its ordering (in a transaction, a
      // write after COMMIT). `void` marks a deliberate fire-and-forget whose errors are handled inside.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `any` arrives by design from JSON bodies (supertest's res.body, fetch().json(), JSONB columns,
      // BullMQ job data) and is checked at runtime (class-validator, ajv, the tests' assertions); typing every
      // such read would be a thousand-line churn without a bug found. Writing `any` yourself is still an error.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // An async method without await implements a Promise-returning interface (test doubles of repositories,
      // queue handlers, NestJS hooks): deliberate, and it turns a throw into a rejection as callers expect.
      '@typescript-eslint/require-await': 'off',
      // The flagged String(x) calls stringify `unknown` ids and JSONB values on purpose, objects having been
      // handled before them (JSON.stringify); template literals stay checked by restrict-template-expressions.
      '@typescript-eslint/no-base-to-string': 'off',
      // `KnownCode | string` keeps the known values in editor completion while accepting others: deliberate.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/no-duplicate-type-constituents': 'off',
      // Style only (autofixable): an assertion the compiler no longer needs. Enable with `eslint --fix` in the
      // formatting commit rather than in branches that would conflict.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // `never` in a message is the exhaustive fallback printing what should not have arrived.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNever: true, allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    // the console's Vite config is in neither program: linted without type information
    files: ['apps/console/vite.config.mts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // CommonJS configuration files (jest.config.js)
    files: ['**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' } },
  },
  {
    files: ['**/*.mjs'],
    extends: [js.configs.recommended],
  },
);

// @ts-check
// `npm run lint`: ESLint's recommended rules and typescript-eslint's type-aware ones over every
// TypeScript project of the repo. The project service gives each file the types of the nearest
// tsconfig.json that includes it (root, portal/, ide/, addon/, bench/peers/), as `npm run typecheck` does.
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    // Generated or built files, and what git ignores (platform/templates/ holds .tpl, not TypeScript).
    ignores: ['**/node_modules/', '**/dist/', 'client/generated/', 'test-output/', 'coverage/', '.data/', '.test-runs/', 'bench/results/'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The three checks the team relies on; an intentionally unused name starts with `_`.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Apollo's plugin hooks, KeyValueCache and test doubles are async by contract, with or without an await.
      '@typescript-eslint/require-await': 'off',
      // The project declares no enums; graphql-js's Kind and OperationTypeNode are read by their
      // documented strings (the browser client must not pull graphql's values into its bundle).
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // Jest's asymmetric matchers (expect.any, expect.stringMatching, …) and pg's rows are typed `any`.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript config files: no tsconfig includes them, so no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);

// Lint rules the project holds itself to; `npm test` runs them (and the formatter's check) first.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'os',
  'http',
  'https',
  'net',
  'child_process',
  'worker_threads',
  'stream',
  'url',
  'util',
  'events',
  'buffer',
  'process',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.temporal/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits is work whose failure nobody sees.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Express 5 route handlers and test callbacks are async by design.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox, and domain code is imported by it:
    // no Node built-ins, no I/O.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: NODE_BUILTINS, message: 'Workflow and domain code runs in the Temporal sandbox: no Node built-ins.' }] },
      ],
    },
  },
  {
    // Tests and the inbox page read JSON answers of many shapes field by field (the tests'
    // assertions, the page's rendering, are where the shapes are checked).
    files: ['test/**/*.ts', 'api/inbox/**/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The inbox page's names (window, document, ...) are checked by TypeScript against the DOM's
    // types (api/inbox/tsconfig.json).
    files: ['api/inbox/**/*.js'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Workflows import activities as types only.
    files: ['workflows/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }] },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'dist/', 'web/src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only src/config.ts reads process.env.',
        },
      ],
    },
  },
  { files: ['web/src/**'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: [
      'src/config.ts',
      'test/**',
      'bench/**',
      'scripts/**',
      'bin/**',
      'src/cli/main.ts',
      'src/cli/index.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/kernel/**', 'src/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**', '**/api/**', 'fastify'],
              message: 'The kernel imports no module and no HTTP.',
            },
          ],
        },
      ],
    },
  },
  {
    // The HTTP layer knows no module: src/app.ts hands it the routes and the authenticator.
    files: ['src/api/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**'],
              message: 'api/ imports no module; the composition root is src/app.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // File formats (CSV, XLSX, PDF) are used by modules, the CLI and the web app; they know no
    // register, route or request.
    files: ['src/interop/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**', '**/api/**'],
              message: 'Interop imports no module and no API code; modules pass it plain rows.',
            },
          ],
        },
      ],
    },
  },
);

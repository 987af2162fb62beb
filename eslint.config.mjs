// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'packages/proto/gen/**',
      'node_modules/**',
      'bench/results/**',
      '**/*.mjs',
      '.lab/**',
      '.tmp/**',
      'packages/coordinator/ui/vendor/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@k3sgrid/*/src/*'], message: 'Import the package by name (@k3sgrid/x), not its sources.' },
            {
              // test/, scripts/ and one package's tests reach the packages through their names only:
              // `../../packages/x/src/...` from the repo, `../../x/src/...` between packages.
              regex: String.raw`^(?:\.\./)+(?:packages/)?(?:proto|agent|coordinator|testkit)/src(?:/|$)`,
              message:
                'Import the package by name (@k3sgrid/proto, @k3sgrid/agent, @k3sgrid/coordinator, @k3sgrid/testkit); export what is missing from its index.',
            },
          ],
        },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['**/test/**', 'test/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  prettier,
);

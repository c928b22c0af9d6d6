// Flat ESLint configuration: typescript-eslint (type-aware) for the relay and tooling, Salesforce's LWC rules for
// the Lightning Web Components under force-app.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import lwcConfig from '@salesforce/eslint-config-lwc';

const lwcFiles = ['force-app/**/lwc/**/*.js'];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'coverage/**', 'dist/**', 'data/**', 'artifacts/**', '.sf/**', '.sfdx/**']
  },
  {
    files: ['relay/**/*.ts', 'scripts/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      'no-console': 'error'
    }
  },
  {
    // Tests read JSON answers whose shape is what they assert, and jest's asymmetric matchers are typed `any`.
    files: ['**/*.test.ts', '**/__tests__/**/*.ts', 'relay/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  {
    // Command-line entry points report to the person who ran them.
    files: [
      'scripts/**/*.ts',
      'relay/src/main.ts',
      'relay/dev/start.ts',
      'relay/src/cli/**/*.ts',
      'relay/test/**/*.ts'
    ],
    rules: { 'no-console': 'off' }
  },
  {
    // The product never loads development aids (stand-ins, local mode) or test helpers: they are not in its build.
    files: ['relay/src/**/*.ts'],
    ignores: ['relay/src/**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/dev/**', '**/test/**'], message: 'Product code cannot load relay/dev or relay/test.' }
          ]
        }
      ]
    }
  },
  ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: lwcFiles })),
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } }
  },
  {
    files: ['*.js', '*.mjs', 'config/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node }
  }
);

// Lint for the whole tree (`npm run lint`, part of `npm test`). Formatting is Prettier's
// (.prettierrc.json, 120 columns); this file holds the rules that catch bugs and the boundary
// between the browser side and the Node side.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare names here; every `node:` module is refused by the node:* pattern below.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('node:'));
const serverOnly = ['electron', 'better-sqlite3', 'kysely', 'ws', 'pg', ...nodeBuiltins];
/** Package subpaths and Node's prefix-only modules (node:sqlite, node:test) that a list of names misses. */
const serverOnlyPatterns = ['electron/*', 'better-sqlite3/*', 'kysely/*', 'ws/*', 'pg/*', 'node:*'];
/** import() is not seen by no-restricted-imports: the same boundary for dynamic imports. */
const dynamicServerImport = (message) => ({
  selector: String.raw`ImportExpression[source.value=/(^|\/)(db|electron|renderer)\/|^(node:|electron$|better-sqlite3|kysely|ws$|ws\/|pg$|pg\/)/]`,
  message,
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off', // serial normalisation and CSV handling match control characters on purpose
      // Prettier wraps code at 120 columns; comments are held to the same width here (long
      // strings, template literals, regular expressions and URLs may run on: breaking them hurts).
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // Renderer: React hooks rules; it may import only core/ and renderer/ (never the store, the
    // main process, Node or Electron).
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: serverOnly.map((name) => ({
            name,
            message: 'Renderer code runs in the browser: it may import only core/ and renderer/.',
          })),
          patterns: [
            {
              group: ['**/db/*', '**/db/**', '**/electron/*', '**/electron/**', ...serverOnlyPatterns],
              message: 'Renderer code may import only core/ and renderer/: call the contract instead.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        dynamicServerImport('Renderer code may import only core/ and renderer/, with import() too.'),
      ],
    },
  },
  {
    // core/: pure modules shared by both sides: nothing server-side, nothing of the browser.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...serverOnly, 'react', 'react-dom', 'zustand'].map((name) => ({
            name,
            message: 'core/ is pure: it imports only zod and other core/ modules.',
          })),
          patterns: [
            {
              group: ['**/db/**', '**/electron/**', '**/renderer/**', ...serverOnlyPatterns, 'react-dom/*'],
              message: 'core/ is pure: it imports only zod and other core/ modules.',
            },
          ],
        },
      ],
      'no-restricted-syntax': ['error', dynamicServerImport('core/ is pure: no import() of server or screen code.')],
    },
  },
  {
    // The sandboxed preload: named functions over IPC; only the method names, no zod, no schemas.
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/contract*'],
              allowTypeImports: true,
              message: 'The preload needs only core/methods.ts (no zod).',
            },
            {
              group: ['**/db/**', '**/renderer/**', 'zod'],
              message: 'The preload bundles only core/methods.ts and electron.',
            },
          ],
        },
      ],
    },
  },
  {
    // Main process, services and shared code: every promise is awaited, returned or voided on purpose.
    files: ['electron/**/*.ts', 'db/**/*.ts', 'core/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}'],
    // vi.hoisted() factories run before imports, so a mock's dependencies come from require().
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);

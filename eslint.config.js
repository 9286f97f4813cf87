import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import { builtinModules } from 'node:module'
import svelteConfig from './svelte.config.js'

/*
 * Layers, held by `no-restricted-imports` (docs/ARCHITECTURE.md, "Layers and the lint rules that
 * hold them"). Each layer lists the folders it must not reach (matched on the relative import
 * path: one or more `../`, then the folder) and the packages it must not load. A more specific
 * layer repeats its parent's bans because, in a flat config, the last block setting a rule wins.
 */
const SOURCE = '{ts,js,mjs,svelte}'
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]

function upInto(folders, message) {
  return { regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`, message }
}
function packages(names, message) {
  return { regex: `^(${names.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})(/|$)`, message }
}
function layer(folder, patterns) {
  return {
    files: [`${folder}/**/*.${SOURCE}`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  }
}

const sharedRules = [
  upInto(
    ['main', 'preload', 'renderer', 'sandbox', 'web-shell'],
    'src/shared is used by every process: it imports no process code.',
  ),
  packages(
    ['electron', 'keytar', 'dexie', 'svelte', ...NODE_BUILTINS],
    'src/shared runs in main, the renderer and the sandbox alike: no Electron, Node built-ins, keytar, Dexie or Svelte.',
  ),
]
const mainRules = [
  upInto(['renderer', 'preload', 'web-shell'], 'Main never imports the renderer, the preload or the web shell.'),
]
const rendererRules = [
  upInto(
    ['main', 'preload', 'sandbox', 'web-shell'],
    'The renderer imports no main, preload, sandbox or web-shell code: it reaches main only through window.plannr.',
  ),
  packages(
    ['electron', 'keytar', ...NODE_BUILTINS],
    'The renderer runs in a sandboxed page: no Electron or Node modules.',
  ),
]
// Entry points: outside code reaches the cache, the sync engine and the outbox only through
// `data/index.ts`, `sync/index.ts` and `outbox/index.ts`, so what they expose is a decision made in
// one file. Tests and the bench may reach inside (they are not under src/). Add a folder here to
// give it an entry point too.
const ENTRY_POINT_FOLDERS = ['data', 'sync', 'outbox']
const entryPoints = {
  regex: `^(\\./|(\\.\\./)+)(${ENTRY_POINT_FOLDERS.join('|')})/.`,
  message:
    'Import the folder itself (its index.ts), not a file inside it: data, sync and outbox have one entry point each.',
}
const rendererWithEntryPoints = [...rendererRules, entryPoints]
const notUi = upInto(['state', 'components'], 'data, sync and outbox know nothing of the UI state or components.')

const layers = [
  layer('src/shared', sharedRules),
  layer('src/main', mainRules),
  layer('src/main/api', [
    ...mainRules,
    upInto(
      ['auth', 'ipc', 'window', 'menu'],
      'The API client is the bottom of main: it imports no auth, IPC or window code.',
    ),
  ]),
  layer('src/main/auth', [
    ...mainRules,
    upInto(['ipc', 'window', 'menu'], 'Sign-in is below the IPC layer: it imports no IPC or window code.'),
  ]),
  layer('src/preload', [
    upInto(['main', 'renderer', 'sandbox', 'web-shell'], 'The preload builds window.plannr from src/shared only.'),
  ]),
  layer('src/sandbox', [
    upInto(
      ['main', 'preload', 'renderer', 'web-shell'],
      'The sandbox is a stand-alone Plannr: it does not import the app.',
    ),
    packages(['electron', 'keytar'], 'The sandbox runs in plain Node.'),
  ]),
  layer('src/web-shell', [
    upInto(['renderer', 'preload'], 'The web shell serves the built renderer; it does not import it.'),
  ]),
  layer('src/renderer', rendererWithEntryPoints),
  layer('src/renderer/src/data', [
    ...rendererWithEntryPoints,
    notUi,
    upInto(['sync', 'outbox'], 'The cache (data) knows nothing of sync or the outbox.'),
  ]),
  layer('src/renderer/src/sync', [
    ...rendererWithEntryPoints,
    notUi,
    upInto(['outbox'], 'Sync and the outbox do not import each other; both go through data.'),
  ]),
  layer('src/renderer/src/outbox', [
    ...rendererWithEntryPoints,
    notUi,
    upInto(['sync'], 'Sync and the outbox do not import each other; both go through data.'),
  ]),
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    rules: {
      // Flags every local Map/Set, even ones never held in state; reactive collections are
      // chosen deliberately where the UI must track them.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig },
    },
  },
  {
    // Type-aware rules for TypeScript modules and Svelte components (their <script lang="ts"> is
    // type-checked through tsconfig.web.json): a promise nobody awaits or catches loses its error,
    // a promise passed where a void callback is expected runs unobserved, and a switch over a union
    // must name every member so adding one is a compile-and-lint-time change.
    files: ['**/*.ts', '**/*.svelte'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  ...layers,
)

// Lint rules, as MonitoRSS services/user-feeds-next/eslint.config.mjs does it: typescript-eslint (with the
// type-aware rules that catch real bugs), the module boundaries of STYLE.md §6.2 as eslint-plugin-boundaries
// policies, no import cycles, files of at most 400 lines and lines of at most 110 characters (the Prettier
// width).
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import boundaries from 'eslint-plugin-boundaries';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

/** Packages that do I/O: the core (and the pipeline) reach them only through ports. */
const IO_PACKAGES = [
  'axios',
  'better-sqlite3',
  'discord.js',
  '@discordjs/*',
  'node-cron',
  'pino',
  'pino-pretty',
  'cli-progress',
  'node:fs',
  'node:fs/*',
  'node:http',
  'node:https',
  'node:net',
  'node:child_process',
  'node:module',
];

// One element type per folder of src/ (STYLE.md §6.1); the files at the top of src/ are the composition
// edges.
const ELEMENTS = [
  { type: 'core', pattern: 'src/{notices,matching,reserved,alerts,guide,radar}/**', mode: 'full' },
  { type: 'shared', pattern: 'src/shared/**', mode: 'full' },
  { type: 'pipeline', pattern: 'src/pipeline/**', mode: 'full' },
  { type: 'sources', pattern: 'src/sources/**', mode: 'full' },
  { type: 'store', pattern: 'src/store/**', mode: 'full' },
  { type: 'discord', pattern: 'src/discord/**', mode: 'full' },
  { type: 'replay', pattern: 'src/replay/**', mode: 'full' },
  { type: 'schedule', pattern: 'src/schedule/**', mode: 'full' },
  { type: 'cli', pattern: 'src/cli/**', mode: 'full' },
  { type: 'config', pattern: 'src/config/**', mode: 'full' },
  { type: 'ops', pattern: 'src/ops/**', mode: 'full' },
  { type: 'edge', pattern: 'src/*.ts', mode: 'full' },
];

const APP = [
  'core',
  'shared',
  'pipeline',
  'sources',
  'store',
  'discord',
  'replay',
  'schedule',
  'cli',
  'config',
  'ops',
  'edge',
];
const except = (...allowed) => APP.filter((type) => !allowed.includes(type));
const toTypes = (types) => ({ to: { element: { type: types } } });
const toPackages = (sources) => ({ to: { module: { origin: ['external', 'core'], source: sources } } });
const valueImportOf = (type) => ({ to: { element: { type } }, dependency: { kind: 'value' } });

/** STYLE.md §6.2: who must not import whom (everything else is allowed, as in the MonitoRSS config). */
const POLICIES = [
  // The core has no I/O: it imports only itself and shared/.
  {
    from: { element: { type: 'core' } },
    disallow: [toTypes(except('core', 'shared')), toPackages(IO_PACKAGES)],
  },
  // The pipeline orchestrates the core through the ports it declares; it never imports an adapter.
  {
    from: { element: { type: 'pipeline' } },
    disallow: [toTypes(except('core', 'shared', 'pipeline')), toPackages(IO_PACKAGES)],
  },
  // Adapters see the core, shared/ and the pipeline's port types; never each other or the pipeline's
  // functions.
  ...[
    ['sources', ['better-sqlite3', 'discord.js', '@discordjs/*']],
    ['store', ['axios', 'discord.js', '@discordjs/*']],
    ['discord', ['axios', 'better-sqlite3']],
    ['replay', ['axios', 'better-sqlite3', 'discord.js', '@discordjs/*']],
    // Operations: shutdown, the health port, the coordinators' alert plan; stores and Discord are wired in
    // by the edges.
    ['ops', ['axios', 'better-sqlite3', 'discord.js', '@discordjs/*']],
  ].map(([type, packages]) => ({
    from: { element: { type } },
    disallow: [
      toTypes(except('core', 'shared', 'pipeline', type)),
      valueImportOf('pipeline'),
      toPackages(packages),
    ],
  })),
  { from: { element: { type: 'shared' } }, disallow: [toTypes(except('shared')), toPackages(IO_PACKAGES)] },
  // The configuration loader's pieces read files and validate: they know the core's schemas and each feed's
  // config slice (sources/registry.ts, the one place a feed is described), no other adapter.
  {
    from: { element: { type: 'config' } },
    disallow: [
      toTypes(except('core', 'shared', 'config', 'sources')),
      toPackages(['axios', 'better-sqlite3', 'discord.js']),
    ],
  },
];

/** What only src/discord/messages.ts may write. */
const ONE_BUILDER = [
  {
    selector: 'Property[key.name=/^(allowed_mentions|allowedMentions)$/]',
    message: 'Only src/discord/messages.ts sets allowed mentions: build the message there.',
  },
  {
    selector: 'TSAsExpression > TSTypeReference[typeName.name=/^Outgoing(Message|Reply)$/]',
    message: 'Only src/discord/messages.ts makes an OutgoingMessage or OutgoingReply.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@stylistic': stylistic },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@stylistic/max-len': [
        'error',
        { code: 110, ignoreUrls: true, ignoreRegExpLiterals: true, ignorePattern: '^\\s*(import|export) ' },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    plugins: { boundaries, 'import-x': importX },
    settings: {
      'boundaries/elements': ELEMENTS,
      'boundaries/legacy-warnings': false,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'allow', checkAllOrigins: true, policies: POLICIES }],
      'import-x/no-cycle': ['error', { maxDepth: 8 }],
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: ['bench/**', '**/*.test.ts'] }],
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      // STYLE.md §6.13: no nested ternaries that pick words; §6.4: only the config loader reads the
      // environment.
      'no-nested-ternary': 'error',
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Only src/config.ts reads process.env (STYLE.md §6.4).',
        },
      ],
      // One builder of what the bot sends (src/discord/messages.ts): nothing else sets who may be mentioned
      // or dresses a body up as one it made.
      'no-restricted-syntax': ['error', ...ONE_BUILDER],
    },
  },
  {
    files: ['src/discord/messages.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The config loader reads the environment; the benchmarks and the crash test start child processes with
    // their own.
    files: ['src/config.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests read recorded fixtures as `any` on purpose (to assert against the source JSON as published).
    files: ['test/**/*.ts', 'src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
      // Expected texts and recorded values are test data: they stay whole so a failure shows the real line.
      '@stylistic/max-len': [
        'error',
        {
          code: 110,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
        },
      ],
    },
  },
  {
    files: ['eslint.config.mjs', 'vitest.config.ts', 'scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The build and launch scripts are plain Node ES modules.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);

// Floating promises are errors everywhere; workflow and pure domain files may not import Node built-ins
// (workflow code runs in Temporal's deterministic sandbox); and the layers of src/ point one way (LAYERS below,
// drawn in docs/ARCHITECTURE.md), so a change cannot quietly bring back an import across them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`]);
const noNodeBuiltins = nodeBuiltins.map((name) => ({ name, message: 'Workflow code runs in a sandbox: no Node built-ins.' }));

// What each part of src/ may not import (a folder, or a top-level file without its .ts). Type-only imports of the
// activities stay allowed in workflows: `proxyActivities<typeof activities>` needs their signatures, and a type
// import brings no code into the workflow bundle.
const ENTRY_POINTS = ['worker', 'start', 'demo', 'embedded-stack', 'launch', 'index'];
const LAYERS = {
  contract: ['workflows', 'activities', 'client', 'cli', 'api', 'einstein', 'emulator', 'sinks', 'polling', 'temporal', 'http', 'config', ...ENTRY_POINTS],
  http: ['workflows', 'activities', 'client', 'cli', 'api', 'einstein', 'emulator', 'sinks', 'report', 'polling', 'temporal', 'config', ...ENTRY_POINTS],
  polling: ['workflows', 'activities', 'client', 'cli', 'api', 'einstein', 'emulator', 'sinks', 'report', 'temporal', 'config', ...ENTRY_POINTS],
  report: ['workflows', 'activities', 'client', 'cli', 'api', 'einstein', 'emulator', 'sinks', 'polling', 'temporal', 'config', ...ENTRY_POINTS],
  einstein: ['workflows', 'activities', 'client', 'cli', 'api', 'emulator', 'sinks', 'report', 'temporal', ...ENTRY_POINTS],
  emulator: ['workflows', 'activities', 'client', 'cli', 'api', 'einstein', 'sinks', 'report', 'polling', 'temporal', 'config', ...ENTRY_POINTS],
  workflows: ['client', 'cli', 'api', 'einstein', 'emulator', 'sinks', 'temporal', 'config', ...ENTRY_POINTS],
  sinks: ['workflows', 'activities', 'client', 'cli', 'api', 'einstein', 'emulator', 'temporal', ...ENTRY_POINTS],
  temporal: ['activities', 'client', 'cli', 'api', 'einstein', 'emulator', 'sinks', ...ENTRY_POINTS],
  activities: ['client', 'cli', 'api', 'emulator', ...ENTRY_POINTS],
  client: ['activities', 'cli', 'api', 'einstein', 'emulator', 'sinks', ...ENTRY_POINTS],
  api: ['activities', 'cli', 'einstein', 'emulator', ...ENTRY_POINTS],
  cli: ['activities', 'api', 'einstein', 'emulator', 'sinks', ...ENTRY_POINTS],
};

function layerRule(layer, forbidden) {
  const patterns = forbidden.map((part) => ({
    regex: `^(\\.\\./)+${part}(/.*)?$`,
    message: `src/${layer}/ may not import src/${part}: the layers point one way (docs/ARCHITECTURE.md, "Layers").`,
  }));
  if (layer === 'workflows') patterns.push({ regex: '^(\\.\\./)+activities(/.*)?$', allowTypeImports: true, message: 'Workflows take only the types of activities (proxyActivities<typeof ...>).' });
  const paths = layer === 'workflows' || layer === 'polling' ? noNodeBuiltins : [];
  return { files: [`src/${layer}/**/*.ts`], rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.temporal/**', '.venv/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...Object.entries(LAYERS).map(([layer, forbidden]) => layerRule(layer, forbidden)),
);

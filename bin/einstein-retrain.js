#!/usr/bin/env node
// `einstein-retrain` entry point: the compiled CLI when the project is built (npm run build), otherwise the
// TypeScript sources through ts-node (transpile only, with this repository's tsconfig).
// EINSTEIN_RETRAIN_CLI_FROM_SOURCE=1 forces the sources (tests use it so a stale build never answers for them).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist', 'cli', 'main.js');
const fromSource = process.env.EINSTEIN_RETRAIN_CLI_FROM_SOURCE === '1' || !fs.existsSync(built);

// `ui` serves the model history pages: it runs the HTTP server, which the CLI's layer does not load.
const ui = process.argv[2] === 'ui';
const entry = (dir, ext) => (ui ? path.join(root, dir, 'launch', `history-ui${ext}`) : path.join(root, dir, 'cli', `main${ext}`));
const run = (module) =>
  ui
    ? module.runHistoryUi(process.argv.slice(3)).catch((error) => {
        process.stderr.write(`einstein-retrain ui: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(3);
      })
    : module.main(process.argv);

if (fromSource) {
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  run(require(entry('src', '.ts')));
} else {
  run(require(entry('dist', '.js')));
}

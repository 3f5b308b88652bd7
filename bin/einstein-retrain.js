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

if (fromSource) {
  require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
  require(path.join(root, 'src', 'cli', 'main.ts')).main(process.argv);
} else {
  require(built).main(process.argv);
}

#!/usr/bin/env node
// `npm start`: the compiled worker (dist/start.js) with plain node, after two checks that save a confusing start.
// - No build: say how to make one (or how to run the sources) instead of node's "Cannot find module".
// - A build older than the sources: warn, because the compiled worker and its workflow bundle would run yesterday's
//   code. It still starts: a deployed copy may have sources with newer timestamps for reasons of its own.
// The container image runs `node dist/start.js` directly: it has no sources to compare with.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'dist', 'start.js');
const BUNDLE = path.join(ROOT, 'dist', 'workflow-bundle.js');
const SOURCES = path.join(ROOT, 'src');
const EXIT_INFRASTRUCTURE = 3;

function newestMtimeMs(directory) {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtimeMs(file));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(file).mtimeMs);
  }
  return newest;
}

if (!fs.existsSync(ENTRY) || !fs.existsSync(BUNDLE)) {
  process.stderr.write(
    'npm start failed: no build (dist/start.js and dist/workflow-bundle.js).\n' +
      'Run `npm run build` first, or `npm run start:dev` to run the sources with ts-node.\n',
  );
  process.exit(EXIT_INFRASTRUCTURE);
}

if (fs.existsSync(SOURCES) && newestMtimeMs(SOURCES) > Math.min(fs.statSync(ENTRY).mtimeMs, fs.statSync(BUNDLE).mtimeMs)) {
  process.stderr.write('npm start: warning: src/ changed after the last build; run `npm run build` to run the current code.\n');
}

require(ENTRY).run();

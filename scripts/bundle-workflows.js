#!/usr/bin/env node
// The second half of `npm run build`: bundles the workflows once with Temporal's bundler (webpack), so that a
// production worker loads dist/workflow-bundle.js instead of running webpack at every start. It bundles the
// compiled workflows (dist/workflows/index.js) by default, so the bundle holds exactly the code `tsc` just emitted.
//
//   node scripts/bundle-workflows.js [--workflows <entry>] [--out <file>]
//
// Prints one line with the file, its size and the time taken. Exit code 1 when bundling fails (for instance when
// workflow code imports a Node built-in: Temporal's bundler refuses it).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const args = { workflows: path.join(ROOT, 'dist', 'workflows', 'index.js'), out: path.join(ROOT, 'dist', 'workflow-bundle.js') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--workflows' || flag === '--out') && value !== undefined && !value.startsWith('--')) {
      args[flag.slice(2)] = path.resolve(value);
      i += 1;
    } else {
      throw new Error(`unknown or incomplete argument '${flag}' (usage: bundle-workflows [--workflows <entry>] [--out <file>])`);
    }
  }
  return args;
}

/** webpack's progress goes to the SDK logger; only warnings and errors are worth a build log line. */
const quietLogger = {
  log: (level, message) => (level === 'WARN' || level === 'ERROR' ? process.stderr.write(`${level} ${message}\n`) : undefined),
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => process.stderr.write(`WARN ${message}\n`),
  error: (message) => process.stderr.write(`ERROR ${message}\n`),
};

async function main() {
  const { workflows, out } = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(workflows)) {
    throw new Error(`${path.relative(process.cwd(), workflows)} does not exist: compile first (tsc -p tsconfig.build.json)`);
  }
  // Required here, not at the top: `--help`-style mistakes should not pay for loading webpack.
  const { bundleWorkflowCode } = require('@temporalio/worker');
  const started = process.hrtime.bigint();
  const { code } = await bundleWorkflowCode({ workflowsPath: workflows, logger: quietLogger });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Written to a temporary name first: a worker starting meanwhile never reads half a bundle.
  const partial = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(partial, code);
  fs.renameSync(partial, out);
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const kib = (Buffer.byteLength(code) / 1024).toFixed(0);
  process.stdout.write(`workflow bundle: ${path.relative(process.cwd(), out) || out} (${kib} KiB, ${ms} ms)\n`);
}

main().catch((error) => {
  process.stderr.write(`bundle-workflows failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

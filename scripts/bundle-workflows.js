#!/usr/bin/env node
// The second half of `npm run build`: bundles the workflows once with Temporal's bundler (webpack), so that a
// production worker loads dist/workflow-bundle.js instead of running webpack at every start. It bundles the
// compiled workflows (dist/workflows/index.js) by default, so the bundle holds exactly the code `tsc` just emitted.
//
//   node scripts/bundle-workflows.js [--workflows <entry>] [--out <file>] [--largest <n>]
//
// Prints one line with the file, its size and the time taken; with --largest, the code size of the n largest modules
// and of each package (the SDK instantiates every module once per cached workflow: this is what each one costs). Exit code 1 when bundling fails (for instance when
// workflow code imports a Node built-in: Temporal's bundler refuses it).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function parseArgs(argv) {
  const args = { workflows: path.join(ROOT, 'dist', 'workflows', 'index.js'), out: path.join(ROOT, 'dist', 'workflow-bundle.js'), largest: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--workflows' || flag === '--out') && value !== undefined && !value.startsWith('--')) {
      args[flag.slice(2)] = path.resolve(value);
      i += 1;
    } else if (flag === '--largest' && value !== undefined && /^\d+$/.test(value)) {
      args.largest = Number(value);
      i += 1;
    } else {
      throw new Error(`unknown or incomplete argument '${flag}' (usage: bundle-workflows [--workflows <entry>] [--out <file>] [--largest <n>])`);
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
  const { workflows, out, largest } = parseArgs(process.argv.slice(2));
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
  if (largest > 0) process.stdout.write(describeModules(code, largest));
}

/**
 * Code size per module of a bundle (webpack's development output marks each with a `/***\/ "path"` line; the inline
 * source map at the end is left out), the n largest and the total per package (or per folder of our own code).
 */
function describeModules(code, n) {
  const mapAt = code.lastIndexOf('//# sourceMappingURL=');
  const text = mapAt >= 0 ? code.slice(0, mapAt) : code;
  const marks = [...text.matchAll(/^\/\*\*\*\/ "([^"]+)"$/gm)].map((m) => ({ name: m[1], at: m.index }));
  const modules = marks.map((mark, i) => ({ name: mark.name, bytes: (marks[i + 1]?.at ?? text.length) - mark.at }));
  const groupOf = (name) => /node_modules\/((@[^/]+\/)?[^/]+)/.exec(name)?.[1] ?? path.dirname(name);
  const groups = new Map();
  for (const m of modules) groups.set(groupOf(m.name), (groups.get(groupOf(m.name)) ?? 0) + m.bytes);
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`.padStart(9);
  const lines = [`code ${kib(text.length).trim()} in ${modules.length} modules (inline source map ${(code.length - text.length) / 1024 | 0} KiB besides)`];
  lines.push('by package or folder:', ...[...groups].sort((a, b) => b[1] - a[1]).slice(0, n).map(([g, b]) => `  ${kib(b)}  ${g}`));
  lines.push('largest modules:', ...modules.sort((a, b) => b.bytes - a.bytes).slice(0, n).map((m) => `  ${kib(m.bytes)}  ${m.name}`));
  return `${lines.join('\n')}\n`;
}

main().catch((error) => {
  process.stderr.write(`bundle-workflows failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

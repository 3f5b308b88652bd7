#!/usr/bin/env node
// Measures how long the worker takes from process start to polling its task queue, three ways:
//   ts-node      `npm run start:dev`: TypeScript compiled on the fly, workflows bundled by webpack at start-up
//   compiled     `node dist/start.js` without a prebuilt bundle: webpack at start-up, no TypeScript
//   prebuilt     `node dist/start.js` (`npm start`, the container): the bundle from `npm run build`
// against one Temporal dev server and one emulator started here (so only the worker is timed), and prints a table
// with the median, min and max time to "Worker state changed RUNNING" and the peak resident memory (VmHWM, Linux).
//
//   npm run build && node scripts/measure-worker-startup.js [--runs 5]
//
// Numbers for a report, not a test: they depend on the machine. Needs the Temporal binary (npm run provision).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const TOKEN = 'measure-startup-token-0123456789';

function runsFromArgs(argv) {
  const i = argv.indexOf('--runs');
  const runs = i === -1 ? 5 : Number(argv[i + 1]);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) throw new Error('--runs takes an integer from 1 to 50');
  return runs;
}

/** dist/ without the bundle, beside a link to node_modules, so the compiled worker resolves its packages and bundles. */
function distWithoutBundle() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-startup-'));
  fs.cpSync(DIST, path.join(root, 'dist'), { recursive: true, filter: (source) => path.basename(source) !== 'workflow-bundle.js' });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return root;
}

function peakRssMiB(pid) {
  try {
    const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts one worker, resolves with its start-up time and peak memory once it polls, and stops it. */
function measureOnce(argv, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let result;
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (result === undefined && out.includes('"state":"RUNNING"')) {
        result = { ms: Number(process.hrtime.bigint() - started) / 1e6, rssMiB: peakRssMiB(child.pid) };
        child.kill('SIGTERM');
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`worker exited (${code}) before polling:\n${err || out}`));
    });
  });
}

function summary(samples) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const rss = samples.map((s) => s.rssMiB).filter((v) => v !== undefined);
  const median = ms[Math.floor(ms.length / 2)];
  return { median, min: ms[0], max: ms[ms.length - 1], rss: rss.length ? Math.max(...rss) : undefined };
}

async function main() {
  const runs = runsFromArgs(process.argv.slice(2));
  for (const file of ['start.js', 'workflow-bundle.js', 'temporal/dev-server.js', 'emulator/server.js']) {
    if (!fs.existsSync(path.join(DIST, file))) throw new Error(`dist/${file} is missing: run npm run build first`);
  }
  const { startDevServer } = require(path.join(DIST, 'temporal', 'dev-server.js'));
  const { startEmulator } = require(path.join(DIST, 'emulator', 'server.js'));
  const temporal = await startDevServer();
  const emulator = await startEmulator({ staticTokens: [TOKEN] });
  const noBundle = distWithoutBundle();
  const env = {
    PATH: process.env.PATH,
    HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'measure-startup-home-')),
    TEMPORAL_ADDRESS: temporal.address,
    EINSTEIN_BASE_URL: emulator.url,
    EINSTEIN_ACCESS_TOKEN: TOKEN,
    EINSTEIN_RETRAIN_METRICS_PORT: '0',
    TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
  };
  const variants = [
    ['ts-node, webpack at start', [require.resolve('ts-node/dist/bin'), '--transpile-only', path.join(ROOT, 'src', 'start.ts')]],
    ['compiled, webpack at start', [path.join(noBundle, 'dist', 'start.js')]],
    ['compiled, prebuilt bundle', [path.join(DIST, 'start.js')]],
  ];
  const rows = [];
  try {
    for (const [label, argv] of variants) {
      const samples = [];
      for (let i = 0; i < runs; i += 1) samples.push(await measureOnce(argv, env));
      rows.push([label, summary(samples)]);
    }
  } finally {
    fs.rmSync(noBundle, { recursive: true, force: true });
    await emulator.close();
    await temporal.stop();
  }
  const bundleBytes = fs.statSync(path.join(DIST, 'workflow-bundle.js')).size;
  process.stdout.write(`node ${process.version}, ${os.cpus().length} CPUs, ${runs} runs each; dist/workflow-bundle.js ${(bundleBytes / 1024).toFixed(0)} KiB\n`);
  process.stdout.write('variant                       median    min      max      peak RSS\n');
  for (const [label, s] of rows) {
    const cell = (ms) => `${(ms / 1000).toFixed(2)} s`.padEnd(9);
    process.stdout.write(`${label.padEnd(30)}${cell(s.median)}${cell(s.min)}${cell(s.max)}${s.rss === undefined ? '-' : `${s.rss} MiB`}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`measure-worker-startup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

// `npm run build` as the container image runs it: tsc with tsconfig.build.json, then scripts/bundle-workflows.js.
// The output is checked for what the worker needs (every workflow it registers, no Node built-in left for run time),
// then used for real: a worker created from the bundle runs a retrain on a dev server, and the compiled entry point
// (`node dist/start.js`, what `npm start` and the image run) waits for a Temporal that starts after it, loads the
// bundle beside it, runs a retrain and drains on SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { RetrainClient } from '../../../src/client';
import type { AppConfig } from '../../../src/config';
import type { Domain } from '../../../src/contract/ids';
import { startEmbeddedStack, type EmbeddedStack } from '../../../src/embedded-stack';
import { FIXTURE } from '../../../src/emulator/state/fixture';
import { startDevServer, type DevServer } from '../../../src/temporal/dev-server';
import { freePort } from '../../../src/temporal/free-port';
import { createRetrainWorker } from '../../../src/worker';
import * as workflows from '../../../src/workflows';
import type { RetrainResult } from '../../../src/workflows/retrain-model';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BUNDLE_SCRIPT = path.join(ROOT, 'scripts', 'bundle-workflows.js');

/** A build in a temporary folder (never the developer's dist/), with node_modules linked so its requires resolve. */
async function buildInto(work: string): Promise<{ dist: string; bundle: string; bundleLog: string }> {
  const dist = path.join(work, 'dist');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  await execFileAsync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist], { cwd: ROOT });
  const bundle = path.join(dist, 'workflow-bundle.js');
  const { stdout } = await execFileAsync(process.execPath, [BUNDLE_SCRIPT, '--workflows', path.join(dist, 'workflows', 'index.js'), '--out', bundle], { cwd: ROOT });
  return { dist, bundle, bundleLog: stdout };
}

/** The bundle's code without its inline source map (which quotes the original sources, imports included). */
function codeOf(bundle: string): string {
  const text = fs.readFileSync(bundle, 'utf8');
  const map = text.lastIndexOf('\n//# sourceMappingURL=');
  return map === -1 ? text : text.slice(0, map);
}

function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (pattern.test(output())) done();
    }, 50);
    const deadline = setTimeout(() => done(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const onExit = (code: number | null) => done(new Error(`process exited (${code}) before ${pattern}:\n${output()}`));
    child.once('exit', onExit);
    function done(error?: Error) {
      clearInterval(timer);
      clearTimeout(deadline);
      child.removeListener('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
  });
}

describe('npm run build: the workflow bundle', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-bundle-'));
  let build: Awaited<ReturnType<typeof buildInto>>;

  beforeAll(async () => {
    build = await buildInto(work);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('is written with its size and the time it took', () => {
    expect(fs.statSync(build.bundle).size).toBeGreaterThan(0);
    expect(build.bundleLog).toMatch(/^workflow bundle: .*workflow-bundle\.js \(\d+ KiB, \d+ ms\)\n$/);
  });

  it('holds every workflow the worker registers', () => {
    const code = codeOf(build.bundle);
    const names = Object.keys(workflows);
    expect(names.sort()).toEqual(['deliverReport', 'retrainCoordinator', 'retrainModel', 'scheduledRetrainTrigger']);
    for (const name of names) expect(code).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('holds no zod: the SDK instantiates every module of the bundle per cached workflow (test/unit/workflows/workflow-bundle.test.ts)', () => {
    const code = codeOf(build.bundle);
    expect(code).not.toContain('node_modules/zod/');
    expect(code).not.toContain('ZodError');
  });

  it('leaves no Node built-in module to be required at run time', () => {
    const required = [...codeOf(build.bundle).matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect(required.filter((name) => builtins.has(name))).toEqual([]);
  });

  it('refuses workflow code that imports a Node built-in (exit 1, naming the module)', async () => {
    const bad = path.join(work, 'bad-workflows');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'index.ts'), "import fs from 'node:fs';\nexport async function readsDisk(): Promise<boolean> {\n  return fs.existsSync('/');\n}\n");
    const run = await execFileAsync(process.execPath, [BUNDLE_SCRIPT, '--workflows', path.join(bad, 'index.ts'), '--out', path.join(bad, 'bundle.js')], { cwd: ROOT }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(run.code).toBe(1);
    // webpack names the module (for `node:` imports it reports the scheme it cannot read) and the script fails.
    expect(run.stderr).toContain('ERROR in node:fs');
    expect(run.stderr).toContain('bundle-workflows failed');
    expect(fs.existsSync(path.join(bad, 'bundle.js'))).toBe(false);
  });

  describe('on a real dev server', () => {
    let stack: EmbeddedStack;
    const extraServers: DevServer[] = [];
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      stack = await startEmbeddedStack({ timeScale: 300, seed: 11 });
    });
    afterAll(async () => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      for (const server of extraServers) await server.stop();
      await stack?.stop();
    });

    const einstein = (): NonNullable<AppConfig['einstein']> => ({
      baseUrl: stack.emulator!.url,
      auth: { mode: 'jwt', accountId: stack.account!.accountId, privateKey: { pem: stack.account!.privateKeyPem }, validForSeconds: 3600 },
    });

    it('a worker created from the bundle runs a retrain to SUCCEEDED', async () => {
      const taskQueue = `bundle-test-${process.pid}`;
      const config = {
        taskQueue,
        einstein: einstein(),
        maxApiCallsPerSecond: 1000,
        metricsPort: 0,
        metricsHost: '127.0.0.1',
        sinks: { log: true, prometheus: false },
        logLevel: 'warn',
      } as AppConfig & { einstein: NonNullable<AppConfig['einstein']> };
      const native = await NativeConnection.connect({ address: stack.temporal!.address });
      const connection = await Connection.connect({ address: stack.temporal!.address });
      const worker = await createRetrainWorker({ config, connection: native, logger: pino({ level: 'warn' }), workflows: { workflowBundle: { codePath: build.bundle } } });
      const running = worker.run();
      try {
        const model = FIXTURE.models.visionImage;
        const result = await retrainThroughCoordinator(new Client({ connection }), taskQueue, model);
        expect(result.report.outcome).toBe('SUCCEEDED');
      } finally {
        worker.shutdown();
        await running;
        await native.close();
        await connection.close();
      }
    });

    it('node dist/start.js waits for a Temporal that starts after it, runs from the bundle beside it, and drains on SIGTERM', async () => {
      const port = await freePort();
      const taskQueue = `compiled-start-${process.pid}`;
      const child = spawn(process.execPath, [path.join(build.dist, 'start.js'), '--wait-for-temporal', '60'], {
        cwd: work,
        env: {
          PATH: process.env.PATH,
          HOME: work,
          TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
          EINSTEIN_BASE_URL: stack.emulator!.url,
          EINSTEIN_ACCOUNT_ID: stack.account!.accountId,
          EINSTEIN_PRIVATE_KEY: stack.account!.privateKeyPem,
          EINSTEIN_RETRAIN_TASK_QUEUE: taskQueue,
          EINSTEIN_RETRAIN_METRICS_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

      await waitForOutput(child, () => output, /"msg":"waiting for Temporal"/);
      const temporal = await startDevServer({ port });
      extraServers.push(temporal);
      await waitForOutput(child, () => output, /"state":"RUNNING"/);
      expect(output).toContain(`"workflows":"prebuilt bundle ${build.bundle}"`);

      const connection = await Connection.connect({ address: temporal.address });
      try {
        const model = FIXTURE.models.languageIntent;
        const result = await retrainThroughCoordinator(new Client({ connection }), taskQueue, model);
        expect(result.report.outcome).toBe('SUCCEEDED');
      } finally {
        await connection.close();
      }

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('"msg":"worker stopped"');
    });
  });
});

/** A retrain asked of the model's coordinator (the bundle must hold both), followed to its result. */
async function retrainThroughCoordinator(client: Client, taskQueue: string, model: { domain: Domain; modelId: string }): Promise<RetrainResult> {
  const ack = await new RetrainClient({ client, taskQueue }).requestRetrain({ domain: model.domain, modelId: model.modelId });
  expect(ack.disposition).toBe('started');
  return (await client.workflow.getHandle(ack.retrainWorkflowId!).result()) as RetrainResult;
}

/**
 * The live V8 heap each cached retrain holds in the worker, for one or more checkouts side by side in one run:
 *
 *   npm run bench:workflow-heap -- [--k 200] [--checkout <dir> ...]
 *
 * One Temporal dev server and emulator for the whole run. For each checkout (this repository when none is named; a
 * `git worktree` of another commit to compare), one after the other: a worker of that checkout in its own process
 * (heap-worker.ts: workflows in the main thread, --expose-gc), one retrain to the end (the bundle is loaded), the live
 * heap with no workflow cached (K=0), then K retrains of K fresh models whose trainings run for hours, so that every
 * run sits cached in its poll; once all K have submitted and the cache holds them, the live heap again. Per cached
 * workflow = (heap at K − heap at 0) / K. Prints one line per checkout and a JSON summary.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFixtureModels, mapLimit, startBenchStack, type FixtureModel } from '../stack/bench-stack';
import { productWorkload } from '../stack/workloads';
import type { HeapWorkerMessage } from './heap-worker';

interface Options {
  k: number;
  checkouts: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = { k: 200, checkouts: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--k' && value && /^\d+$/.test(value) && Number(value) >= 1) options.k = Number(value);
    else if (flag === '--checkout' && value) options.checkouts.push(path.resolve(value));
    else throw new Error(`unknown or incomplete argument '${flag}' (usage: --k <count ≥ 1> --checkout <dir> ...)`);
  }
  if (options.checkouts.length === 0) options.checkouts.push(path.resolve(__dirname, '..', '..'));
  return options;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const kib = (bytes: number) => (bytes / 1024).toFixed(0);

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

class HeapWorker {
  private readonly waiting: Array<(message: HeapWorkerMessage) => void> = [];
  constructor(readonly child: ChildProcess) {
    child.on('message', (message: HeapWorkerMessage) => this.waiting.shift()?.(message));
  }
  static async start(checkout: string, env: Record<string, string>): Promise<HeapWorker> {
    const child = fork(path.join(__dirname, 'heap-worker.ts'), [], {
      cwd: checkout,
      execArgv: ['--expose-gc', '-r', 'ts-node/register/transpile-only'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', BENCH_CHECKOUT: checkout, ...env },
    });
    const worker = new HeapWorker(child);
    const first = await worker.next(180_000);
    if (first.type !== 'ready') throw new Error(`heap worker of ${checkout} did not start: ${first.type === 'failed' ? first.message : first.type}`);
    return worker;
  }
  next(timeoutMs = 120_000): Promise<HeapWorkerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('heap worker did not answer')), timeoutMs);
      this.waiting.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }
  async measure(): Promise<Extract<HeapWorkerMessage, { type: 'heap' }>> {
    const answer = this.next();
    this.child.send({ type: 'measure' });
    const message = await answer;
    if (message.type !== 'heap') throw new Error(`heap worker answered ${message.type}`);
    return message;
  }
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const perCheckout = options.k + 1;
  const stack = await startBenchStack({ seed: 13, timeScale: 1, queueCapacity: perCheckout * options.checkouts.length + 16 });
  const results: Array<Record<string, unknown>> = [];
  try {
    const specs = Array.from({ length: perCheckout * options.checkouts.length }, () => ({ domain: 'vision' as const, type: 'image' as const, examplesPerLabel: 50 }));
    const models = await createFixtureModels(stack, specs);
    for (const [index, checkout] of options.checkouts.entries()) {
      const mine = models.slice(index * perCheckout, (index + 1) * perCheckout);
      results.push(await measureCheckout(stack, checkout, mine, index));
    }
  } finally {
    await stack.stop();
  }
  for (const r of results) {
    process.stdout.write(
      `${r.checkout}: K=${r.k} heap at K=0 ${mib(r.heapAt0 as number)} MiB, at K ${mib(r.heapAtK as number)} MiB ` +
        `(cached ${r.cachedWorkflows}, contexts ${r.nativeContexts}) → ${kib(r.perWorkflowBytes as number)} KiB per cached workflow\n`,
    );
  }
  process.stdout.write(`${JSON.stringify({ bench: 'workflow-heap', at: new Date().toISOString(), loadavg: os.loadavg(), results }, null, 2)}\n`);
}

async function measureCheckout(stack: Awaited<ReturnType<typeof startBenchStack>>, checkout: string, models: FixtureModel[], index: number) {
  const taskQueue = `workflow-heap-${process.pid}-${index}`;
  const historyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-heap-history-'));
  const worker = await HeapWorker.start(checkout, {
    BENCH_TEMPORAL_ADDRESS: stack.temporalAddress,
    EINSTEIN_RETRAIN_TASK_QUEUE: taskQueue,
    EINSTEIN_BASE_URL: stack.einsteinBaseUrl,
    EINSTEIN_ACCESS_TOKEN: stack.accessToken,
    EINSTEIN_RETRAIN_METRICS_PORT: '0',
    EINSTEIN_RETRAIN_HISTORY_DIR: historyDir,
    EINSTEIN_RETRAIN_MAX_CACHED_WORKFLOWS: String(models.length + 100),
    LOG_LEVEL: 'warn',
  });
  const started: string[] = [];
  try {
    // One retrain to its end first: the bundle is loaded and the worker warm, and nothing stays cached.
    const [warm, ...held] = models as [FixtureModel, ...FixtureModel[]];
    await stack.control.planNextTraining(warm.modelId, { durationSeconds: 0.5, queueSeconds: 0 });
    const warmId = `heap-warm-${taskQueue}`;
    await productWorkload.start(stack.client, taskQueue, warm, warmId);
    await stack.client.workflow.getHandle(warmId).result();
    await eventually('an empty cache after the warm-up', async () => ((await worker.measure()).cachedWorkflows === 0 ? true : undefined), 60_000);
    const at0 = await worker.measure();

    await mapLimit(held, 16, (model) => stack.control.planNextTraining(model.modelId, { durationSeconds: 36_000, queueSeconds: 0 }));
    await mapLimit(held, 16, async (model, i) => {
      const id = `heap-${taskQueue}-${i}`;
      await productWorkload.start(stack.client, taskQueue, model, id);
      started.push(id);
    });
    const heldIds = new Set(held.map((m) => m.modelId));
    await eventually(`${held.length} submissions`, async () => {
      const { byModel } = await stack.control.submissions();
      return Object.keys(byModel).filter((id) => heldIds.has(id)).length === held.length ? true : undefined;
    }, 600_000);
    // Every run is in its poll once the cache holds them all and the heap stops moving between two looks.
    await eventually('every run cached', async () => ((await worker.measure()).cachedWorkflows >= held.length ? true : undefined), 120_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const atK = await worker.measure();
    return {
      checkout,
      k: held.length,
      heapAt0: at0.heapUsed,
      heapAtK: atK.heapUsed,
      cachedWorkflows: atK.cachedWorkflows,
      nativeContexts: atK.nativeContexts,
      perWorkflowBytes: Math.round((atK.heapUsed - at0.heapUsed) / held.length),
    };
  } finally {
    await mapLimit(started, 16, (id) => stack.client.workflow.getHandle(id).terminate('workflow-heap bench done').catch(() => undefined));
    await worker.stop();
    fs.rmSync(historyDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow-heap bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

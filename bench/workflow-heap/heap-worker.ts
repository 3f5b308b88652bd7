/**
 * The worker of the workflow-heap bench (main.ts), alone in its process: the product worker of the checkout named by
 * BENCH_CHECKOUT (this repository, or another commit's worktree for a side-by-side comparison), with its workflows
 * in the main thread (the SDK's debugMode) so that this process's V8 heap holds them. Run with --expose-gc: on
 * `{type: 'measure'}` it collects garbage until the heap stops shrinking and answers with the live heap.
 */
import path from 'node:path';
import v8 from 'node:v8';
import pino from 'pino';

export type HeapWorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'heap'; heapUsed: number; nativeContexts: number; cachedWorkflows: number };

const gc = (globalThis as { gc?: () => void }).gc;

async function liveHeap(): Promise<number> {
  if (!gc) throw new Error('run with --expose-gc');
  let last = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    const used = process.memoryUsage().heapUsed;
    if (used > last * 0.999) return Math.min(used, last);
    last = used;
  }
  return last;
}

async function main(): Promise<void> {
  const checkout = path.resolve(process.env.BENCH_CHECKOUT ?? path.join(__dirname, '..', '..'));
  // The checkout's own modules: its config, worker and workflows (bundled from its sources at start).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { loadConfig } = require(path.join(checkout, 'src', 'config')) as typeof import('../../src/config');
  const { installRuntime, runWorkerProcess } = require(path.join(checkout, 'src', 'worker')) as typeof import('../../src/worker');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const config = loadConfig(process.env);
  if (!config.einstein) throw new Error('EINSTEIN_BASE_URL must point the bench worker at the emulator');
  const logger = pino({ level: 'warn' }, pino.destination({ dest: process.env.BENCH_WORKER_LOG_FILE ?? '/dev/null', sync: false }));
  await installRuntime(logger, false);
  const running = await runWorkerProcess({
    config: { ...config, einstein: config.einstein },
    connection: { address: process.env.BENCH_TEMPORAL_ADDRESS ?? '' },
    logger,
    workerOptions: { debugMode: true },
  });
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'measure') {
      void liveHeap().then((heapUsed) =>
        process.send?.({
          type: 'heap',
          heapUsed,
          nativeContexts: v8.getHeapStatistics().number_of_native_contexts,
          cachedWorkflows: running.worker.worker.getStatus().numCachedWorkflows,
        } satisfies HeapWorkerMessage),
      );
    } else if (message?.type === 'stop') {
      running.worker.shutdown();
    }
  });
  process.on('disconnect', () => running.worker.shutdown());
  process.send?.({ type: 'ready' } satisfies HeapWorkerMessage);
  await running.running.finally(() => running.stop());
  process.exit(0);
}

main().catch((error: unknown) => {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies HeapWorkerMessage);
  process.exit(1);
});

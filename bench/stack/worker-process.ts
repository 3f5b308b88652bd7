/**
 * Entry point of the worker child process the scale and overhead benches fork: one worker, alone in its process, so
 * /proc/<pid> shows its memory and CPU and nothing else. Configured by environment (the product's own loadConfig for
 * the product worker), it says `{type: 'ready'}` over IPC once polling, and shuts down cleanly on `{type: 'stop'}`.
 */
import { NativeConnection } from '@temporalio/worker';
import fs from 'node:fs';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import pino from 'pino';
import { z } from 'zod';
import { loadConfig } from '../../src/config';
import { createEinsteinClient } from '../../src/einstein-from-config';
import { installRuntime, runWorkerProcess } from '../../src/worker';
import { createBaselineWorker } from '../baseline/worker';
import { createNoopWorker } from '../ceiling/worker';

export const WorkerProcessEnv = z.object({
  BENCH_WORKER_KIND: z.enum(['product', 'baseline', 'noop'], { error: 'BENCH_WORKER_KIND: expected product, baseline or noop' }),
  BENCH_TEMPORAL_ADDRESS: z.string().min(1, { error: 'BENCH_TEMPORAL_ADDRESS: expected host:port' }),
  /** Worker and SDK logs go here (the report log sink included). */
  BENCH_WORKER_LOG_FILE: z.string().min(1, { error: 'BENCH_WORKER_LOG_FILE: expected a file path' }),
  /** Install the SDK's Prometheus exporter as `npm start` does (the bench turns it off unless asked, to measure it). */
  BENCH_SDK_METRICS: z.enum(['true', 'false'], { error: 'BENCH_SDK_METRICS: expected true or false' }).default('false'),
  /** Workflows in the main thread (the SDK's debugMode), where this process's own memory figures see their heap. */
  BENCH_WORKFLOWS_IN_MAIN_THREAD: z.enum(['true', 'false'], { error: 'BENCH_WORKFLOWS_IN_MAIN_THREAD: expected true or false' }).default('false'),
  /** Interval of the memory samples sent to the parent, ms. */
  BENCH_MEMORY_SAMPLE_MS: z.coerce.number({ error: 'BENCH_MEMORY_SAMPLE_MS: expected a number of ms' }).int().min(100).max(60_000).default(1_000),
});

/**
 * What the process itself knows about its memory and that /proc cannot split: the main isolate's V8 heap, memory
 * held for JS objects outside it (Buffers, ArrayBuffers), and how many workflows the SDK keeps cached.
 */
export interface MemorySample {
  atMs: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /**
   * Heap used just after the main isolate's latest full (mark-compact) collection: its live objects then, where
   * heapUsed also counts the garbage not yet collected. With the workflows in the main thread, theirs included.
   */
  heapLiveAfterGc?: number;
  /** Memory V8 itself allocated with malloc (its own tables, not objects): v8.getHeapStatistics().malloced_memory. */
  v8Malloced?: number;
  /** V8 contexts alive in the main isolate; with the workflows in the main thread, one per cached workflow and a few. */
  nativeContexts?: number;
  /** Resident anonymous memory (heaps, malloc, stacks) and resident file-backed pages (code of node and the SDK's native library), /proc/self/status. */
  rssAnon?: number;
  rssFile?: number;
  cachedWorkflows?: number;
}

export type WorkerMessage = { type: 'ready' } | { type: 'failed'; message: string } | { type: 'stopped' } | { type: 'memory'; sample: MemorySample };

interface Running {
  shutdown(): void;
  done: Promise<void>;
  /** Workflows in the SDK's cache now. */
  cachedWorkflows(): number | undefined;
}

async function start(): Promise<Running> {
  const env = WorkerProcessEnv.parse(process.env);
  const config = loadConfig(process.env);
  if (!config.einstein) throw new Error('EINSTEIN_BASE_URL must point the bench worker at the emulator');
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: env.BENCH_WORKER_LOG_FILE, sync: false }));
  await installRuntime(logger, env.BENCH_SDK_METRICS === 'true');
  if (env.BENCH_WORKER_KIND === 'product') {
    const worker = await runWorkerProcess({
      config: { ...config, einstein: config.einstein },
      connection: { address: env.BENCH_TEMPORAL_ADDRESS },
      logger,
      ...(env.BENCH_WORKFLOWS_IN_MAIN_THREAD === 'true' ? { workerOptions: { debugMode: true } } : {}),
    });
    return {
      shutdown: () => worker.worker.shutdown(),
      done: worker.running.finally(() => worker.stop()),
      cachedWorkflows: () => worker.worker.worker.getStatus().numCachedWorkflows,
    };
  }
  // The baseline and the no-op ceiling are what the benches measure against: bare workers with their own start-up,
  // sized like the product's (the same cache and slot settings).
  const connection = await NativeConnection.connect({ address: env.BENCH_TEMPORAL_ADDRESS });
  const einstein = createEinsteinClient(config.einstein);
  const options = { connection, taskQueue: config.taskQueue, einstein, sizing: config.workerSizing };
  const worker = env.BENCH_WORKER_KIND === 'noop' ? await createNoopWorker(options) : await createBaselineWorker(options);
  const done = worker.run().finally(async () => {
    await einstein.close();
    await connection.close();
  });
  return { shutdown: () => worker.shutdown(), done, cachedWorkflows: () => worker.getStatus().numCachedWorkflows };
}

let heapLiveAfterGc: number | undefined;

/** Notes the heap used after each full collection of the main isolate (PerformanceObserver runs just after it). */
function watchFullCollections(): void {
  const observer = new PerformanceObserver((list) => {
    const full = list.getEntries().some((entry) => ((entry as { detail?: { kind?: number } }).detail)?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR);
    if (full) heapLiveAfterGc = v8.getHeapStatistics().used_heap_size;
  });
  observer.observe({ entryTypes: ['gc'] });
}

function sampleMemory(running: Running | undefined): MemorySample {
  const m = process.memoryUsage();
  const v = v8.getHeapStatistics();
  const cached = running?.cachedWorkflows();
  return {
    atMs: Date.now(),
    rss: m.rss,
    heapTotal: m.heapTotal,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    ...(heapLiveAfterGc !== undefined ? { heapLiveAfterGc } : {}),
    v8Malloced: v.malloced_memory,
    nativeContexts: v.number_of_native_contexts,
    ...residentSplit(),
    ...(cached !== undefined ? { cachedWorkflows: cached } : {}),
  };
}

/** RssAnon and RssFile of this process in bytes (Linux); nothing elsewhere. */
function residentSplit(): { rssAnon?: number; rssFile?: number } {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    const anon = kb('RssAnon');
    const file = kb('RssFile');
    return Number.isFinite(anon) && Number.isFinite(file) ? { rssAnon: anon, rssFile: file } : {};
  } catch {
    return {};
  }
}

/** Sends to the parent when it still listens; resolves once the message is out (or cannot go). */
function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    try {
      process.send(message, undefined, {}, () => resolve());
    } catch {
      resolve();
    }
  });
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function main(): Promise<void> {
  let running: Running;
  try {
    running = await start();
  } catch (error) {
    await send({ type: 'failed', message: describe(error) });
    process.exit(1);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.shutdown();
  };
  process.on('message', (message: { type?: string }) => {
    if (message?.type === 'stop') stop();
  });
  // The parent going away must not leave a worker behind.
  process.on('disconnect', stop);
  watchFullCollections();
  const sampleMs = WorkerProcessEnv.shape.BENCH_MEMORY_SAMPLE_MS.parse(process.env.BENCH_MEMORY_SAMPLE_MS);
  const sampler = setInterval(() => void send({ type: 'memory', sample: sampleMemory(running) }), sampleMs);
  sampler.unref();
  await send({ type: 'memory', sample: sampleMemory(running) });
  await send({ type: 'ready' });
  try {
    await running.done;
    clearInterval(sampler);
    await send({ type: 'stopped' });
    process.exit(0);
  } catch (error) {
    clearInterval(sampler);
    await send({ type: 'failed', message: describe(error) });
    process.exit(1);
  }
}

void main();
